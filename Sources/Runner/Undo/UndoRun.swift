import CloudAPI
import Foundation
import Rollout

/// `keyshare undo RUN`: the inverse of a journaled run, shown as a plan and applied as a run of its
/// own (kind `undo`), journaled step by step, so a killed undo resumes like any run.
package struct UndoRun: Sendable {
    /// The journal holding the run to undo.
    package var journal: any RolloutJournal
    /// The run being undone.
    package var original: RunRecord
    /// Its inverse.
    package var plan: UndoPlan

    /// Loads run `id` and builds its inverse; an undo run given here is followed to the run it undoes.
    ///
    /// - Throws: `RunError` when the journal has no such run.
    package static func load(_ id: RunID, from journal: any RolloutJournal) async throws -> UndoRun {
        guard let record = try await journal.run(id) else {
            throw RunError("the journal has no run \(id): `keyshare runs list` shows the runs it holds")
        }
        let mutations = try await journal.mutations(of: id)
        return UndoRun(
            journal: journal, original: record,
            plan: UndoPlan(mutations: mutations, order: record.targets.map(\.id)))
    }

    /// The plan as text: per target the actions, then what undo leaves alone and why.
    package var text: String {
        var lines = [
            "undo of \(original.id) (\(original.kind), \(original.status.rawValue), \(original.playbook)): "
                + "\(plan.actionCount) action\(plan.actionCount == 1 ? "" : "s") in \(plan.targets.count) account"
                + (plan.targets.count == 1 ? "" : "s")
        ]
        for target in plan.targets {
            lines.append("  \(target.isSetup ? "setup (account \(target.id))" : "account \(target.id)")")
            for action in target.actions { lines.append("    - \(action.line)") }
            for note in target.kept { lines.append("    ! kept: \(note)") }
        }
        return lines.joined(separator: "\n")
    }

    /// Applies the plan as run `id` (new, or an earlier undo run being resumed) and returns its summary.
    ///
    /// - Throws: `RunError` when the journal cannot record the undo run.
    package func apply(
        as id: RunID, resuming: Bool, cloud: any Cloud, journaling: RunOptions.Journaling,
        concurrency: Int, events: any RolloutEventSink
    ) async throws -> RolloutSummary {
        let targets = plan.targets.filter { !$0.isSetup }.map { RolloutTarget(id: $0.id) }
        let setup = plan.targets.filter(\.isSetup).map { RolloutTarget(id: $0.id, name: "setup") }
        var earlier: [StepRecord] = []
        do {
            if resuming {
                try await journal.reopenRun(id, at: Date())
                earlier = MutationRecord.attributing(try await journal.mutations(of: id), to: try await journal.steps(of: id))
            } else {
                try await journal.beginRun(
                    RunRecord(
                        id: id, kind: "undo", undoes: original.id, playbook: original.playbook,
                        playbookDigest: original.playbookDigest, invocation: original.invocation,
                        workingDirectory: journaling.workingDirectory, backend: journaling.backend,
                        targets: targets + setup, steps: [UndoExecutor.step.name], startedAt: Date()))
            }
        } catch {
            throw RunError("the journal could not record undo run \(id): \(error)")
        }
        let executor = UndoExecutor(cloud: cloud, run: id, plan: plan, journal: journal)
        await executor.prepare()
        var results: [TargetResult] = []
        var duration = Duration.zero
        // Targets first, then the setup's owner-side changes they may depend on.
        for group in [targets, setup] where !group.isEmpty {
            var engine = RolloutEngine(
                plan: try RolloutPlan(targets: group, concurrency: concurrency),
                steps: [UndoExecutor.step], run: id, journal: journal, earlier: earlier)
            // Refused credentials halt an undo as they halt a run; throttling waits count per account.
            if let governed = cloud as? GovernedCloud {
                engine.brake = governed.governor.brake
                engine.throttle = governed.governor.meter
            }
            let summary = await engine.run(events: events, executor: executor)
            results += summary.results
            duration += summary.duration
        }
        let summary = RolloutSummary(results: results, duration: duration)
        do {
            try await journal.finishRun(id, status: summary.isSuccess ? .succeeded : .failed, summary: summary.line, at: Date())
        } catch {
            throw RunError("the journal could not record the end of undo run \(id): \(error)")
        }
        return summary
    }
}
