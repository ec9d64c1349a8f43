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
    func enter() { state.withLock { $0.current += 1; $0.peak = max($0.peak, $0.current) } }
    func leave() { state.withLock { $0.current -= 1 } }
    var peak: Int { state.withLock { $0.peak } }
}

private func targets(_ count: Int) -> [RolloutTarget] {
    (1...count).map { RolloutTarget(id: String(2_000_000_000_000_000 + $0), name: "member-\($0)") }
}

@Suite("ConcurrentScheduler")
struct ConcurrentSchedulerTests {
    @Test("never runs more targets at once than the plan's concurrency")
    func boundsConcurrency() async throws {
        let gauge = InFlightGauge()
        let plan = try RolloutPlan(targets: targets(40), concurrency: 4)
        let summary = await ConcurrentScheduler().run(plan, events: DiscardingEventSink()) { _ in
            gauge.enter()
            try? await Task.sleep(for: .milliseconds(2))
            gauge.leave()
            return .succeeded(changes: [])
        }
        #expect(gauge.peak <= 4)
        #expect(gauge.peak >= 2)
        #expect(summary.results.count == 40)
    }

    @Test("a failed target leaves the others to succeed, and results keep plan order")
    func failureIsPerTarget() async throws {
        let plan = try RolloutPlan(targets: targets(10), concurrency: 3)
        let summary = await ConcurrentScheduler().run(plan, events: DiscardingEventSink()) { target in
            if target.name == "member-5" { return .failed(TargetFailure(code: "Forbidden", message: "no")) }
            return .succeeded(changes: target.name == "member-1" ? ["created role"] : [])
        }
        #expect(summary.results.map(\.target.name) == (1...10).map { "member-\($0)" })
        #expect(summary.failed == 1)
        #expect(summary.changed == 1)
        #expect(summary.unchanged == 8)
        #expect(!summary.isSuccess)
        #expect(summary.line == "10 targets: 1 changed, 8 unchanged, 1 failed, 0 skipped")
    }

    @Test("reports start, one start and finish per target, then the summary")
    func eventsInOrder() async throws {
        let sink = RecordingSink()
        let plan = try RolloutPlan(targets: targets(3), concurrency: 1)
        _ = await ConcurrentScheduler().run(plan, events: sink) { _ in .succeeded(changes: []) }
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
}
