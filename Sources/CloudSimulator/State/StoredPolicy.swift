import CloudModel

/// A validated policy document kept with the text it was submitted as: the text is what the
/// service returns, the parsed document is what every authorization evaluates (parsed once).
struct StoredPolicy: Codable, Sendable {
    /// The document exactly as submitted.
    let text: String
    /// The parsed document.
    let document: PolicyDocument
    /// Whether any statement denies (lets the owner-root fast path skip evaluation).
    let hasDeny: Bool
    /// Whether any statement has a Condition (otherwise the request context is not built).
    let hasConditions: Bool

    /// Parses `text` as a `kind` document.
    init(_ text: String, kind: PolicyKind) throws(PolicyError) {
        self.text = text
        self.document = try PolicyDocument.parse(text, kind: kind)
        self.hasDeny = document.statements.contains { $0.effect == .deny }
        self.hasConditions = document.statements.contains { !$0.conditions.isEmpty }
    }

    private enum CodingKeys: String, CodingKey { case text, kind }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let text = try container.decode(String.self, forKey: .text)
        let kindName = try container.decode(String.self, forKey: .kind)
        guard let kind = PolicyKind(rawValue: kindName) else {
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: container, debugDescription: "unknown policy kind \(kindName)")
        }
        do {
            try self.init(text, kind: kind)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .text, in: container, debugDescription: error.message)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(text, forKey: .text)
        try container.encode(document.kind.rawValue, forKey: .kind)
    }

    /// The source the evaluator cites, e.g. `key policy` or `KeyAdmin@v2`.
    func source(named name: String) -> PolicySource { PolicySource(name: name, document: document) }
}
