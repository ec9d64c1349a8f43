/// How much a finding of `keyshare audit` matters; `--fail-on` compares against it.
package enum AuditSeverity: String, Codable, Sendable, Hashable, CaseIterable {
    /// Access the zone of trust did not intend: a principal outside the Resource Directory, a
    /// wildcard, a whole account or its root granted.
    case high
    /// A grant or limit that needs attention soon: a role gone, a quota or policy nearly full, a
    /// key or account that could not be read.
    case medium
    /// Something to tidy or confirm: a grant never verified, a fact that could not be read.
    case low
    /// Context: what the audit could not check.
    case info

    /// 0 for high … 3 for info: findings are listed in this order.
    package var rank: Int {
        switch self {
        case .high: 0
        case .medium: 1
        case .low: 2
        case .info: 3
        }
    }

    /// Whether this is `threshold` or more severe.
    package func isAtLeast(_ threshold: AuditSeverity) -> Bool { rank <= threshold.rank }
}
