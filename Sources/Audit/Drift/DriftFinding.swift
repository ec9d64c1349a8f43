/// One difference between what a playbook declares and what a target holds, in drift language
/// (JSON field names documented in README, "Detect drift").
package struct DriftFinding: Codable, Sendable, Hashable {
    /// What kind of difference: `not-applied`, `role-missing`, `role-trust-changed`,
    /// `policy-missing`, `policy-changed`, `policy-detached`, `grant-missing`, `grant-unexpected`,
    /// `key-policy-changed`, `access-denied`, `access-implicitly-denied`, `access-unknown`,
    /// `would-fail`, `not-checked` or `write` (any other write a run would send).
    package var kind: String
    /// How it counts: `drift`, `unknown` (could not be decided) or `error` (could not be read).
    package var severity: DriftSeverity
    /// The difference in one sentence.
    package var message: String
    /// What it is about: `role/<name>`, `policy/<name>`, a key ID, a principal ARN.
    package var subject: String
    /// The KMS actions an access finding is about.
    package var actions: [String]?
    /// The statements that decide an access finding (`key policy statement "Sid"`, RAM policy…).
    package var statements: [String]?
    /// The `Sid`s among `statements`, for machines.
    package var sids: [String]?
    /// The document in force, canonical JSON, when a document differs.
    package var current: String?
    /// The document the playbook writes, canonical JSON, when a document differs.
    package var declared: String?

    /// A finding.
    package init(
        kind: String, severity: DriftSeverity, message: String, subject: String, actions: [String]? = nil,
        statements: [String]? = nil, sids: [String]? = nil, current: String? = nil, declared: String? = nil
    ) {
        self.kind = kind
        self.severity = severity
        self.message = message
        self.subject = subject
        self.actions = actions
        self.statements = statements
        self.sids = sids
        self.current = current
        self.declared = declared
    }
}

/// How a finding counts toward the exit code.
package enum DriftSeverity: String, Codable, Sendable, Hashable, Comparable {
    /// The declared state does not hold.
    case drift
    /// Whether it holds hangs on something keyshare cannot see or does not model.
    case unknown
    /// The target could not be checked (the backend could not be read for it).
    case error

    /// `error` outranks `drift`, which outranks `unknown`.
    package static func < (lhs: DriftSeverity, rhs: DriftSeverity) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int {
        switch self {
        case .unknown: 0
        case .drift: 1
        case .error: 2
        }
    }
}
