import Foundation
import Rollout
import Synchronization
import Testing

/// Records events in order, for assertions.
private actor EventLog: RolloutEventSink {
    var events: [RolloutEvent] = []
    func handle(_ event: RolloutEvent) async { events.append(event) }

    /// `start:ID` and `finish:ID` in the order they happened (cancelled targets never start).
    var timeline: [String] {
        events.compactMap { event in
            switch event {
            case .targetStarted(let target): "start:\(target.id)"
            case .targetFinished(let result): result.outcome.status == "cancelled" ? nil : "finish:\(result.target.id)"
            default: nil
            }
        }
    }
}

/// A journal in memory: step records and target statuses.
private actor StagingJournal: RolloutJournal {
    var records: [StepRecord] = []
    var statuses: [String: (TargetStatus, String?)] = [:]

    func beginRun(_ run: RunRecord) async throws {}
    func reopenRun(_ run: RunID, at date: Date) async throws {}
    func stepStarted(_ run: RunID, target: String, step: StepDescriptor, at date: Date) async throws {}
    func stepFinished(_ run: RunID, record: StepRecord) async throws { records.append(record) }
    func targetFinished(_ run: RunID, target: String, status: TargetStatus, reason: String?, at date: Date) async throws {
        statuses[target] = (status, reason)
    }
    func status(of target: String) -> TargetStatus? { statuses[target]?.0 }
    func recordMutation(_ mutation: MutationRecord) async throws {}
    func finishRun(_ run: RunID, status: RunStatus, summary: String, at date: Date) async throws {}
    func run(_ run: RunID) async throws -> RunRecord? { nil }
    func steps(of run: RunID) async throws -> [StepRecord] { records }
    func mutations(of run: RunID) async throws -> [MutationRecord] { [] }
}

/// Fails the targets at the given plan positions (by id), counts targets in flight and the calls.
private final class PositionExecutor: StepExecutor {
    let failing: Set<String>
    private let state = Mutex((current: 0, peak: 0, ran: [String]()))
    init(failing: Set<String>) { self.failing = failing }

    func run(_ step: StepDescriptor, of target: RolloutTarget, earlier: [String], retried: Bool) async -> StepOutcome {
        state.withLock {
            $0.current += 1
            $0.peak = max($0.peak, $0.current)
            $0.ran.append(target.id)
        }
        // Suspend so targets started together are really in flight together.
        for _ in 0..<5 { await Task.yield() }
        state.withLock { $0.current -= 1 }
        if failing.contains(target.id) {
            return .failed(
                TargetFailure(code: "Test.Failure", message: "target \(target.id) fails", step: step.name), messages: [])
        }
        return .succeeded(changes: ["changed \(target.id)"], messages: [])
    }

    var peak: Int { state.withLock { $0.peak } }
    var ran: [String] { state.withLock { $0.ran } }
}

/// A gate that answers from a list of decisions in order (then proceeds), remembering the reports.
private final class ScriptedGate: StageGate {
    private let state: Mutex<(answers: [StageDecision], reports: [StageReport])>
    init(_ answers: [StageDecision]) { state = Mutex((answers, [])) }
    func decide(after report: StageReport) async -> StageDecision {
        state.withLock { value in
            value.reports.append(report)
            return value.answers.isEmpty ? .proceed : value.answers.removeFirst()
        }
    }
    var reports: [StageReport] { state.withLock { $0.reports } }
}

private func members(_ count: Int) -> [RolloutTarget] {
    (0..<count).map { RolloutTarget(id: String(3_000_000_000_000_000 + $0), name: "member-\($0)") }
}

private func id(_ position: Int) -> String { String(3_000_000_000_000_000 + position) }

private let oneStep = [StepDescriptor(index: 0, name: "share")]

/// A plan's stages for a number of targets: the canary's size, then the batch sizes.
struct StageCase: CustomTestStringConvertible, Sendable {
    var name: String
    var targets: Int
    var canary: RolloutCanary?
    var batches: [RolloutAmount]
    var expected: [Int]
    var testDescription: String { name }
}

