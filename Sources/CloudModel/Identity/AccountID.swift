/// An Alibaba Cloud account UID (a string of digits, 16 in practice), the unit of isolation.
package struct AccountID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The UID as Alibaba prints it.
    package let rawValue: String

    /// Accepts 1 to 32 ASCII digits; anything else is not an account UID.
    package init?(_ rawValue: String) {
        // Bytes, not Characters: this runs on every authorization and Character classification is slow.
        let utf8 = rawValue.utf8
        guard !utf8.isEmpty, utf8.count <= 32, utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return nil
        }
        self.rawValue = rawValue
    }

    package var description: String { rawValue }

    package static func < (lhs: AccountID, rhs: AccountID) -> Bool { lhs.rawValue < rhs.rawValue }

    package init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = AccountID(text) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "'\(text)' is not an account UID (expected digits, e.g. 1234567890123456)"
                ))
        }
        self = id
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
