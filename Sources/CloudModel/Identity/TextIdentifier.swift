/// An id that is checked text (a KMS key or instance id): stored, encoded, ordered and printed as
/// that text, and keying JSON objects as `[String: …]` did, so files written before typed ids load.
package protocol TextIdentifier: Hashable, Comparable, Sendable, Codable, CodingKeyRepresentable, CustomStringConvertible {
    /// The id as the service prints it.
    var rawValue: String { get }
    /// The id, or nil when `rawValue` names none.
    init?(_ rawValue: String)
    /// What a valid id looks like, for a decoding error (`a KMS key id (1 to 255 bytes)`).
    static var expectation: String { get }
}

extension TextIdentifier {
    package var description: String { rawValue }

    package static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    package init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = Self(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "'\(text.prefix(64))' is not \(Self.expectation)"))
        }
        self = id
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    package init?<T: CodingKey>(codingKey: T) { self.init(codingKey.stringValue) }

    package var codingKey: any CodingKey { IdentifierCodingKey(rawValue) }
}