/// A tolerance scenario: which positions fail, and what must have run, failed and been cancelled.
struct ToleranceCase: CustomTestStringConvertible, Sendable {
    var name: String
    var targets = 20
    var concurrency: Int
    var tolerance: RolloutAmount?
    var mode: ToleranceMode
    var failing: Set<Int>
    /// Positions that must have run (exactly these).
    var ran: Set<Int>
    var failed: Int
    var testDescription: String { name }
}

@Suite("Rollout staging: canary, batches, pauses, failure tolerance")
struct StagingTests {
    static let stageCases: [StageCase] = [
        StageCase(name: "no staging: one batch of every target", targets: 10, canary: nil, batches: [], expected: [10]),
        StageCase(
            name: "1 target, canary 1 and batches {1, 10%, 100%}: the canary only", targets: 1, canary: .amount(.count(1)),
            batches: [.count(1), .percent(10), .percent(100)], expected: [1]),
        StageCase(
            name: "3 targets, canary 10% (rounds to 0, raised to 1), batches {10%}: 1, then 1 and 1", targets: 3,
            canary: .amount(.percent(10)), batches: [.percent(10)], expected: [1, 1, 1]),
        StageCase(
            name: "1,000 targets, batches {1, 10%, 100%}: 1, then 100, then the rest", targets: 1_000, canary: nil,
            batches: [.count(1), .percent(10), .percent(100)], expected: [1, 100, 899]),
        StageCase(
            name: "1,000 targets, canary 1, batches {10%}: the last size repeats, the last batch takes the rest",
            targets: 1_000, canary: .amount(.count(1)), batches: [.percent(10)],
            expected: [1, 100, 100, 100, 100, 100, 100, 100, 100, 100, 99]),
        StageCase(
            name: "5 targets, canary 2, batches {2}: 2, then 2 and 1", targets: 5, canary: .amount(.count(2)),
            batches: [.count(2)], expected: [2, 2, 1]),
        StageCase(
            name: "a canary larger than the run takes every target", targets: 3, canary: .amount(.count(7)),
            batches: [.count(1)], expected: [3]),
        StageCase(
            name: "batches larger than what is left are cut to it", targets: 4, canary: nil, batches: [.count(3), .count(50)],
            expected: [3, 1]),
    ]

    @Test("a plan's stages hold every target once, sized as the canary and batches say", arguments: stageCases)
    func stageSizes(_ test: StageCase) throws {
        let plan = try RolloutPlan(
            targets: members(test.targets), concurrency: .count(4),
            staging: RolloutStaging(canary: test.canary, batches: test.batches))
        #expect(plan.stages.map(\.positions.count) == test.expected)
        #expect(plan.stages.flatMap(\.positions) == Array(0..<test.targets))
        #expect((plan.stages.first?.kind == .canary) == (test.canary != nil))
    }

    @Test(
        "percentages round down with a minimum of 1 for concurrency and 0 for tolerance: 1, 3 and 1,000 targets",
        arguments: [(1, 1, 0), (3, 1, 0), (15, 1, 1), (1_000, 100, 100)])
    func percentagesRound(_ count: Int, _ concurrency: Int, _ tolerance: Int) throws {
        let plan = try RolloutPlan(
            targets: members(count), concurrency: .percent(10),
            staging: RolloutStaging(tolerance: .percent(10)))
        #expect(plan.concurrency == concurrency)
        #expect(plan.tolerance == tolerance)
    }

