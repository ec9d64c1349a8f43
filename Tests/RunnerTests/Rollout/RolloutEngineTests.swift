import Foundation
import Rollout
import Synchronization
import Testing

/// Records events in order, for assertions.
private actor RecordingSink: RolloutEventSink {
    var events: [RolloutEvent] = []
    func handle(_ event: RolloutEvent) async { events.append(event) }
}

/// Counts targets in flight and remembers the highest count seen.
private final class InFlightGauge: Sendable {
    private let state = Mutex((current: 0, peak: 0))
    func enter() {
        state.withLock {
            $0.current += 1
            $0.peak = max($0.peak, $0.current)
        }
    }
    func leave() { state.withLock { $0.current -= 1 } }
    var peak: Int { state.withLock { $0.peak } }
}

/// A journal in memory; `failAfter` makes every write after the n-th throw.
private actor MemoryJournal: RolloutJournal {
    struct Broken: Error, CustomStringConvertible { var description: String { "disk full" } }
    var records: [StepRecord] = []
    var started: [(String, Int)] = []
    var targetStatuses: [String: TargetStatus] = [:]
    var writes = 0
    let failAfter: Int?

    init(failAfter: Int? = nil) { self.failAfter = failAfter }

    private func write() throws {
        writes += 1
        if let failAfter, writes > failAfter { throw Broken() }
    }

    func beginRun(_ run: RunRecord) async throws {}
    func reopenRun(_ run: RunID, at date: Date) async throws {}
    func stepStarted(_ run: RunID, target: String, step: StepDescriptor, at date: Date) async throws {
        try write()
        started.append((target, step.index))
    }
    func stepFinished(_ run: RunID, record: StepRecord) async throws {
        try write()
        records.append(record)
    }
    func targetFinished(_ run: RunID, target: String, status: TargetStatus, reason: String?, at date: Date) async throws {
        try write()
        targetStatuses[target] = status
    }
    func recordMutation(_ mutation: MutationRecord) async throws {}
    func finishRun(_ run: RunID, status: RunStatus, summary: String, at date: Date) async throws {}
    func run(_ run: RunID) async throws -> RunRecord? { nil }
    func steps(of run: RunID) async throws -> [StepRecord] { records }
    func mutations(of run: RunID) async throws -> [MutationRecord] { [] }
}

/// Runs steps from a closure; remembers every (target, step, earlier changes) it ran.
private final class ClosureExecutor: StepExecutor {
    let ran = Mutex<[(String, Int, [String])]>([])
    let retries = Mutex<[Int: Bool]>([:])
    let body: @Sendable (StepDescriptor, RolloutTarget) async -> StepOutcome
    init(_ body: @escaping @Sendable (StepDescriptor, RolloutTarget) async -> StepOutcome) { self.body = body }
    func run(_ step: StepDescriptor, of target: RolloutTarget, earlier: [String], retried: Bool) async -> StepOutcome {
        ran.withLock { $0.append((target.id, step.index, earlier)) }
        retries.withLock { $0[step.index] = retried }
        return await body(step, target)
    }
    var calls: [(String, Int, [String])] { ran.withLock { $0 } }
}

private func targets(_ count: Int) -> [RolloutTarget] {
    (1...count).map { RolloutTarget(id: String(2_000_000_000_000_000 + $0), name: "member-\($0)") }
}

private let threeSteps = ["roles", "grant", "verify"].enumerated().map { StepDescriptor(index: $0, name: $1) }

@Suite("Rollout engine")
struct RolloutEngineTests {
    @Test("never runs more targets at once than the plan's concurrency; each target's steps run in order")
    func boundsConcurrency() async throws {
        let gauge = InFlightGauge()
        let plan = try RolloutPlan(targets: targets(40), concurrency: 4)
        let executor = ClosureExecutor { step, _ in
            if step.index == 0 { gauge.enter() }
            try? await Task.sleep(for: .milliseconds(1))
            if step.index == 2 { gauge.leave() }
            return .succeeded(changes: [], messages: [])
        }
        let engine = RolloutEngine(plan: plan, steps: threeSteps, run: .make())
        let summary = await engine.run(events: DiscardingEventSink(), executor: executor)
        #expect(gauge.peak <= 4)
        #expect(summary.results.count == 40)
        for target in plan.targets {
            #expect(executor.calls.filter { $0.0 == target.id }.map(\.1) == [0, 1, 2])
        }
    }

