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
        /// `changed`, `unchanged`, `failed`, `skipped` or `cancelled`, as the run would report it.
        var status: String
        /// What the run would write (for a failing target: what it would write before failing).
        var changes: [String]
        /// Why it would fail.
        var failure: Failure?
        /// Why it would be skipped.
        var skipReason: String?
        /// Why it would be cancelled (the canary or the failure tolerance would stop the run first).
        var cancelReason: String?
        /// Its stage: 0 the canary, else the batch's number from 1.
        var batch: Int?

        enum CodingKeys: String, CodingKey {
            case account, name, status, changes, failure
            case skipReason = "skip_reason"
            case cancelReason = "cancel_reason"
            case batch
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
        /// Targets the run would not start (the canary or the tolerance would stop it first).
        var cancelled: Int
    }

    /// One stage of the run: the canary or a batch, and its targets.
    struct Stage: Encodable {
        /// `canary` or `batch 2 of 5`.
        var name: String
        /// 0 the canary, else the batch's number from 1.
        var batch: Int
        /// The accounts, in the order they start.
        var accounts: [String]
    }

    /// How the run would be staged: concurrency, stages, pauses and failure tolerance.
    struct Staging: Encodable {
        /// Targets in flight at once.
        var concurrency: Int
        /// The canary, then the batches.
        var stages: [Stage]
        /// `never`, `canary` or `batch`.
        var pause: String
        /// Failures tolerated (nil: no limit).
        var tolerance: Int?
        /// `strict` or `soft`.
        var toleranceMode: String

        enum CodingKeys: String, CodingKey {
            case concurrency, stages, pause, tolerance
            case toleranceMode = "tolerance_mode"
        }
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
    /// The run's stages (nil for a plain script).
    var staging: Staging?
    /// Per key whose policy the run would read or write: capacity after the change.
    var keys: [KeyCapacity]
    /// Mutating calls the run would send, per action.
    var mutatingCalls: [String: Int]
    /// What the shadow could not model of the backend.
    var caveats: [String]
    /// 0 nothing would change, 2 changes, 1 some target would fail.
    var exitCode: Int32

    enum CodingKeys: String, CodingKey {
        case playbook, backend
        case isPlaybook = "is_playbook"
        case summary, targets, staging, keys
        case mutatingCalls = "mutating_calls"
        case caveats
        case exitCode = "exit_code"
    }

    /// The report of a shadow run: outcomes from `outcome`, capacity and writes from `shadow`.
    static func make(playbook: String, backend: String, outcome: RunOutcome, shadow: ShadowCloud) async -> PlanReport {
        let calls = shadow.mutatingCalls
        var targets: [Target] = []
        var isPlaybook = false
        var staging: Staging?
        if case .rollout(let summary) = outcome {
            isPlaybook = true
            targets = summary.results.map(target)
            staging = summary.plan.map { plan in
                Staging(
                    concurrency: plan.concurrency,
                    stages: plan.stages.map {
                        Stage(name: $0.name, batch: $0.batch, accounts: $0.positions.map { plan.targets[$0].id })
                    },
                    pause: plan.pause.rawValue, tolerance: plan.tolerance, toleranceMode: plan.mode.rawValue)
            }
        }
        let count = { (status: String) in targets.reduce(0) { $0 + ($1.status == status ? 1 : 0) } }
        let summary = Summary(
            targets: targets.count, changed: count("changed"), unchanged: count("unchanged"),
            failed: count("failed"), skipped: count("skipped"), cancelled: count("cancelled"))
        let changes = isPlaybook ? summary.changed > 0 || targets.contains { !$0.changes.isEmpty } : !calls.isEmpty
        // Every target skipped (a hook refused the run): like `run`, exit 3, not "nothing would change".
        let refused = isPlaybook && !targets.isEmpty && summary.skipped == targets.count
        let exitCode: Int32 = summary.failed + summary.cancelled > 0 ? 1 : refused ? 3 : (changes ? 2 : 0)
        return PlanReport(
            playbook: playbook, backend: backend, isPlaybook: isPlaybook, summary: summary, targets: targets,
            staging: staging,
            keys: await shadow.keyCapacities(), mutatingCalls: calls, caveats: await shadow.caveats,
            exitCode: exitCode)
    }

    private static func target(_ result: TargetResult) -> Target {
        var target = Target(
            account: result.target.id, name: result.target.name, status: result.outcome.status, changes: [],
            batch: result.batch)
        switch result.outcome {
        case .succeeded(let changes):
            target.changes = changes
        case .failed(let failure):
            target.changes = failure.changes
            target.failure = Failure(code: failure.code, message: failure.message, step: failure.step)
        case .skipped(let reason):
            target.skipReason = reason
        case .cancelled(let reason):
            target.cancelReason = reason
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
