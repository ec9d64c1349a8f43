import Synchronization
import Testing

@testable import LuaKit

/// The driver's worker pool: no operation ever waits for another (a worker is added whenever all
/// are busy), workers are reused once free, outcomes arrive under their keys, and a job's captures
/// are released once it ran, not when the pool ends.
@Suite("Operation pool")
struct OperationPoolTests {
    typealias Pool = LuaOperationPool<(Int, Result<LuaResults, any Error>)>

    final class Counter: Sendable {
        private let count = Mutex(0)
        func add() { count.withLock { $0 += 1 } }
        var value: Int { count.withLock { $0 } }
    }

    /// Submits `jobs` as a driver does, starting a worker whenever asked; returns the outcomes by key
    /// and how many workers were started.
    private static func run(_ jobs: [LuaOperation], spacing: Bool = false) async -> ([Int: [LuaValue]], Int) {
        let pool = Pool { ($0, $1) }
        var outcomes: [Int: [LuaValue]] = [:]
        var started = 0
        await withDiscardingTaskGroup { group in
            for (key, job) in jobs.enumerated() {
                if pool.submit(.init(key: key, operation: job)) {
                    started += 1
                    group.addTask { await pool.work() }
                }
                if spacing {
                    // One at a time: each outcome comes back before the next job goes out.
                    for (key, outcome) in await pool.take() { outcomes[key] = Self.values(outcome) }
                }
            }
            while outcomes.count < jobs.count {
                for (key, outcome) in await pool.take() { outcomes[key] = Self.values(outcome) }
            }
            pool.close()
        }
        return (outcomes, started)
    }

    private static func values(_ outcome: Result<LuaResults, any Error>) -> [LuaValue] {
        switch outcome {
        case .success(.values(let values)): values
        case .success(.packed): ["packed"]
        case .failure(let error): [.string("error: \(error)")]
        }
    }

    @Test("jobs that wait for each other all run at once (no job queues behind a busy worker)", .timeLimit(.minutes(1)))
    func noJobWaitsForAnother() async {
        // Job i waits until every job has started: serialising any two would never end.
        let count = 40
        let started = Counter()
        let jobs: [LuaOperation] = (0..<count).map { index in
            {
                started.add()
                while started.value < count { try await Task.sleep(for: .milliseconds(1)) }
                return .values([.integer(Int64(index))])
            }
        }
        let (outcomes, workers) = await Self.run(jobs)
        #expect(outcomes.count == count)
        #expect((0..<count).allSatisfy { outcomes[$0] == [.integer(Int64($0))] })
        #expect(workers == count)
    }

    @Test("jobs one after another reuse one worker", arguments: [1, 2, 50])
    func reuse(count: Int) async {
        let jobs: [LuaOperation] = (0..<count).map { index in { .values([.integer(Int64(index))]) } }
        let (outcomes, workers) = await Self.run(jobs, spacing: true)
        #expect(outcomes.count == count)
        #expect((0..<count).allSatisfy { outcomes[$0] == [.integer(Int64($0))] })
        #expect(workers == 1)
    }

    @Test("a failing job's error arrives under its key, and the others still run")
    func failures() async {
        struct Refused: Error {}
        let jobs: [LuaOperation] = [{ .values(["a"]) }, { throw Refused() }, { .values(["c"]) }]
        let (outcomes, _) = await Self.run(jobs)
        #expect(outcomes[0] == ["a"])
        #expect(outcomes[1]?.first?.stringValue?.hasPrefix("error: Refused") == true)
        #expect(outcomes[2] == ["c"])
    }

    final class Capture: Sendable {
        let released: Counter
        init(_ released: Counter) { self.released = released }
        deinit { released.add() }
    }

    @Test("a job's captures are released once it ran, before the pool closes", .timeLimit(.minutes(1)))
    func capturesReleased() async {
        let released = Counter()
        let pool = Pool { ($0, $1) }
        await withDiscardingTaskGroup { group in
            for key in 0..<3 {
                let capture = Capture(released)
                let job: LuaOperation = { [capture] in
                    _ = capture
                    return .values([])
                }
                if pool.submit(.init(key: key, operation: job)) { group.addTask { await pool.work() } }
                _ = await pool.take()
            }
            // Every job ran and its outcome came back; its closure (and the capture) must be gone.
            var waited = 0
            while released.value < 3, waited < 2_000 {
                try? await Task.sleep(for: .milliseconds(1))
                waited += 1
            }
            #expect(released.value == 3)
            pool.close()
        }
    }
}