    @Test("a failed or skipped step ends its target only; results keep plan order; changes add up across steps")
    func outcomesPerTarget() async throws {
        let plan = try RolloutPlan(targets: targets(10), concurrency: 3)
        let executor = ClosureExecutor { step, target in
            switch (target.name, step.index) {
            case ("member-5", 1): .failed(TargetFailure(code: "Forbidden", message: "no", changes: ["half"]), messages: [])
            case ("member-6", 0): .skipped(reason: "owner", messages: [])
            case ("member-1", _): .succeeded(changes: ["change \(step.index)"], messages: [])
            case ("member-5", 0): .succeeded(changes: ["roles"], messages: [])
            default: .succeeded(changes: [], messages: [])
            }
        }
        let summary = await RolloutEngine(plan: plan, steps: threeSteps, run: .make())
            .run(events: DiscardingEventSink(), executor: executor)
        #expect(summary.results.map(\.target.name) == (1...10).map { "member-\($0)" })
        #expect(summary.line == "10 targets: 1 changed, 7 unchanged, 1 failed, 1 skipped, 0 cancelled")
        #expect(summary.results[0].outcome == .succeeded(changes: ["change 0", "change 1", "change 2"]))
        guard case .failed(let failure) = summary.results[4].outcome else {
            Issue.record("member-5 must fail")
            return
        }
        // The failure carries the earlier steps' changes and the failing step's own.
        #expect(failure.changes == ["roles", "half"])
        #expect(executor.calls.filter { $0.0 == plan.targets[4].id }.map(\.1) == [0, 1])
        #expect(executor.calls.filter { $0.0 == plan.targets[5].id }.map(\.1) == [0])
    }

    @Test(
        "a resume skips the steps an earlier attempt finished and reruns failed or interrupted ones",
        arguments: [
            // (earlier statuses per step for the target, steps expected to run)
            ([StepStatus](), [0, 1, 2]),
            ([.succeeded], [1, 2]),
            ([.succeeded, .succeeded], [2]),
            ([.succeeded, .succeeded, .succeeded], []),
            ([.succeeded, .running], [1, 2]),
            ([.succeeded, .failed], [1, 2]),
            ([.running], [0, 1, 2]),
            ([.skipped], [0, 1, 2]),
        ])
    func resumeSkipsFinishedSteps(earlierStatuses: [StepStatus], expected: [Int]) async throws {
        let plan = try RolloutPlan(targets: targets(1), concurrency: 1)
        let id = plan.targets[0].id
        let earlier = earlierStatuses.enumerated().map { index, status in
            StepRecord(
                target: id, step: threeSteps[index], status: status,
                changes: status == .running ? [] : ["earlier \(index)"], startedAt: Date())
        }
        let executor = ClosureExecutor { _, _ in .succeeded(changes: [], messages: []) }
        let summary = await RolloutEngine(plan: plan, steps: threeSteps, run: .make(), earlier: earlier)
            .run(events: DiscardingEventSink(), executor: executor)
        #expect(executor.calls.map(\.1) == expected)
        // What the earlier attempt changed is still this run's change, and later steps are told.
        let carried = earlier.filter { $0.status != .running }.map { "earlier \($0.step.index)" }
        #expect(summary.results[0].outcome == .succeeded(changes: carried))
        for call in executor.calls {
            #expect(call.2 == carried.filter { (Int($0.split(separator: " ")[1]) ?? 0) <= call.1 })
            // A step an earlier attempt started (and did not finish) is told it is retried.
            let retried = call.1 < earlierStatuses.count && earlierStatuses[call.1] != .succeeded
            #expect(executor.retries.withLock { $0[call.1] } == retried, "step \(call.1)")
        }
    }

    @Test(
        "what earlier attempts of a rerun step changed stays in its record, so every later resume still reports the target changed",
        arguments: [StepStatus.running, .failed])
    func rerunStepKeepsEarlierChanges(earlierStatus: StepStatus) async throws {
        let plan = try RolloutPlan(targets: targets(1), concurrency: 1)
        let id = plan.targets[0].id
        let journal = MemoryJournal()
        // The killed (or failed) attempt made the role; the rerun finds it and changes nothing.
        let earlier = [
            StepRecord(
                target: id, step: threeSteps[0], status: earlierStatus, changes: ["created role R"],
                startedAt: Date())
        ]
        let quiet = ClosureExecutor { _, _ in .succeeded(changes: [], messages: []) }
        let first = await RolloutEngine(plan: plan, steps: threeSteps, run: .make(), journal: journal, earlier: earlier)
            .run(events: DiscardingEventSink(), executor: quiet)
        #expect(first.results[0].outcome == .succeeded(changes: ["created role R"]))
        let recorded = await journal.records
        #expect(recorded.first { $0.step.index == 0 }?.changes == ["created role R"])
        // A second resume (another target of the run was still going) rebuilds the status from the records.
        let second = await RolloutEngine(
            plan: plan, steps: threeSteps, run: .make(), journal: MemoryJournal(),
            earlier: recorded
        ).run(events: DiscardingEventSink(), executor: quiet)
        #expect(second.results[0].outcome == .succeeded(changes: ["created role R"]))
        #expect(quiet.calls.count == 3)
    }

