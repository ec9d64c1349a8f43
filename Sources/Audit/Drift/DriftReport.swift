import Foundation

/// What `keyshare drift` found: per target whether the state the playbook declares still holds,
/// and if not, the differences. Printed as aligned text or as JSON (`--json`, `--out`; field names
/// documented in README, "Detect drift").
package struct DriftReport: Encodable, Sendable {
    /// One target (or an account the run would write to that is not a target) and its findings.
    package struct Target: Encodable, Sendable {
        /// The account UID.
        package var account: String
        /// Its display name ("" for an account that is not a target).
        package var name: String
        /// `clean`, `drifted`, `unknown`, `error` (could not be checked) or `skipped`.
        package var status: String
        /// The differences, in the order found (writes first, then access).
        package var findings: [DriftFinding]
        /// Why the run would skip it (the key owner, a hook).
        package var skipReason: String?

        enum CodingKeys: String, CodingKey {
            case account, name, status, findings
            case skipReason = "skip_reason"
        }
    }

    /// Counts of the targets by status.
    package struct Summary: Encodable, Sendable, Equatable {
        /// Every target of the inventory.
        package var targets: Int
        /// Targets whose declared state holds.
        package var clean: Int
        /// Targets with at least one difference.
        package var drifted: Int
        /// Targets with no difference but something undecidable.
        package var unknown: Int
        /// Targets that could not be checked.
        package var errors: Int
        /// Targets the run would skip.
        package var skipped: Int
    }

    /// The playbook checked.
    package var playbook: String
    /// The backend read.
    package var backend: String
    /// `clean`, `drift`, `unknown`, `error` or `not-checked` (every target skipped).
    package var status: String
    /// Target counts.
    package var summary: Summary
    /// Every target, in inventory order.
    package var targets: [Target]
    /// Accounts that are not targets but that a run would write to (the key owner's setup).
    package var others: [Target]
    /// What the shadow could not model of the backend.
    package var caveats: [String]
    /// 0 clean, 2 drift, 4 unknown only, 1 error.
    package var exitCode: Int32

    enum CodingKeys: String, CodingKey {
        case playbook, backend, status, summary, targets, others, caveats
        case exitCode = "exit_code"
    }

    /// The report as sorted, indented JSON with a final newline.
    package func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    /// A status from findings: the worst severity decides.
    static func status(of findings: [DriftFinding]) -> String {
        switch findings.map(\.severity).max() {
        case nil: "clean"
        case .drift: "drifted"
        case .unknown: "unknown"
        case .error: "error"
        }
    }
}
