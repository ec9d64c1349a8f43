/// A JSON value as written in a policy document, kept faithful enough to print it back canonically.
///
/// Objects keep their members in document order (duplicates included) so the validator can name a
/// duplicated element; numbers keep their literal text so canonical JSON never rounds them.
/// The Runner converts its parse into its own dictionary model.
package enum JSONValue: Hashable, Sendable {
    /// `{…}`: members in the order they were written.
    case object([(key: String, value: JSONValue)])
    /// `[…]`.
    case array([JSONValue])
    /// A string, unescaped.
    case string(String)
    /// A number, as its literal text (`10`, `1.5e3`).
    case number(String)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null

    package static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        lhs.canonicalText == rhs.canonicalText
    }

    package func hash(into hasher: inout Hasher) { hasher.combine(canonicalText) }

    /// The JSON type name used in error messages ("a string", "an object", …).
    var typeDescription: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }

    /// Compact JSON with object keys sorted by their UTF-8 bytes and arrays left in order, so two
    /// documents that differ only in layout or key order print identically.
    var canonicalText: String {
        var output = ""
        writeCanonical(to: &output)
        return output
    }

    private func writeCanonical(to output: inout String) {
        switch self {
        case .object(let members):
            output += "{"
            let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (offset, member) in sorted.enumerated() {
                if offset > 0 { output += "," }
                Self.writeString(member.key, to: &output)
                output += ":"
                member.value.writeCanonical(to: &output)
            }
            output += "}"
        case .array(let elements):
            output += "["
            for (offset, element) in elements.enumerated() {
                if offset > 0 { output += "," }
                element.writeCanonical(to: &output)
            }
            output += "]"
        case .string(let text): Self.writeString(text, to: &output)
        case .number(let literal): output += literal
        case .bool(let flag): output += flag ? "true" : "false"
        case .null: output += "null"
        }
    }

    /// Escapes only what JSON requires: quote, backslash and control characters.
    private static func writeString(_ text: String, to output: inout String) {
        output += "\""
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            output += text
            output += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
