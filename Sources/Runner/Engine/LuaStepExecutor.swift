import Grants
import LuaKit
import Rollout

/// Runs a playbook step for a target as a coroutine of the run's Lua state (`runtime.run_step`),
/// started through the state's coroutine host, and decodes its result table once, here.
struct LuaStepExecutor: StepExecutor {
    /// Starts coroutines on the run's state.
    let host: LuaCoroutineHost
    /// `runtime.run_step` bound to the prepared run: `(target, index, earlier) -> result`.
    let runStep: LuaReference
    /// The run's id (in every step's scope).
    let run: RunID
    /// What the key-policy writers confirmed per account: notes and grants of failed steps.
    let grants: KeyPolicyJournal
    /// Where the step's confirmed changes are journaled (nil: nowhere).
    let journal: (any RolloutJournal)?
    /// Where warnings of the writers go.
    let events: any RolloutEventSink

    /// Runs of one step when it fails with a 5xx or a dropped connection: a write the governor would
    /// not send twice (no ClientToken) failed with an unknown outcome; running the step again reads
    /// what landed (steps are idempotent), and its idempotent requests repeat their tokens.
    static let maximumRuns = 3

    func run(_ step: StepDescriptor, of target: RolloutTarget, earlier: [String], retried: Bool) async -> StepOutcome {
        var result: Result<[LuaValue], LuaError>
        var runs = 0
        repeat {
            runs += 1
            let call = LuaCall(
                runStep,
                arguments: [
                    PluginRunner.luaTarget(target), .integer(Int64(step.index + 1)),
                    .table(LuaTable(array: earlier.map(LuaValue.string))), .boolean(retried || runs > 1),
                ], context: StepScope(run: run, target: target.id, step: step, journal: journal))
            result = await host.run(call)
        } while runs < Self.maximumRuns && Self.failedTransiently(result)
        let confirmed = await grants.take(target.id)
        for note in confirmed.notes {
            await events.handle(.targetMessage(target, level: "warning", message: note))
        }
        switch result {
        case .success(let values):
            guard case .table(let table) = values.first ?? .nil else {
                return .failed(
                    TargetFailure(
                        code: "keyshare.LuaError", message: "the runtime returned no step result",
                        step: step.name, changes: confirmed.changes), messages: [])
            }
            return Self.decode(table, step: step, confirmed: confirmed.changes)
        case .failure(let error):
            return .failed(
                TargetFailure(
                    code: "keyshare.LuaError", message: error.message, step: step.name,
                    changes: confirmed.changes), messages: [])
        }
    }

    /// Whether a step's result is a failure by a 5xx or a dropped connection (worth one more run).
    static func failedTransiently(_ result: Result<[LuaValue], LuaError>) -> Bool {
        guard case .success(let values) = result, case .table(let table) = values.first ?? .nil,
            table["status"].stringValue == "failed", let code = table["error"].tableValue?["code"].stringValue
        else { return false }
        return CallFailureClass(code: code) == .transient
    }

    /// The typed outcome of a `run_step` result table (`status`, `changes`, `messages`, `error`, `reason`).
    /// A failed step also reports the grants the writers confirmed for it that it did not word itself.
    static func decode(_ table: LuaTable, step: StepDescriptor, confirmed: [String]) -> StepOutcome {
        let messages = (table["messages"].tableValue?.array ?? []).compactMap(\.stringValue)
        var changes = (table["changes"].tableValue?.array ?? []).compactMap(\.stringValue)
        switch table["status"].stringValue {
        case "succeeded":
            return .succeeded(changes: changes, messages: messages)
        case "skipped":
            return .skipped(reason: table["reason"].stringValue ?? "skipped", messages: messages)
        default:
            let error = table["error"].tableValue ?? LuaTable()
            let reported = Set(changes)
            changes += confirmed.filter { !reported.contains($0) }
            return .failed(
                TargetFailure(
                    code: error["code"].stringValue ?? "keyshare.Error", message: error["message"].stringValue ?? "",
                    step: error["step"].stringValue ?? step.name, requestID: error["request_id"].stringValue,
                    changes: changes), messages: messages)
        }
    }
}
