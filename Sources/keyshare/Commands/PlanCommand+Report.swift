import CloudSimulator
import Foundation
import Rollout
import Runner

/// What `keyshare plan` predicts, printed as text and written as JSON by `--out` (the shape is
/// documented in the README, "Plan before you run").
struct PlanReport: Encodable {
    /// One target's predicted outcome.
    struct Target: Encodable {
        /// The account UID.
        var account: String
        /// Its display name.
        var name: String
        /// `changed`, `unchanged`, `failed` or `skipped`, as the run would report it.
        var status: String
        /// What the run would write (for a failing target: what it would write before failing).
        var changes: [String]
        /// Why it would fail.
        var failure: Failure?
        /// Why it would be skipped.
        var skipReason: String?

        enum CodingKeys: String, CodingKey {
            case account, name, status, changes, failure, skipReason = "skip_reason"
        }
    }

    /// A predicted failure, as the run's reports give it.
    struct Failure: Encodable {
        /// The cloud's or keyshare's code (`Rejected.ShareQuotaExceedLimit`).
        var code: String
        /// The message.
        var message: String
        /// The step that would fail.
        var step: String?
    }

    /// Counts of the targets by predicted status.
    struct Summary: Encodable {
        /// Every target of the inventory.
        var targets: Int
        /// Targets the run would write to.
        var changed: Int
        /// Targets already right.
        var unchanged: Int
        /// Targets that would fail.
        var failed: Int
        /// Targets a hook or rule would skip.
        var skipped: Int
    }

    /// The playbook or script planned.
    var playbook: String
    /// The backend the plan shadowed.
    var backend: String
    /// False for a plain script (no targets; `mutating_calls` says whether it writes).
    var isPlaybook: Bool
    /// Target counts.
    var summary: Summary
    /// Per target, in plan order.
    var targets: [Target]
    /// Per key whose policy the run would read or write: capacity after the change.
    var keys: [KeyCapacity]
    /// Mutating calls the run would send, per action.
    var mutatingCalls: [String: Int]
    /// What the shadow could not model of the backend.
    var caveats: [String]
    /// 0 nothing would change, 2 changes, 1 some target would fail.
    var exitCode: Int32

    enum CodingKeys: String, CodingKey {
        case playbook, backend, isPlaybook = "is_playbook", summary, targets, keys
        case mutatingCalls = "mutating_calls", caveats, exitCode = "exit_code"
    }

    /// The report of a shadow run: outcomes from `outcome`, capacity and writes from `shadow`.
    static func make(playbook: String, backend: String, outcome: RunOutcome, shadow: ShadowCloud) async -> PlanReport {
        let calls = shadow.mutatingCalls
        var targets: [Target] = []
        var isPlaybook = false
        if case .rollout(let summary) = outcome {
            isPlaybook = true
            targets = summary.results.map(target)
        }
        let count = { (status: String) in targets.reduce(0) { $0 + ($1.status == status ? 1 : 0) } }
        let summary = Summary(targets: targets.count, changed: count("changed"), unchanged: count("unchanged"),
                              failed: count("failed"), skipped: count("skipped"))
        let changes = isPlaybook ? summary.changed > 0 || targets.contains { !$0.changes.isEmpty } : !calls.isEmpty
        // Every target skipped (a hook refused the run): like `run`, exit 3, not "nothing would change".
        let refused = isPlaybook && !targets.isEmpty && summary.skipped == targets.count
        let exitCode: Int32 = summary.failed > 0 ? 1 : refused ? 3 : (changes ? 2 : 0)
        return PlanReport(playbook: playbook, backend: backend, isPlaybook: isPlaybook, summary: summary, targets: targets,
                          keys: await shadow.keyCapacities(), mutatingCalls: calls, caveats: await shadow.caveats,
                          exitCode: exitCode)
    }

    private static func target(_ result: TargetResult) -> Target {
        var target = Target(account: result.target.id, name: result.target.name, status: result.outcome.status, changes: [])
        switch result.outcome {
        case .succeeded(let changes):
            target.changes = changes
        case .failed(let failure):
            target.changes = failure.changes
            target.failure = Failure(code: failure.code, message: failure.message, step: failure.step)
        case .skipped(let reason):
            target.skipReason = reason
        }
        return target
    }

    /// The plan as sorted, indented JSON.
    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }
}
