/// Reads the text fields of a small XML document such as Alibaba's `<Error>` answer, without a
/// general XML stack: enough for a client to decode an XML error as losslessly as a JSON one.
///
/// Elements directly under the root that hold only text become fields (entities and character
/// references decoded, the first occurrence wins); elements with children are skipped whole.
/// Anything that is not well-formed gives nil, never a partial answer.
package struct XMLFieldReader {
    private let bytes: [UInt8]
    private var position = 0

    /// The text fields under `root` in `body`, or nil when `body` is not such a document.
    package static func fields(root: String, in body: some Collection<UInt8>) -> [String: String]? {
        var reader = XMLFieldReader(bytes: Array(body))
        return reader.document(root: root)
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private mutating func document(root: String) -> [String: String]? {
        skipMisc()
        guard let (name, selfClosing) = openTag(), name == root else { return nil }
        var fields: [String: String] = [:]
        if !selfClosing {
            while true {
                skipMisc()
                if consume("</") {
                    guard readName() == root else { return nil }
                    skipSpaces()
                    guard consume(">") else { return nil }
                    break
                }
                guard let (field, empty) = openTag() else { return nil }
                if empty {
                    if fields[field] == nil { fields[field] = "" }
                    continue
                }
                guard let content = elementContent(name: field, depth: 1) else { return nil }
                if let text = content, fields[field] == nil { fields[field] = text }
            }
        }
        skipMisc()
        return position == bytes.count ? fields : nil
    }

    /// Deepest nesting read: an answer is a flat document, and a hostile endpoint must not be able
    /// to exhaust the stack with nested elements.
    private static let maxDepth = 32

    /// The text of the element `name` whose open tag was just read, up to and including its close
    /// tag: `.some(nil)` when it has child elements, nil when malformed or nested too deep.
    private mutating func elementContent(name: String, depth: Int) -> String?? {
        guard depth <= Self.maxDepth else { return nil }
        var text: [UInt8] = []
        var hasChildren = false
        while position < bytes.count {
            if consume("<!--") {
                guard skip(past: "-->") else { return nil }
            } else if consume("<![CDATA[") {
                let start = position
                guard skip(past: "]]>") else { return nil }
                text += bytes[start..<(position - 3)]
            } else if consume("</") {
                guard readName() == name else { return nil }
                skipSpaces()
                guard consume(">") else { return nil }
                guard !hasChildren else { return .some(nil) }
                guard let decoded = Self.decodeEntities(text) else { return nil }
                return .some(decoded)
            } else if peek("<") {
                guard let (child, empty) = openTag() else { return nil }
                hasChildren = true
                if !empty { guard elementContent(name: child, depth: depth + 1) != nil else { return nil } }
            } else {
                text.append(bytes[position])
                position += 1
            }
        }
        return nil
    }

    /// Reads `<name attr="…">` or `<name/>`; attributes are skipped.
    private mutating func openTag() -> (String, Bool)? {
        guard consume("<"), let name = readName() else { return nil }
        var quote: UInt8?
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return (name, position >= 2 && bytes[position - 2] == UInt8(ascii: "/"))
            }
        }
        return nil
    }

    private mutating func readName() -> String? {
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            let isDelimiter =
                byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: " ")
                || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
                || byte == UInt8(ascii: "<") || byte == UInt8(ascii: "=")
            if isDelimiter { break }
            position += 1
        }
        guard position > start else { return nil }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// Skips whitespace, the XML declaration, processing instructions, comments and a doctype.
    private mutating func skipMisc() {
        while true {
            skipSpaces()
            if consume("<?") {
                guard skip(past: "?>") else { return }
            } else if consume("<!--") {
                guard skip(past: "-->") else { return }
            } else if consume("<!") {
                guard skip(past: ">") else { return }
            } else {
                return
            }
        }
    }

    private mutating func skipSpaces() {
        while position < bytes.count,
            [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r")].contains(bytes[position])
        {
            position += 1
        }
    }

    private func peek(_ literal: String) -> Bool {
        let utf8 = Array(literal.utf8)
        return bytes.count - position >= utf8.count && Array(bytes[position..<(position + utf8.count)]) == utf8
    }

    private mutating func consume(_ literal: String) -> Bool {
        guard peek(literal) else { return false }
        position += literal.utf8.count
        return true
    }

    private mutating func skip(past literal: String) -> Bool {
        while position < bytes.count {
            if consume(literal) { return true }
            position += 1
        }
        return false
    }

    /// Text with `&amp;`-style entities and `&#N;`/`&#xH;` references decoded; nil for an
    /// unknown entity, an invalid reference or bytes that are not UTF-8.
    static func decodeEntities(_ raw: [UInt8]) -> String? {
        guard let text = String(validating: raw, as: UTF8.self) else { return nil }
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            guard let semicolon = rest[ampersand...].firstIndex(of: ";") else { return nil }
            let entity = rest[rest.index(after: ampersand)..<semicolon]
            switch entity {
            case "amp": result += "&"
            case "lt": result += "<"
            case "gt": result += ">"
            case "quot": result += "\""
            case "apos": result += "'"
            default:
                guard entity.hasPrefix("#") else { return nil }
                let digits = entity.dropFirst()
                let value =
                    digits.hasPrefix("x") || digits.hasPrefix("X")
                    ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
                guard let value, let scalar = Unicode.Scalar(value) else { return nil }
                result.unicodeScalars.append(scalar)
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return result + rest
    }
}
