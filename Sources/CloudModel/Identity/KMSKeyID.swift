/// A KMS key id: `key-…` for keys in a KMS 3.0 instance, a UUID for default keys.
///
/// Only the length is checked, not the shape: world files name keys freely (`key-1`) and a backend's
/// ids are taken as read. Aliases and ARNs are other ideas, resolved to a key id by the service.
package struct KMSKeyID: Hashable, Comparable, Sendable, Codable, CodingKeyRepresentable, CustomStringConvertible {
    /// The id as KMS prints it.
    package let rawValue: String

    /// The longest id in UTF-8 bytes: real ids have about 40, and the simulator's ciphertexts
    /// carry the id after a one-byte length.
    package static let maxLength = 255

    /// Accepts 1 to ``maxLength`` UTF-8 bytes; anything else names no key.
    package init?(_ rawValue: String) {
        guard (1...Self.maxLength).contains(rawValue.utf8.count) else { return nil }
        self.rawValue = rawValue
    }

    package var description: String { rawValue }

    package static func < (lhs: KMSKeyID, rhs: KMSKeyID) -> Bool { lhs.rawValue < rhs.rawValue }

    package init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = KMSKeyID(text) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "'\(text.prefix(64))' is not a KMS key id (expected 1 to \(Self.maxLength) bytes)"))
        }
        self = id
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// Dictionaries keyed by key ids encode as JSON objects (as `[String: …]` did), not as arrays.
    package init?<T: CodingKey>(codingKey: T) { self.init(codingKey.stringValue) }

    package var codingKey: any CodingKey { IdentifierCodingKey(rawValue) }
}
