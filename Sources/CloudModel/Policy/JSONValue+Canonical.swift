extension JSONValue {
    /// Compact JSON with object keys sorted (`String`'s order; members with equal keys keep their
    /// order) and arrays left in order, so two documents that differ only in layout or key order
    /// print identically. Number literals are printed as written; control characters other than
    /// `\n`, `\r` and `\t` as `\u00XX`. Key policies keyshare writes are this text byte for byte.
    package var canonicalText: String {
        var output = ""
        writeCanonical(to: &output)
        return output
    }

    private func writeCanonical(to output: inout String) {
        switch self {
        case .object(let members):
            output += "{"
            // A stable sort, so duplicated keys print in document order and the text is reproducible.
            let sorted = members.enumerated().sorted { left, right in
                left.element.key < right.element.key || (left.element.key == right.element.key && left.offset < right.offset)
            }
            for (index, member) in sorted.enumerated() {
                if index > 0 { output += "," }
                Self.writeString(member.element.key, to: &output)
                output += ":"
                member.element.value.writeCanonical(to: &output)
            }
            output += "}"
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                element.writeCanonical(to: &output)
            }
            output += "]"
        case .string(let text): Self.writeString(text, to: &output)
        case .number(let literal): output += literal
        case .bool(let flag): output += flag ? "true" : "false"
        case .null: output += "null"
        }
    }

    /// Whether `text` holds a quote, a backslash or a control character. Scans the contiguous UTF-8
    /// buffer of a native string rather than the UTF-8 view index by index: a key policy of ~500
    /// principals is written back once per batch.
    private static func needsEscaping(_ text: String) -> Bool {
        let scan = { (byte: UInt8) in byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") }
        return text.utf8.withContiguousStorageIfAvailable { $0.contains(where: scan) } ?? text.utf8.contains(where: scan)
    }

    /// Escapes only what JSON requires: quote, backslash and control characters.
    private static func writeString(_ text: String, to output: inout String) {
        output += "\""
        // Nearly every string (ARNs, actions, names) needs no escaping: append it whole.
        if !needsEscaping(text) {
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
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
