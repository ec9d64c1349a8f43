import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Makes identifiers and key material: SplitMix64 from a seed when deterministic (its state is
/// persisted, so a restarted simulator continues the sequence), the system generator otherwise.
struct IDGenerator: Codable, Sendable {
    /// The SplitMix64 state.
    var state: UInt64
    /// Whether values come from the seeded sequence.
    let deterministic: Bool
    /// System randomness fetched in bulk: one draw per id character would be one system call each
    /// (tens of thousands in a 1,000-account rollout). Never persisted.
    private var pool: [UInt64] = []

    private enum CodingKeys: String, CodingKey {
        case state, deterministic
    }

    /// Starts a generator.
    init(seed: UInt64, deterministic: Bool) {
        self.state = seed
        self.deterministic = deterministic
    }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        guard deterministic else {
            if pool.isEmpty { pool = Self.systemRandom(count: 64) }
            return pool.removeLast()
        }
        var generator = SplitMix64(seed: state)
        defer { state = generator.state }
        return generator.next()
    }

    /// `count` words of cryptographically secure randomness in one call (glibc's `arc4random_buf`).
    private static func systemRandom(count: Int) -> [UInt64] {
        var words = [UInt64](repeating: 0, count: count)
        #if canImport(Glibc)
        words.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress { arc4random_buf(base, buffer.count) }
        }
        #else
        var system = SystemRandomNumberGenerator()
        for index in words.indices { words[index] = system.next() }
        #endif
        return words
    }

    private static let lowerAlphanumerics = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
    private static let alphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// `count` characters drawn from `alphabet`.
    private mutating func string(_ count: Int, from alphabet: [UInt8]) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(count)
        for _ in 0..<count { bytes.append(alphabet[Int(next() % UInt64(alphabet.count))]) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Lower-case letters and digits, as in `d-bp1…` and `key-hzz…` ids.
    mutating func lowerAlphanumeric(_ count: Int) -> String { string(count, from: Self.lowerAlphanumerics) }
    /// Mixed-case letters and digits, as in secrets and STS key ids.
    mutating func alphanumeric(_ count: Int) -> String { string(count, from: Self.alphanumerics) }
    /// Lower-case hexadecimal digits.
    mutating func hex(_ count: Int) -> String { string(count, from: Self.hexDigits) }
    /// Decimal digits, the first one non-zero (RAM role ids).
    mutating func digits(_ count: Int) -> String {
        var text = String(1 + next() % 9)
        for _ in 1..<count { text += String(next() % 10) }
        return text
    }
    /// Random bytes (key material, nonces).
    mutating func bytes(_ count: Int) -> [UInt8] {
        var result = [UInt8]()
        result.reserveCapacity(count)
        while result.count < count {
            var word = next()
            for _ in 0..<8 where result.count < count {
                result.append(UInt8(truncatingIfNeeded: word))
                word >>= 8
            }
        }
        return result
    }
    /// A lower-case UUID (default keys, key versions).
    mutating func uuid() -> String {
        let h = hex(32)
        let c = Array(h)
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-" + String(c[12..<16]) + "-" + String(c[16..<20]) + "-"
            + String(c[20..<32])
    }
    /// An upper-case request-id style UUID.
    mutating func requestID() -> String { uuid().uppercased() }
}
