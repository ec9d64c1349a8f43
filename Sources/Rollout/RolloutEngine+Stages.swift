import Foundation

/// One run of a plan's stages: the results so far, why the run stopped (if it did), and the
/// cancellation of what had not started.
struct StagedRun {
    let engine: RolloutEngine
    let events: any RolloutEventSink
    let executor: any StepExecutor
    /// Step records of earlier attempts, per target and step index.
    let done: [String: [Int: StepRecord]]
    let clock: ContinuousClock
    /// Set once the journal fails: targets not started yet are skipped.
    let halt = JournalHalt()
    /// One slot per planned target, in plan order.
    private(set) var results: [TargetResult?]
    /// Why no further target starts (the canary failed, the tolerance was exceeded, a pause was refused).
    private(set) var stopReason: String?
    /// Whether reporters heard why the run stopped.
    private var announcedStop = false

    init(
        engine: RolloutEngine, events: any RolloutEventSink, executor: any StepExecutor,
        done: [String: [Int: StepRecord]], clock: ContinuousClock
    ) {
        self.engine = engine
        self.events = events
        self.executor = executor
        self.done = done
        self.clock = clock
        results = Array(repeating: nil, count: engine.plan.targets.count)
    }

    /// Runs `stage`'s targets under `controller` (the canary under one that tolerates no failure);
    /// returns whether any target had work left from earlier attempts (a resumed stage that was
    /// already done ran nothing new, so its pause was answered before).
    mutating func run(_ stage: RolloutStage, controller: inout ToleranceController) async -> Bool {
        let isCanary = stage.kind == .canary
        var limits =
            isCanary
            ? ToleranceController(tolerance: 0, mode: engine.plan.mode, concurrency: engine.plan.concurrency) : controller
        var queue = stage.positions[...]
        var ranNewWork = false
        let (engine, events, executor, clock, halt, batch) = (engine, events, executor, clock, halt, stage.batch)
        await withTaskGroup(of: (Int, TargetResult).self) { group in
            var inFlight = 0
            while true {
                if stopReason == nil, let reason = engine.brake?.reason { stopReason = resumable(reason) }
                while let position = queue.first, stopReason == nil, limits.mayStart(inFlight: inFlight) {
                    queue.removeFirst()
                    let target = engine.plan.targets[position]
                    let finished = done[target.id] ?? [:]
                    if engine.steps.contains(where: { finished[$0.index]?.status != .succeeded }) { ranNewWork = true }
                    // A step an earlier attempt started and did not finish runs again (`ctx.retried`).
                    let retried = engine.steps.contains { finished[$0.index].map { $0.status != .succeeded } ?? false }
                    inFlight += 1
                    group.addTask {
                        let began = clock.now
                        let outcome = await engine.runTarget(
                            target, finished: finished, events: events, executor: executor,
                            halt: halt)
                        let result = TargetResult(
                            target: target, outcome: outcome, duration: clock.now - began, batch: batch,
                            attempt: retried ? 2 : 1,
                            throttleWait: engine.throttle?.waited(target.id) ?? .zero)
                        await events.handle(.targetFinished(result))
                        return (position, result)
                    }
                }
                // Nothing in flight and nothing startable: the stage is done (or stopped).
                guard let (index, result) = await group.next() else { break }
                inFlight -= 1
                settle(index, result, isCanary: isCanary, limits: &limits)
            }
        }
        if !isCanary { controller = limits }
        if let stopReason {
            await cancel(Array(queue), stage: stage, reason: stopReason)
        }
        return ranNewWork
    }

    /// Records a finished target and stops the run when it fails the canary or the tolerance.
    private mutating func settle(_ index: Int, _ result: TargetResult, isCanary: Bool, limits: inout ToleranceController) {
        results[index] = result
        limits.record(result.outcome)
        guard stopReason == nil else { return }
        if let reason = engine.brake?.reason {
            stopReason = resumable(reason)
            return
        }
        if isCanary, case .failed(let failure) = result.outcome {
            stopReason = resumable("the canary failed (\(result.target.id): \(failure))")
        } else if let exceeded = limits.exceeded {
            stopReason = resumable(exceeded)
        }
    }

    /// Stops the run: targets not started are cancelled with `reason`.
    mutating func stop(_ reason: String) async {
        guard stopReason == nil else { return }
        stopReason = resumable(reason)
    }

    /// The reason with how to continue, when the run is journaled (resume needs the journal).
    private func resumable(_ reason: String) -> String {
        engine.journal == nil ? reason : "\(reason); after a fix, `keyshare resume \(engine.run)` runs the rest"
    }

    /// Marks `positions` of `stage` cancelled: in the results, the journal and the events.
    mutating func cancel(_ positions: [Int], stage: RolloutStage, reason: String) async {
        // Announced once, before the first target it cancels.
        if !positions.isEmpty, !announcedStop {
            announcedStop = true
            await events.handle(.stopped(reason: reason))
        }
        for position in positions {
            let target = engine.plan.targets[position]
            let result = TargetResult(target: target, outcome: .cancelled(reason: reason), batch: stage.batch)
            results[position] = result
            do {
                try await engine.journal?.targetFinished(
                    engine.run, target: target.id, status: .cancelled, reason: reason,
                    at: Date())
            } catch {
                _ = await halt.stop("the journal could not record a target (\(error)); nothing more runs")
            }
            await events.handle(.targetFinished(result))
        }
    }

    /// What a gate sees after `stage`.
    func report(after stage: RolloutStage, next: RolloutStage, remaining: Int) -> StageReport {
        var counts: [String: Int] = [:]
        var failures: [StageReport.Failure] = []
        for result in results.compactMap({ $0 }) {
            counts[result.outcome.status, default: 0] += 1
            if case .failed(let failure) = result.outcome {
                failures.append(StageReport.Failure(target: result.target, reason: failure.description))
            }
        }
        return StageReport(finished: stage, next: next, counts: counts, failures: failures, remaining: remaining)
    }
}
