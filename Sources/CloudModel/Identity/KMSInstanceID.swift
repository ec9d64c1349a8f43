/// A KMS 3.0 instance id (`kst-hzz65f0a1b2c3d4e5f6`), which holds keys and their access-management quota.
package struct KMSInstanceID: Hashable, Comparable, Sendable, Codable, CodingKeyRepresentable,
    CustomStringConvertible
{
    /// The id as KMS prints it.
    package let rawValue: String

    /// Accepts `kst-` followed by at least one byte, the rule world files already had; other text
    /// names no instance.
    package init?(_ rawValue: String) {
        guard rawValue.utf8.count > 4, rawValue.hasPrefix("kst-") else { return nil }
        self.rawValue = rawValue
    }

    package var description: String { rawValue }

    package static func < (lhs: KMSInstanceID, rhs: KMSInstanceID) -> Bool { lhs.rawValue < rhs.rawValue }

    package init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = KMSInstanceID(text) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "'\(text.prefix(64))' is not a KMS instance id (expected kst-…)"))
        }
        self = id
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// Dictionaries keyed by instance ids encode as JSON objects (as `[String: …]` did), not as arrays.
    package init?<T: CodingKey>(codingKey: T) { self.init(codingKey.stringValue) }

    package var codingKey: any CodingKey { IdentifierCodingKey(rawValue) }
}
