import Synchronization
import Testing

@testable import Rollout

/// The governor's window of calls in flight under contention: every caller is admitted in the end
/// (no lost wake-up), and never more than the window at once, whatever the window and the callers.
/// Calls in flight now, the most seen, and the calls done.
private final class Tally: Sendable {
    let state = Mutex((now: 0, most: 0, done: 0))
}

@Suite("Governor window under contention")
struct GovernorWindowTests {
    @Test(
        "Concurrent callers are all admitted, never more than the window in flight",
        arguments: [(1, 50), (2, 200), (7, 300), (64, 500)])
    func contention(window: Int, callers: Int) async {
        let governor = CallGovernor(defaults: .enforced([:]), maximumInFlight: window, sleep: { _ in })
        let inFlight = Tally()
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<callers {
                group.addTask {
                    await governor.admit(.ram, bucket: "a")
                    inFlight.state.withLock {
                        $0.now += 1
                        $0.most = max($0.most, $0.now)
                    }
                    if index % 3 == 0 { await Task.yield() }
                    inFlight.state.withLock {
                        $0.now -= 1
                        $0.done += 1
                    }
                    governor.release(.ram, throttled: index % 11 == 0)
                }
            }
        }
        let seen = inFlight.state.withLock { $0 }
        #expect(seen.done == callers)
        #expect(seen.most <= window)
        #expect(governor.counts.calls == callers)
    }

    @Test("A throttle narrows the window: later callers wait for slots the throttled calls give back")
    func narrowing() async {
        let governor = CallGovernor(defaults: .enforced([:]), maximumInFlight: 8, sleep: { _ in })
        for _ in 0..<8 { await governor.admit(.kmsRead, bucket: "a") }
        governor.release(.kmsRead, throttled: true)
        #expect(governor.allowed(.kmsRead) == 4)
        // 7 in flight, window 4: a new caller waits until 4 more are released.
        let admitted = Tally()
        let waiter = Task {
            await governor.admit(.kmsRead, bucket: "a")
            admitted.state.withLock { $0.done = 1 }
        }
        for _ in 0..<3 { governor.release(.kmsRead, throttled: false) }
        try? await Task.sleep(for: .milliseconds(20))
        #expect(admitted.state.withLock { $0.done } == 0)
        governor.release(.kmsRead, throttled: false)
        await waiter.value
        #expect(admitted.state.withLock { $0.done } == 1)
    }
}