    @Test("a canary of named accounts runs first, in plan order, whatever their position")
    func namedCanary() throws {
        let plan = try RolloutPlan(
            targets: members(6), concurrency: .count(2),
            staging: RolloutStaging(canary: .accounts([id(4), id(1)]), batches: [.count(2)]))
        #expect(plan.targets.prefix(2).map(\.id) == [id(1), id(4)])
        #expect(plan.stages.map(\.positions.count) == [2, 2, 2])
        #expect(throws: RolloutError.self) {
            _ = try RolloutPlan(targets: members(3), concurrency: .count(1), staging: RolloutStaging(canary: .accounts(["42"])))
        }
    }

    @Test(
        "a failing canary runs nothing else: every other target is cancelled with the reason, canary and all",
        arguments: [RolloutCanary.amount(.count(1)), .amount(.count(3)), .accounts([id(5)]), .amount(.percent(20))])
    func canaryFails(_ canary: RolloutCanary) async throws {
        let plan = try RolloutPlan(
            targets: members(10), concurrency: .count(4),
            staging: RolloutStaging(canary: canary, batches: [.count(3)]))
        let canaryIDs = Set(plan.stages[0].positions.map { plan.targets[$0].id })
        let failing = plan.targets[plan.stages[0].positions.last ?? 0].id
        let executor = PositionExecutor(failing: [failing])
        let journal = StagingJournal()
        let log = EventLog()
        let summary = await RolloutEngine(plan: plan, steps: oneStep, run: .make(), journal: journal)
            .run(events: log, executor: executor)
        #expect(Set(executor.ran).isSubset(of: canaryIDs), "only canary targets ran: \(executor.ran)")
        #expect(summary.failed == 1)
        #expect(summary.cancelled == 10 - Set(executor.ran).count)
        for result in summary.results where !canaryIDs.contains(result.target.id) {
            guard case .cancelled(let reason) = result.outcome else {
                Issue.record("\(result.target.id) is \(result.outcome.status), not cancelled")
                continue
            }
            #expect(reason.contains("the canary failed") && reason.contains(failing), "\(reason)")
            #expect(reason.contains("keyshare resume"), "a journaled run says how to continue: \(reason)")
            #expect(await journal.status(of: result.target.id) == .cancelled)
        }
        #expect(!summary.isSuccess)
        #expect(summary.line.hasSuffix("\(summary.cancelled) cancelled"))
        let stops = await log.events.filter { if case .stopped = $0 { true } else { false } }
        #expect(stops.count == 1, "the stop is announced once, not per stage")
    }

    static let toleranceCases: [ToleranceCase] = [
        ToleranceCase(
            name: "strict, tolerance 1, concurrency 10, first four fail: 2 in flight, stops at 2 failures",
            concurrency: 10, tolerance: .count(1), mode: .strict, failing: [0, 1, 2, 3], ran: [0, 1], failed: 2),
        ToleranceCase(
            name: "soft, tolerance 0, concurrency 10, first ten fail: the whole first wave ran, 10 failures",
            concurrency: 10, tolerance: .count(0), mode: .soft, failing: Set(0..<10), ran: Set(0..<10), failed: 10),
        ToleranceCase(
            name: "strict, tolerance 0, concurrency 10, first ten fail: one in flight, 1 failure",
            concurrency: 10, tolerance: .count(0), mode: .strict, failing: Set(0..<10), ran: [0], failed: 1),
        ToleranceCase(
            name: "strict, tolerance 0, concurrency 4: one at a time, stops at the first failure (position 3)",
            concurrency: 4, tolerance: .count(0), mode: .strict, failing: [3, 9], ran: [0, 1, 2, 3], failed: 1),
        ToleranceCase(
            name: "soft, tolerance 1, concurrency 1, failures at 2, 5, 7: stops after the second (5)",
            concurrency: 1, tolerance: .count(1), mode: .soft, failing: [2, 5, 7], ran: Set(0...5), failed: 2),
        ToleranceCase(
            name: "strict, tolerance 10% (2 of 20), concurrency 1, failures at 1, 3, 5, 7: stops after 5",
            concurrency: 1, tolerance: .percent(10), mode: .strict, failing: [1, 3, 5, 7], ran: Set(0...5), failed: 3),
        ToleranceCase(
            name: "strict, tolerance 2, concurrency 4, one failure (position 5): everything runs",
            concurrency: 4, tolerance: .count(2), mode: .strict, failing: [5], ran: Set(0..<20), failed: 1),
        ToleranceCase(
            name: "no tolerance given: every target runs whatever fails (as before staging)",
            concurrency: 3, tolerance: nil, mode: .strict, failing: [0, 1, 2, 3, 4], ran: Set(0..<20), failed: 5),
        ToleranceCase(
            name: "soft, tolerance 0, concurrency 5, last position fails: nothing left to cancel",
            concurrency: 5, tolerance: .count(0), mode: .soft, failing: [19], ran: Set(0..<20), failed: 1),
    ]

    @Test(
        "failure tolerance: strict never passes tolerance + 1 failures, soft stops starting once exceeded",
        arguments: toleranceCases)
    func tolerance(_ test: ToleranceCase) async throws {
        let plan = try RolloutPlan(
            targets: members(test.targets), concurrency: .count(test.concurrency),
            staging: RolloutStaging(tolerance: test.tolerance, mode: test.mode))
        let executor = PositionExecutor(failing: Set(test.failing.map(id)))
        let summary = await RolloutEngine(plan: plan, steps: oneStep, run: .make()).run(events: EventLog(), executor: executor)
        #expect(Set(executor.ran) == Set(test.ran.map(id)))
        #expect(summary.failed == test.failed)
        #expect(summary.cancelled == test.targets - test.ran.count)
        if let tolerance = plan.tolerance, test.mode == .strict {
            #expect(summary.failed <= tolerance + 1)
            #expect(executor.peak <= min(test.concurrency, tolerance + 1))
        } else {
            #expect(executor.peak <= test.concurrency)
        }
        for result in summary.results {
            if case .cancelled(let reason) = result.outcome {
                #expect(
                    reason.contains("exceeded the failure tolerance of \(plan.tolerance ?? -1) (\(test.mode.rawValue))"),
                    "\(reason)")
            }
        }
    }

    @Test(
        "failures add up across batches: the tolerance is the run's, not each batch's",
        arguments: [(ToleranceMode.strict, 1), (.soft, 1), (.strict, 3), (.soft, 3)])
    func toleranceAcrossBatches(_ mode: ToleranceMode, _ concurrency: Int) async throws {
        // Batches of 3: positions 0-2, 3-5, 6-8, 9-11; one failure in batch 1 (1) and one in batch 2 (4).
        let plan = try RolloutPlan(
            targets: members(12), concurrency: .count(concurrency),
            staging: RolloutStaging(batches: [.count(3)], tolerance: .count(1), mode: mode))
        let summary = await RolloutEngine(plan: plan, steps: oneStep, run: .make())
            .run(events: EventLog(), executor: PositionExecutor(failing: [id(1), id(4)]))
        #expect(summary.failed == 2)
        // Batch 2 ends (its targets in flight finish or, strict, never start); batches 3 and 4 never start.
        #expect(summary.results[6...].allSatisfy { $0.outcome.status == "cancelled" }, "\(summary.line)")
        #expect(summary.results[..<4].allSatisfy { $0.outcome.status != "cancelled" }, "\(summary.line)")
        #expect(summary.results.map(\.batch) == [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4])
    }

    @Test("no target of a batch starts before every target of the stage before it finished", arguments: [1, 3, 8])
    func batchBoundaries(_ concurrency: Int) async throws {
        let plan = try RolloutPlan(
            targets: members(12), concurrency: .count(concurrency),
            staging: RolloutStaging(canary: .amount(.count(2)), batches: [.count(3), .percent(50)]))
        let log = EventLog()
        let summary = await RolloutEngine(plan: plan, steps: oneStep, run: .make()).run(
            events: log, executor: PositionExecutor(failing: []))
        #expect(summary.changed == 12)
        let timeline = await log.timeline
        for (earlier, later) in zip(plan.stages, plan.stages.dropFirst()) {
            let lastFinish = earlier.positions.compactMap { timeline.firstIndex(of: "finish:\(plan.targets[$0].id)") }.max() ?? -1
            let firstStart =
                later.positions.compactMap { timeline.firstIndex(of: "start:\(plan.targets[$0].id)") }.min() ?? Int.max
            #expect(lastFinish < firstStart, "\(later.name) started before \(earlier.name) ended")
        }
        let stages = await log.events.compactMap { event -> String? in
            if case .stageStarted(let stage) = event { return stage.name }
            return nil
        }
        #expect(stages == ["canary", "batch 1 of 3", "batch 2 of 3", "batch 3 of 3"])
        #expect(summary.results.map(\.batch) == [0, 0, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3])
    }

    @Test(
        "a pause refused after a stage cancels the rest; a resumed engine runs only them and asks again only where it ran",
        arguments: [RolloutPause.canary, .batch])
    func refusedPauseResumes(_ pause: RolloutPause) async throws {
        let plan = try RolloutPlan(
            targets: members(7), concurrency: .count(2),
            staging: RolloutStaging(canary: .amount(.count(1)), batches: [.count(3)], pause: pause))
        let run = RunID.make()
        let journal = StagingJournal()
        let refusing = ScriptedGate([.stop(reason: "hook says no")])
        let first = await RolloutEngine(plan: plan, steps: oneStep, run: run, journal: journal)
            .run(events: EventLog(), executor: PositionExecutor(failing: []), gate: refusing)
        #expect(first.changed == 1)
        #expect(first.cancelled == 6)
        #expect(refusing.reports.map(\.finished.name) == ["canary"])
        for result in first.results.dropFirst() {
            #expect(
                result.outcome
                    == .cancelled(
                        reason: "the pause after the canary was not confirmed: hook says no; "
                            + "after a fix, `keyshare resume \(run)` runs the rest"))
            #expect(await journal.status(of: result.target.id) == .cancelled)
        }

        let gate = ScriptedGate([])
        let executor = PositionExecutor(failing: [])
        let second = await RolloutEngine(plan: plan, steps: oneStep, run: run, journal: journal, earlier: await journal.records)
            .run(events: EventLog(), executor: executor, gate: gate)
        #expect(Set(executor.ran) == Set((1..<7).map(id)), "the canary is not run again")
        #expect(second.changed == 7 && second.cancelled == 0 && second.isSuccess)
        // The canary ran nothing new, so its pause is not asked again; batch 1 ran, so with
        // pause = batch its pause is asked.
        #expect(gate.reports.map(\.finished.name) == (pause == .batch ? ["batch 1 of 2"] : []))
    }

    @Test("a gate sees the counts so far and the failed targets with their reasons")
    func gateSeesResults() async throws {
        let plan = try RolloutPlan(
            targets: members(8), concurrency: .count(1),
            staging: RolloutStaging(batches: [.count(4)], pause: .batch))
        let gate = ScriptedGate([])
        let summary = await RolloutEngine(plan: plan, steps: oneStep, run: .make())
            .run(events: EventLog(), executor: PositionExecutor(failing: [id(2)]), gate: gate)
        #expect(summary.failed == 1 && summary.changed == 7)
        let report = try #require(gate.reports.first)
        #expect(gate.reports.count == 1, "no pause after the last batch")
        #expect(report.counts["changed"] == 3 && report.counts["failed"] == 1)
        #expect(report.failures.map(\.target.id) == [id(2)])
        #expect(report.failures.first?.reason.contains("Test.Failure") == true)
        #expect(report.next.name == "batch 2 of 2" && report.remaining == 4)
    }

    @Test("pause = canary without a canary, and pause = never, ask nobody")
    func pausesThatDoNotApply() async throws {
        for (canary, pause) in [(nil, RolloutPause.canary), (RolloutCanary.amount(.count(1)), .never)] {
            let plan = try RolloutPlan(
                targets: members(4), concurrency: .count(2),
                staging: RolloutStaging(canary: canary, batches: [.count(1)], pause: pause))
            let gate = ScriptedGate([.stop(reason: "no")])
            let summary = await RolloutEngine(plan: plan, steps: oneStep, run: .make())
                .run(events: EventLog(), executor: PositionExecutor(failing: []), gate: gate)
            #expect(gate.reports.isEmpty)
            #expect(summary.changed == 4)
        }
    }
}
