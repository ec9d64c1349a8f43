/// The outcome of evaluating policies, with the statements that decided it so access can be
/// explained (`keyshare` prints them; the simulator logs them).
package enum Decision: Hashable, Sendable, CustomStringConvertible {
    /// At least one statement allows and none denies; lists every allowing statement.
    case allow(by: [StatementReference])
    /// At least one statement denies; lists every denying statement (allows are irrelevant).
    case explicitDeny(by: [StatementReference])
    /// Nothing allows or denies: the default.
    case implicitDeny

    /// Whether access is granted.
    package var isAllowed: Bool {
        if case .allow = self { true } else { false }
    }

    /// Whether a statement explicitly denies.
    package var isExplicitDeny: Bool {
        if case .explicitDeny = self { true } else { false }
    }

    /// The statements that decided it (empty for an implicit deny).
    package var statements: [StatementReference] {
        switch self {
        case .allow(let refs), .explicitDeny(let refs): refs
        case .implicitDeny: []
        }
    }

    /// The identity-side decision for an account's root credentials: RAM policies do not bind
    /// the root identity, so it is allowed by no statement (`allow(by: [])`).
    package static let accountRoot = Decision.allow(by: [])

    package var description: String {
        switch self {
        case .allow(let refs): "allow by \(refs.map(\.description).joined(separator: ", "))"
        case .explicitDeny(let refs): "explicit deny by \(refs.map(\.description).joined(separator: ", "))"
        case .implicitDeny: "implicit deny"
        }
    }
}

/// Points at one statement: the policy's reported name, its 0-based index and its `Sid`.
package struct StatementReference: Hashable, Sendable, CustomStringConvertible {
    /// ``PolicySource/name`` of the policy, e.g. `MyPolicy@v2` or `key policy`.
    package var source: String
    /// 0-based position in the document's `Statement` array.
    package var index: Int
    /// The statement's `Sid`, when it has one.
    package var sid: String?

    /// Builds a reference.
    package init(source: String, index: Int, sid: String? = nil) {
        self.source = source
        self.index = index
        self.sid = sid
    }

    package var description: String {
        sid.map { "\(source) Statement[\(index)] (\($0))" } ?? "\(source) Statement[\(index)]"
    }
}
