/// The bytes of one fuzz input, read front to back: structured targets take a few choice bytes
/// first and hand the rest to the parser as text, so libFuzzer's mutations reach both.
package struct FuzzInput {
    /// Inputs larger than this are skipped: every parser under test caps its own input far lower
    /// or is cheap per byte, and big inputs only slow the search.
    package static let maximumSize = 16 * 1024

    private let bytes: [UInt8]
    private var position = 0

    /// Copies the input libFuzzer passes; nil when it is over ``maximumSize``.
    package init?(_ start: UnsafeRawPointer?, _ count: Int) {
        guard count <= Self.maximumSize else { return nil }
        guard let start, count > 0 else {
            bytes = []
            return
        }
        bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    }

    /// Creates an input over `bytes` (for reproducing a finding by hand).
    package init(bytes: [UInt8]) { self.bytes = bytes }

    /// Whether every byte has been read.
    package var isAtEnd: Bool { position >= bytes.count }

    /// The next byte, or 0 past the end (so short inputs still choose something).
    package mutating func byte() -> UInt8 {
        guard position < bytes.count else { return 0 }
        defer { position += 1 }
        return bytes[position]
    }

    /// One of `choices`, picked by the next byte.
    package mutating func pick<Element>(_ choices: [Element]) -> Element {
        choices[Int(byte()) % choices.count]
    }

    /// Bytes up to the next 0 byte (consumed, not returned) or the end, decoded as UTF-8 with
    /// invalid sequences repaired: the parsers under test take `String`.
    package mutating func field() -> String {
        var end = position
        while end < bytes.count, bytes[end] != 0 { end += 1 }
        let text = String(decoding: bytes[position..<end], as: UTF8.self)
        position = min(end + 1, bytes.count)
        return text
    }

    /// Everything not yet read, as raw bytes.
    package mutating func remainingBytes() -> [UInt8] {
        defer { position = bytes.count }
        return Array(bytes[min(position, bytes.count)...])
    }

    /// Everything not yet read, as UTF-8 text with invalid sequences repaired.
    package mutating func remainingText() -> String {
        String(decoding: remainingBytes(), as: UTF8.self)
    }
}
