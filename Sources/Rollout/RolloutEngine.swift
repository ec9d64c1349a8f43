import Foundation

/// Runs a rollout: every target's steps in order, stage by stage (a canary, then batches), at most
/// `plan.concurrency` targets at once (fewer while strict failure tolerance says so), each step
/// recorded in the journal before the next begins. Once the canary fails, the tolerance is exceeded
/// or a pause is refused, targets not started are `cancelled` with the reason. A resumed run skips the steps the journal
/// shows succeeded and runs the rest, so a killed run continues exactly where it stopped.
///
/// The engine knows nothing of Lua or clouds: an ``StepExecutor`` runs a step; the engine decides
/// which, when, and records it.
package struct RolloutEngine: Sendable {
    /// The targets and concurrency.
    package var plan: RolloutPlan
    /// The steps every target runs, in order.
    package var steps: [StepDescriptor]
    /// The run's id.
    package var run: RunID
    /// Where steps are recorded (nil: nowhere, e.g. a plan or a script without a journal).
    package var journal: (any RolloutJournal)?
    /// Step records of an earlier attempt of this run (a resume): succeeded steps are not run again.
    package var earlier: [StepRecord]
    /// Pulled when nothing more can work (the credentials were refused): no further target starts,
    /// the rest are cancelled with its reason (nil: no such stop).
    package var brake: RunBrake?
    /// Where throttling waits are counted, per target (`TargetResult.throttleWait`); nil: none.
    package var throttle: ThrottleMeter?

    /// Creates an engine.
    package init(
        plan: RolloutPlan, steps: [StepDescriptor], run: RunID, journal: (any RolloutJournal)? = nil,
        earlier: [StepRecord] = []
    ) {
        self.plan = plan
        self.steps = steps
        self.run = run
        self.journal = journal
        self.earlier = earlier
    }

    /// Runs every target, stage by stage (see ``RolloutPlan/stages``), and returns the summary;
    /// events go to `events` as they happen. Where the plan pauses, `gate` decides whether the next
    /// stage starts (nil: it does).
    package func run(events: any RolloutEventSink, executor: any StepExecutor, gate: (any StageGate)? = nil) async
        -> RolloutSummary
    {
        let clock = ContinuousClock()
        let start = clock.now
        await events.handle(.started(plan))
        var done: [String: [Int: StepRecord]] = [:]
        for record in earlier { done[record.target, default: [:]][record.step.index] = record }
        var staged = StagedRun(engine: self, events: events, executor: executor, done: done, clock: clock)
        var controller = ToleranceController(tolerance: plan.tolerance, mode: plan.mode, concurrency: plan.concurrency)
        for (number, stage) in plan.stages.enumerated() {
            if let reason = staged.stopReason {
                await staged.cancel(stage.positions, stage: stage, reason: reason)
                continue
            }
            // An unstaged plan (one batch) has no stages to announce.
            if plan.stages.count > 1 || stage.kind == .canary { await events.handle(.stageStarted(stage)) }
            let ranNewWork = await staged.run(stage, controller: &controller)
            if staged.stopReason == nil, number + 1 < plan.stages.count, ranNewWork, pauses(after: stage) {
                let report = staged.report(
                    after: stage, next: plan.stages[number + 1],
                    remaining: plan.stages[(number + 1)...].reduce(0) { $0 + $1.positions.count })
                if case .stop(let why) = await gate?.decide(after: report) ?? .proceed {
                    await staged.stop("the pause after the \(stage.name) was not confirmed: \(why)")
                }
            }
        }
        let summary = RolloutSummary(
            results: staged.results.compactMap { $0 }, duration: clock.now - start, plan: plan,
            throttleWait: throttle?.total ?? .zero)
        await events.handle(.finished(summary))
        return summary
    }

    /// Whether the plan waits for a confirmation after `stage`.
    private func pauses(after stage: RolloutStage) -> Bool {
        switch (plan.pause, stage.kind) {
        case (.never, _): false
        case (.canary, .canary), (.batch, _): true
        case (.canary, .batch): false
        }
    }

    /// Runs one target's steps, skipping those an earlier attempt (`finished`) completed.
    func runTarget(
        _ target: RolloutTarget, finished: [Int: StepRecord], events: any RolloutEventSink,
        executor: any StepExecutor, halt: JournalHalt
    ) async -> TargetOutcome {
        if let reason = await halt.reason {
            return .skipped(reason: "not run: \(reason)")
        }
        await events.handle(.targetStarted(target))
        var changes: [String] = []
        var outcome: TargetOutcome = .succeeded(changes: [])
        var targetRecorded = false
        for step in steps {
            // What an earlier attempt changed stays this run's change; a step it finished is not
            // run again, one it failed or was killed in runs again (steps are idempotent).
            if let record = finished[step.index] {
                changes += record.changes
                if record.status == .succeeded { continue }
            }
            let startedAt = Date()
            do {
                try await journal?.stepStarted(run, target: target.id, step: step, at: startedAt)
            } catch {
                let reason = await halt.stop("the journal could not record a step (\(error)); nothing more runs")
                return .failed(TargetFailure(code: "keyshare.JournalError", message: reason, step: step.name, changes: changes))
            }
            let result = await executor.run(step, of: target, earlier: changes, retried: finished[step.index] != nil)
            for message in result.messages {
                await events.handle(.targetMessage(target, level: "info", message: message))
            }
            // The record keeps what earlier attempts of this step changed: a later resume rebuilds the
            // target's status from the records, and the attempt that finished may have found the work done.
            let carried = (finished[step.index]?.changes ?? []).filter { !result.changes.contains($0) }
            var record = StepRecord(
                target: target.id, step: step, status: .succeeded, changes: carried + result.changes,
                messages: result.messages, startedAt: startedAt, finishedAt: Date())
            switch result {
            case .succeeded(let stepChanges, _):
                changes += stepChanges
            case .failed(var failure, _):
                record.status = .failed
                record.failure = failure
                failure.changes = changes + failure.changes
                outcome = .failed(failure)
            case .skipped(let reason, _):
                record.status = .skipped
                record.failure = TargetFailure(code: "keyshare.Skipped", message: reason, step: step.name)
                outcome = .skipped(reason: reason)
            }
            // A step that ends the target records the target's end in the same commit.
            let ends = record.status != .succeeded || step.index == (steps.last?.index ?? step.index)
            let end: TargetEnd? = ends ? Self.end(of: record.status == .succeeded ? .succeeded(changes: changes) : outcome) : nil
            do {
                try await journal?.stepFinished(run, record: record, end: end)
                targetRecorded = ends
            } catch {
                let reason = await halt.stop("the journal could not record a step (\(error)); nothing more runs")
                return .failed(
                    TargetFailure(
                        code: "keyshare.JournalError", message: reason, step: step.name,
                        changes: changes + (record.status == .failed ? result.changes : [])))
            }
            if record.status != .succeeded { break }
        }
        if case .succeeded = outcome { outcome = .succeeded(changes: changes) }
        guard !targetRecorded else { return outcome }
        let end = Self.end(of: outcome)
        do {
            try await journal?.targetFinished(run, target: target.id, status: end.status, reason: end.reason, at: end.at)
        } catch {
            _ = await halt.stop("the journal could not record a target (\(error)); nothing more runs")
        }
        return outcome
    }

    static func end(of outcome: TargetOutcome) -> TargetEnd {
        let (status, reason) = journalStatus(of: outcome)
        return TargetEnd(status: status, reason: reason, at: Date())
    }

    private static func journalStatus(of outcome: TargetOutcome) -> (TargetStatus, String?) {
        switch outcome {
        case .succeeded(let changes): (changes.isEmpty ? .unchanged : .changed, nil)
        case .failed(let failure): (.failed, failure.description)
        case .skipped(let reason): (.skipped, reason)
        case .cancelled(let reason): (.cancelled, reason)
        }
    }
}

/// Set once the journal fails: a run that cannot record what it does stops starting targets.
actor JournalHalt {
    private(set) var reason: String?

    /// Records the first reason and returns the one in force.
    func stop(_ why: String) -> String {
        if reason == nil { reason = why }
        return reason ?? why
    }
}
