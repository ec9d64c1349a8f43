import LuaKit
import Rollout

extension PluginRunner {
    /// Refuses, before anything runs, a run that would pause with nobody to answer: no pause hook,
    /// no `--yes`, and not a terminal (it would otherwise stop at the first pause, or hang on a pipe).
    static func checkPausesAnswerable(_ staging: RolloutStaging, playbook: Playbook, answer: StagingOptions.Answer) throws {
        guard case .unavailable = answer, playbook.staging.hook == nil else { return }
        let point: String
        switch staging.pause {
        case .never: return
        case .canary:
            guard staging.canary != nil else { return }
            point = "after the canary"
        case .batch:
            guard staging.canary != nil || !staging.batches.isEmpty else { return }
            point = "after the canary and every batch"
        }
        throw RunError(
            "\(playbook.label) pauses \(point) (pause = \"\(staging.pause.rawValue)\") for a confirmation, but "
                + "standard input is not a terminal: pass --yes to go on at every pause, name a pause_hook in the playbook "
                + "to decide, or pass --pause never")
    }

    /// Who answers the run's pauses: a plan predicts (always on), else the playbook's pause hook,
    /// else `--yes` or a person at the terminal.
    static func gate(
        answer: StagingOptions.Answer, hook: (plugin: String, name: String)?, pause: LuaValue,
        host: LuaCoroutineHost, run: RunID
    ) -> any StageGate {
        if case .predict = answer { return ProceedingGate() }
        if let hook, case .function(let pause) = pause { return HookStageGate(host: host, pause: pause, hook: hook, run: run) }
        switch answer {
        case .yes, .predict: return ProceedingGate()
        case .ask(let ask): return AskingGate(ask: ask)
        case .unavailable: return UnansweredGate()
        }
    }
}
