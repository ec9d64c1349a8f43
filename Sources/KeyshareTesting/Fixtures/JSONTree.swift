/// A JSON value with ordered members, rendered by hand so the same document can be written as
/// compact JSON (API parameters) and as a YAML flow mapping (world files) with identical content.
package indirect enum JSONTree: Hashable, Sendable {
    /// A string value.
    case string(String)
    /// An array.
    case array([JSONTree])
    /// An object whose members keep the order they were given in.
    case object([Member])

    /// One `name: value` member of an object.
    package struct Member: Hashable, Sendable {
        /// The member name.
        package var name: String
        /// The member value.
        package var value: JSONTree

        /// Creates a member.
        package init(_ name: String, _ value: JSONTree) {
            self.name = name
            self.value = value
        }
    }

    /// Compact JSON (no whitespace): exactly what a caller would send, so its byte count is the
    /// size the size limits apply to.
    package var json: String { render(separator: ":", comma: ",") }

    /// The same value as a YAML flow collection (`{"a": "b"}`), which every YAML 1.1 parser reads.
    package var yamlFlow: String { render(separator: ": ", comma: ", ") }

    private func render(separator: String, comma: String) -> String {
        switch self {
        case .string(let text):
            return JSONTree.quote(text)
        case .array(let items):
            return "[" + items.map { $0.render(separator: separator, comma: comma) }.joined(separator: comma) + "]"
        case .object(let members):
            return "{"
                + members.map {
                    JSONTree.quote($0.name) + separator + $0.value.render(separator: separator, comma: comma)
                }.joined(separator: comma) + "}"
        }
    }

    /// A JSON string literal, which is also a valid YAML double-quoted scalar.
    package static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 {
                    out +=
                        "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                        + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
