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
        var bytes: [UInt8] = []
        bytes.reserveCapacity(words.reduce(2) { $0 + $1.utf8.count + 3 })
        bytes.append(UInt8(ascii: "["))
        for (index, word) in words.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            appendQuoted(word, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A map of words as JSON text, keys in ascending order.
    static func text(_ map: [String: String]) throws -> String {
        var bytes: [UInt8] = []
        // Room for the quotes, colons and commas too: one allocation for the common, unescaped case.
        bytes.reserveCapacity(map.reduce(2) { $0 + $1.key.utf8.count + $1.value.utf8.count + 6 })
        bytes.append(UInt8(ascii: "{"))
        for (index, entry) in map.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            appendQuoted(entry.key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            appendQuoted(entry.value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func encodedText(_ value: any Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Appends `word` as a JSON string: quotes, backslashes and control characters escaped (RFC 8259),
    /// everything else as its UTF-8 bytes. Bytes, not `String` appends: a journaled run writes tens of
    /// thousands of these, and appending to a `String` cost more than the scan.
    private static func appendQuoted(_ word: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var word = word
        word.withUTF8 { utf8 in
            guard utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else {
                bytes.append(contentsOf: utf8)
                return
            }
            for unit in utf8 {
                switch unit {
                case 0x22: bytes += [0x5C, 0x22]
                case 0x5C: bytes += [0x5C, 0x5C]
                case 0x0A: bytes += [0x5C, UInt8(ascii: "n")]
                case 0x0D: bytes += [0x5C, UInt8(ascii: "r")]
                case 0x09: bytes += [0x5C, UInt8(ascii: "t")]
                case 0x08: bytes += [0x5C, UInt8(ascii: "b")]
                case 0x0C: bytes += [0x5C, UInt8(ascii: "f")]
                case ..<0x20:
                    bytes += [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")]
                    bytes += [hexDigits[Int(unit >> 4)], hexDigits[Int(unit & 0x0F)]]
                default: bytes.append(unit)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// `text` decoded as `T`, or `fallback` when the column is missing or damaged.
    static func value<T: Decodable>(_ text: String?, as type: T.Type, fallback: T) -> T {
        guard let text, let value = try? JSONDecoder().decode(T.self, from: Data(text.utf8)) else { return fallback }
        return value
    }
}
