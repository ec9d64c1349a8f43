/// A dictionary key that is an identifier's text, so typed ids key JSON objects as strings did.
struct IdentifierCodingKey: CodingKey {
    /// The identifier.
    let stringValue: String

    /// Wraps an identifier.
    init(_ stringValue: String) { self.stringValue = stringValue }

    init?(stringValue: String) { self.stringValue = stringValue }

    var intValue: Int? { nil }

    init?(intValue: Int) { return nil }
}
