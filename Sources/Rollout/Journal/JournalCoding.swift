import Foundation

/// The JSON text the journal stores lists and maps as (keys sorted, so equal values store equal text).
/// Lists of words and maps of words, which every step and mutation carries, are written by hand:
/// a journaled run writes tens of thousands of them, and the generic encoder costs more than the insert.
enum JournalCoding {
    /// `value` as JSON text.
    static func text<T: Encodable>(_ value: T) throws -> String {
        try encodedText(value)
    }

    /// A list of words as JSON text.
    static func text(_ words: [String]) throws -> String {
        var text = "["
        for (index, word) in words.enumerated() {
            if index > 0 { text += "," }
            appendQuoted(word, to: &text)
        }
        return text + "]"
    }

    /// A map of words as JSON text, keys in ascending order.
    static func text(_ map: [String: String]) throws -> String {
        var text = "{"
        // Room for the quotes, colons and commas too: one allocation for the common, unescaped case.
        text.reserveCapacity(map.reduce(2) { $0 + $1.key.utf8.count + $1.value.utf8.count + 6 })
        for (index, key) in map.keys.sorted().enumerated() {
            if index > 0 { text += "," }
            appendQuoted(key, to: &text)
            text += ":"
            appendQuoted(map[key] ?? "", to: &text)
        }
        return text + "}"
    }

    private static func encodedText(_ value: any Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Appends `word` as a JSON string: quotes, backslashes and control characters escaped (RFC 8259).
    private static func appendQuoted(_ word: String, to text: inout String) {
        text += "\""
        var plain = true
        for unit in word.utf8 where unit < 0x20 || unit == 0x22 || unit == 0x5C {
            plain = false
            break
        }
        guard !plain else {
            text += word
            text += "\""
            return
        }
        for scalar in word.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\u{08}": text += "\\b"
            case "\u{0C}": text += "\\f"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }

    /// `text` decoded as `T`, or `fallback` when the column is missing or damaged.
    static func value<T: Decodable>(_ text: String?, as type: T.Type, fallback: T) -> T {
        guard let text, let value = try? JSONDecoder().decode(T.self, from: Data(text.utf8)) else { return fallback }
        return value
    }
}
