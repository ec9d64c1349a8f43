import CloudModel

/// Alibaba's XML answers, written from the JSON the same types encode to, so both formats always
/// carry the same fields.
///
/// Mapping (the gateway's): an object member becomes an element named after its key; an array
/// member repeats its element once per item (`{"Keys":{"Key":[a,b]}}` → `<Keys><Key>a</Key>
/// <Key>b</Key></Keys>`); `null` members are left out; numbers and booleans are their JSON text.
package enum XMLBody {
    /// The XML declaration every answer starts with.
    package static let declaration = #"<?xml version="1.0" encoding="UTF-8"?>"#

    /// The document `<root>…</root>` holding the members of `value` (an object; anything else
    /// becomes the root's text).
    package static func document(root: String, value: JSONValue) -> String {
        var output = declaration
        write(element: root, value: value, to: &output)
        return output
    }

    /// Writes `value` under the element `name`, repeating the element for array items.
    private static func write(element name: String, value: JSONValue, to output: inout String) {
        let tag = elementName(name)
        switch value {
        case .null:
            return
        case .array(let items):
            for item in items { write(element: name, value: item, to: &output) }
        case .object(let members):
            output += "<\(tag)>"
            for member in members { write(element: member.key, value: member.value, to: &output) }
            output += "</\(tag)>"
        case .string(let text):
            output += "<\(tag)>\(escaped(text))</\(tag)>"
        case .number(let literal):
            output += "<\(tag)>\(literal)</\(tag)>"
        case .bool(let flag):
            output += "<\(tag)>\(flag)</\(tag)>"
        }
    }

    /// `name` as an XML element name: characters XML names cannot hold become `_` (JSON keys from
    /// user maps can be anything; wire field names are always valid and pass unchanged).
    static func elementName(_ name: String) -> String {
        var result = ""
        for (index, scalar) in name.unicodeScalars.enumerated() {
            let isLetter = scalar.properties.isAlphabetic || scalar == "_"
            let isNameCharacter = isLetter || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "."
            result.unicodeScalars.append(index == 0 ? (isLetter ? scalar : "_") : (isNameCharacter ? scalar : "_"))
        }
        return result.isEmpty ? "_" : result
    }

    /// Text content with `&`, `<`, `>` escaped, CR kept as `&#13;` (parsers would fold a raw one
    /// into LF), and characters XML 1.0 cannot carry at all replaced by U+FFFD.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\r": result += "&#13;"
            case "\t", "\n": result.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                result += "\u{FFFD}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
