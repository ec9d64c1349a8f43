import CloudAPI
import CloudModel
import Foundation

/// A target of the shadow run and how the run would end on it (the runner's outcome, without the
/// runner: Audit knows no Lua).
package struct DriftTarget: Sendable, Hashable {
    /// How the run would end on the target.
    package enum Outcome: Sendable, Hashable {
        /// Every step would pass (whatever it would write).
        case completed
        /// A step would fail; `couldNotRead` when the failure is the backend's (throttling, 5xx,
        /// permissions, credentials), not the declared state's.
        case failed(code: String, message: String, step: String?, couldNotRead: Bool)
        /// The run would skip it (the key owner, a hook).
        case skipped(reason: String)
        /// The run would stop before it (a failing canary, the failure tolerance).
        case cancelled(reason: String)
    }

    /// The account UID.
    package var account: String
    /// The display name.
    package var name: String
    /// The outcome.
    package var outcome: Outcome

    /// A target.
    package init(account: String, name: String, outcome: Outcome) {
        self.account = account
        self.name = name
        self.outcome = outcome
    }
}

/// Builds the drift report of a shadow run: the writes the run would send (``DriftRecorder``) in
/// drift language per target, then every declared grant checked with explain's rules on the shadow
/// after the run (what the run would not restore: denies, refusing keys, unknowns).
package struct DriftChecker: Sendable {
    /// What the run sent.
    package var recorder: DriftRecorder
    /// The shadow after the run, read to check access.
    package var cloud: any Cloud
    /// When `acs:CurrentTime` is evaluated.
    package var now: Date

    /// A checker over a finished shadow run.
    package init(recorder: DriftRecorder, cloud: any Cloud, now: Date = Date()) {
        self.recorder = recorder
        self.cloud = cloud
        self.now = now
    }

    /// Kinds a target that never got the playbook has, folded into one `not-applied` finding.
    static let applyingKinds: Set<String> = [
        "role-missing", "policy-missing", "policy-detached", "grant-missing", "role-trust-changed", "policy-changed",
    ]

    /// The report for `targets` (inventory order) of `playbook` run against `backend`.
    package func report(playbook: String, backend: String, targets: [DriftTarget], caveats: [String]) async -> DriftReport {
        let classifier = DriftClassifier(recorder.writes)
        let roles = recorder.rolesLookedUp
        let access = DriftAccessCheck(cloud: cloud, now: now)
        let (grants, unreadable) = await access.grants(
            keys: recorder.keys, roles: Set(roles.map { $0.lowercased() }),
            added: classifier.added)
        var byAccount = classifier.findings
        for (account, findings) in unreadable { byAccount[account, default: []] += findings }
        for grant in grants {
            let findings = await access.findings(for: grant)
            if !findings.isEmpty { byAccount[grant.account, default: []] += findings }
        }
        var reported: [DriftReport.Target] = []
        for target in targets {
            var findings = byAccount.removeValue(forKey: target.account) ?? []
            let declaredRoles = roles.filter { $0.hasPrefix("acs:ram::\(target.account):role/") }
                .map { String($0.dropFirst("acs:ram::\(target.account):role/".count)) }
            let neverApplied =
                !declaredRoles.isEmpty && declaredRoles.allSatisfy { classifier.creates(role: $0, in: target.account) }
                && !grants.contains { $0.account == target.account && $0.preexisting }
            if neverApplied { findings = Self.foldNeverApplied(findings) }
            var entry = DriftReport.Target(account: target.account, name: target.name, status: "clean", findings: findings)
            switch target.outcome {
            case .completed:
                break
            case .failed(let code, let message, let step, let couldNotRead):
                let place = step.map { " (step \($0))" } ?? ""
                entry.findings.append(
                    DriftFinding(
                        kind: "would-fail", severity: couldNotRead ? .error : .drift,
                        message: "a run would fail here\(place): \(code): \(message)", subject: code))
            case .skipped(let reason):
                entry.skipReason = reason
            case .cancelled(let reason):
                entry.findings.append(
                    DriftFinding(
                        kind: "not-checked", severity: .unknown,
                        message: "a run would not reach this target: \(reason)", subject: "target"))
            }
            entry.status = entry.skipReason != nil && entry.findings.isEmpty ? "skipped" : DriftReport.status(of: entry.findings)
            reported.append(entry)
        }
        let others = byAccount.keys.sorted().map { account in
            DriftReport.Target(
                account: account, name: "", status: DriftReport.status(of: byAccount[account] ?? []),
                findings: byAccount[account] ?? [])
        }
        return Self.assemble(playbook: playbook, backend: backend, targets: reported, others: others, caveats: caveats)
    }

    /// One `not-applied` finding instead of the pieces a never-applied target lacks.
    static func foldNeverApplied(_ findings: [DriftFinding]) -> [DriftFinding] {
        let pieces = findings.filter { applyingKinds.contains($0.kind) }
        guard !pieces.isEmpty else { return findings }
        let folded = DriftFinding(
            kind: "not-applied", severity: .drift,
            message: "none of the declared state is there: " + pieces.map(\.message).joined(separator: "; "),
            subject: "target")
        return [folded] + findings.filter { !applyingKinds.contains($0.kind) }
    }

    /// Counts, overall status and exit code: 1 when something could not be checked (or nothing
    /// was, every target skipped), else 2 on drift, else 4 on unknowns, else 0.
    static func assemble(
        playbook: String, backend: String, targets: [DriftReport.Target], others: [DriftReport.Target],
        caveats: [String]
    ) -> DriftReport {
        let count = { (status: String) in targets.reduce(0) { $0 + ($1.status == status ? 1 : 0) } }
        let summary = DriftReport.Summary(
            targets: targets.count, clean: count("clean"), drifted: count("drifted"),
            unknown: count("unknown"), errors: count("error"), skipped: count("skipped"))
        let statuses = Set((targets + others).map(\.status))
        let status: String
        let exitCode: Int32
        if !targets.isEmpty, summary.skipped == targets.count, others.isEmpty {
            (status, exitCode) = ("not-checked", 1)
        } else if statuses.contains("error") {
            (status, exitCode) = ("error", 1)
        } else if statuses.contains("drifted") {
            (status, exitCode) = ("drift", 2)
        } else if statuses.contains("unknown") {
            (status, exitCode) = ("unknown", 4)
        } else {
            (status, exitCode) = ("clean", 0)
        }
        return DriftReport(
            playbook: playbook, backend: backend, status: status, summary: summary, targets: targets,
            others: others, caveats: caveats, exitCode: exitCode)
    }
}
