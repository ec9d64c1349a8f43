/// A validated policy document of one ``PolicyKind``: version `"1"` and at least one statement.
///
/// Build one with ``parse(_:kind:)``; the parsed form keeps the canonical JSON so callers can
/// compare documents regardless of layout and key order.
package struct PolicyDocument: Hashable, Sendable {
    /// The language the document was validated against.
    package let kind: PolicyKind
    /// The statements in document order; ``StatementReference/index`` counts from 0 in this array.
    package let statements: [Statement]
    /// The parsed JSON, kept to compare documents: rendering it is left until a comparison needs it
    /// (the simulator parses every key policy it stores, a 32 KB document per grant batch, and most
    /// parsed documents are never compared).
    private let root: JSONValue

    /// The document as compact JSON with sorted object keys and arrays in document order.
    package var canonicalJSON: String { root.canonicalText }

    /// Builds a document from already-validated parts (used by the parser).
    init(kind: PolicyKind, statements: [Statement], root: JSONValue) {
        self.kind = kind
        self.statements = statements
        self.root = root
    }

    /// Documents are equal when they have the same kind and canonical JSON.
    package static func == (lhs: PolicyDocument, rhs: PolicyDocument) -> Bool {
        lhs.kind == rhs.kind && lhs.canonicalJSON == rhs.canonicalJSON
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(canonicalJSON)
    }
}
