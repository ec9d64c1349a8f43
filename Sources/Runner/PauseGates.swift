import LuaKit
import Rollout

/// Asks a playbook's `pause_hook` whether the run goes on after a stage. The hook sees the results
/// so far in `ctx.results`; like every hook it fails closed: only `true` continues.
struct HookStageGate: StageGate {
    /// Starts coroutines on the run's state (a hook may call the cloud, which suspends).
    let host: LuaCoroutineHost
    /// `pause(hook, results)` from `runtime.prepare`: nil to go on, else why not.
    let pause: LuaReference
    /// The hook.
    let hook: (plugin: String, name: String)
    /// The run (the scope of the hook's calls).
    let run: RunID

    func decide(after report: StageReport) async -> StageDecision {
        var descriptor = LuaTable()
        descriptor["plugin"] = .string(hook.plugin)
        descriptor["name"] = .string(hook.name)
        let scope = StepScope(
            run: run, target: nil,
            step: StepDescriptor(
                index: 10_000 + report.finished.batch,
                name: "pause after \(report.finished.name)"))
        let call = LuaCall(pause, arguments: [.table(descriptor), .table(Self.table(report))], context: scope)
        switch await host.run(call) {
        case .success(let values):
            guard let refused = values.first, refused != .nil else { return .proceed }
            return .stop(reason: refused.stringValue ?? "\(hook.plugin).\(hook.name) refused")
        case .failure(let error):
            return .stop(reason: "\(hook.plugin).\(hook.name): refused: the hook failed: \(error.message)")
        }
    }

    /// `ctx.results`: `{ stage = "canary", next = "batch 1 of 3", next_size = 12, remaining = 40,
    /// counts = { changed = 1, … }, failed = { { id, name, reason }, … } }`.
    static func table(_ report: StageReport) -> LuaTable {
        var table = LuaTable()
        table["stage"] = .string(report.finished.name)
        table["batch"] = .integer(Int64(report.finished.batch))
        table["next"] = .string(report.next.name)
        table["next_size"] = .integer(Int64(report.next.positions.count))
        table["remaining"] = .integer(Int64(report.remaining))
        var counts = LuaTable()
        for status in ["changed", "unchanged", "failed", "skipped", "cancelled"] {
            counts[status] = .integer(Int64(report.counts[status] ?? 0))
        }
        table["counts"] = .table(counts)
        table["failed"] = .table(
            LuaTable(
                array: report.failures.map { failure in
                    var entry = LuaTable()
                    entry["id"] = .string(failure.target.id)
                    entry["name"] = .string(failure.target.name)
                    entry["reason"] = .string(failure.reason)
                    return .table(entry)
                }))
        return table
    }
}

/// A gate answered by a closure (a person at a terminal).
struct AskingGate: StageGate {
    /// Returns the decision for a report.
    let ask: @Sendable (StageReport) async -> StageDecision

    func decide(after report: StageReport) async -> StageDecision { await ask(report) }
}

/// A gate for a run nobody can confirm: it stops at the first pause (a run that would pause is
/// refused at start, so this is only reached when the check at start could not foresee a pause).
struct UnansweredGate: StageGate {
    func decide(after report: StageReport) async -> StageDecision {
        .stop(reason: "nobody can confirm it (not a terminal): pass --yes or name a pause_hook")
    }
}