    @Test("every step is journaled, started then finished, before the target's next step begins")
    func journalsEachStep() async throws {
        let journal = MemoryJournal()
        let plan = try RolloutPlan(targets: targets(5), concurrency: 2)
        let executor = ClosureExecutor { step, target in
            if step.index > 0 {
                let records = await journal.records
                guard records.contains(where: { $0.target == target.id && $0.step.index == step.index - 1 }) else {
                    return .failed(TargetFailure(code: "Order", message: "previous step not journaled"), messages: [])
                }
            }
            return .succeeded(changes: ["\(step.name)"], messages: ["log \(step.index)"])
        }
        let summary = await RolloutEngine(plan: plan, steps: threeSteps, run: .make(), journal: journal)
            .run(events: DiscardingEventSink(), executor: executor)
        #expect(summary.failed == 0)
        let records = await journal.records
        #expect(records.count == 15)
        #expect(records.allSatisfy { $0.status == .succeeded && $0.messages == ["log \($0.step.index)"] })
        #expect(await journal.targetStatuses.values.allSatisfy { $0 == .changed })
        #expect(await journal.started.count == 15)
    }

    @Test(
        "when the journal cannot be written, that target fails and no later target starts",
        arguments: [0, 1, 2, 3, 7])
    func journalFailureHalts(failAfter: Int) async throws {
        let journal = MemoryJournal(failAfter: failAfter)
        let plan = try RolloutPlan(targets: targets(6), concurrency: 1)
        let executor = ClosureExecutor { _, _ in .succeeded(changes: ["x"], messages: []) }
        let summary = await RolloutEngine(plan: plan, steps: threeSteps, run: .make(), journal: journal)
            .run(events: DiscardingEventSink(), executor: executor)
        let failures = summary.results.compactMap { result -> TargetFailure? in
            if case .failed(let failure) = result.outcome { return failure }
            return nil
        }
        // A failure of the target-finished record fails nothing already done, but stops later targets.
        #expect(failures.count <= 1)
        #expect(failures.allSatisfy { $0.code == "keyshare.JournalError" && $0.message.contains("disk full") })
        let stopped = summary.results.firstIndex { $0.outcome.status != "changed" } ?? summary.results.count
        #expect(stopped < summary.results.count, "some target must be stopped")
        for result in summary.results[stopped...].dropFirst() {
            guard case .skipped(let reason) = result.outcome else {
                Issue.record("\(result.target.name) ran after the journal failed: \(result.outcome)")
                continue
            }
            #expect(reason.contains("journal"))
        }
    }

    @Test("reports start, one start and finish per target, then the summary")
    func eventsInOrder() async throws {
        let sink = RecordingSink()
        let plan = try RolloutPlan(targets: targets(3), concurrency: 1)
        _ = await RolloutEngine(plan: plan, steps: threeSteps, run: .make())
            .run(events: sink, executor: ClosureExecutor { _, _ in .succeeded(changes: [], messages: []) })
        let events = await sink.events
        #expect(events.count == 8)
        guard case .started = events.first, case .finished(let summary) = events.last else {
            Issue.record("first event must be .started and last .finished, got \(events)")
            return
        }
        #expect(summary.results.count == 3)
        guard case .targetStarted(let first) = events[1], case .targetFinished(let done) = events[2] else {
            Issue.record("with concurrency 1 each start is followed by its finish, got \(events)")
            return
        }
        #expect(first == done.target)
    }

    @Test("a plan rejects concurrency below 1 and duplicate targets, naming the fix")
    func planValidation() {
        #expect(throws: RolloutError.self) { try RolloutPlan(targets: targets(2), concurrency: 0) }
        let twice = targets(1) + targets(1)
        do {
            _ = try RolloutPlan(targets: twice, concurrency: 1)
            Issue.record("duplicate targets must be rejected")
        } catch {
            #expect(String(describing: error).contains("listed twice"))
        }
    }

    @Test("run ids are well-formed, sortable by time and distinct; malformed ones are refused")
    func runIDs() {
        let early = RunID.make(at: Date(timeIntervalSince1970: 1_800_000_000))
        let late = RunID.make(at: Date(timeIntervalSince1970: 1_800_000_100))
        #expect(early < late)
        #expect(RunID(early.rawValue) == early)
        #expect(early.rawValue.hasPrefix("r-20270115T"))
        #expect(Set((0..<100).map { _ in RunID.make().rawValue }).count > 90)
        for bad in ["", "r-", "x-2026", "r-2026 1", "r-../../etc", "r-" + String(repeating: "a", count: 70)] {
            #expect(RunID(bad) == nil, "\(bad)")
        }
    }
}
