import LuaKit
import Rollout

/// Rollout events as the tables reporter plugins receive (see `keyshare.Event` in the stubs).
enum RunEvents {
    static func table(for event: RolloutEvent, playbook: String) -> LuaTable {
        var table = LuaTable()
        switch event {
        case .started(let plan):
            table["type"] = "run_started"
            table["playbook"] = .string(playbook)
            table["targets"] = .integer(Int64(plan.targets.count))
            table["concurrency"] = .integer(Int64(plan.concurrency))
            table["stages"] = .table(LuaTable(array: plan.stages.map(stage)))
            table["pause"] = .string(plan.pause.rawValue)
            if let tolerance = plan.tolerance { table["tolerance"] = .integer(Int64(tolerance)) }
            table["tolerance_mode"] = .string(plan.mode.rawValue)
        case .stageStarted(let started):
            table = stage(started).tableValue ?? LuaTable()
            table["type"] = "stage_started"
        case .stopped(let reason):
            table["type"] = "run_stopped"
            table["reason"] = .string(reason)
        case .targetStarted(let target):
            table["type"] = "target_started"
            table["target"] = PluginRunner.luaTarget(target)
        case .targetMessage(let target, let level, let message):
            table["type"] = "target_message"
            table["target"] = PluginRunner.luaTarget(target)
            table["level"] = .string(level)
            table["message"] = .string(message)
        case .targetFinished(let result):
            table["type"] = "target_finished"
            table["target"] = PluginRunner.luaTarget(result.target)
            table["status"] = .string(result.outcome.status)
            table["duration_ms"] = .number(milliseconds(result.duration))
            if let batch = result.batch { table["batch"] = .integer(Int64(batch)) }
            table["attempt"] = .integer(Int64(result.attempt))
            table["throttle_wait_ms"] = .number(milliseconds(result.throttleWait))
            switch result.outcome {
            case .succeeded(let changes): table["changes"] = .table(LuaTable(array: changes.map(LuaValue.string)))
            case .failed(let failure):
                table["changes"] = .table(LuaTable(array: failure.changes.map(LuaValue.string)))
                var error = LuaTable()
                error["code"] = .string(failure.code)
                error["message"] = .string(failure.message)
                if let step = failure.step { error["step"] = .string(step) }
                if let requestID = failure.requestID { error["request_id"] = .string(requestID) }
                table["error"] = .table(error)
            case .skipped(let reason), .cancelled(let reason):
                table["changes"] = .table(LuaTable())
                table["reason"] = .string(reason)
            }
        case .finished(let summary):
            table["type"] = "run_finished"
            table["playbook"] = .string(playbook)
            table["total"] = .integer(Int64(summary.results.count))
            table["changed"] = .integer(Int64(summary.changed))
            table["unchanged"] = .integer(Int64(summary.unchanged))
            table["failed"] = .integer(Int64(summary.failed))
            table["skipped"] = .integer(Int64(summary.skipped))
            table["cancelled"] = .integer(Int64(summary.cancelled))
            table["duration_ms"] = .number(milliseconds(summary.duration))
            table["throttle_wait_ms"] = .number(milliseconds(summary.throttleWait))
        }
        return table
    }

    /// `{ name = "batch 1 of 3", batch = 1, size = 12 }` (the canary is batch 0).
    static func stage(_ stage: RolloutStage) -> LuaValue {
        var table = LuaTable()
        table["name"] = .string(stage.name)
        table["batch"] = .integer(Int64(stage.batch))
        table["size"] = .integer(Int64(stage.positions.count))
        return .table(table)
    }

    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
