import Foundation
import Synchronization
import Testing

@testable import Rollout

/// Two `SQLiteJournal` instances on one file stand for two processes sharing a journal.
@Suite("SQLiteJournal leases across two instances")
struct JournalLeaseTests {
    @Test("A lease held by one instance is refused to the other until released; its holder may take it again")
    func exclusive() async throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let first = try SQLiteJournal(path: folder.file("j.sqlite"))
        let second = try SQLiteJournal(path: folder.file("j.sqlite"))
        #expect(try await first.acquireLease(name: "key/k-1", holder: "a", ttl: .seconds(60)))
        #expect(try await !second.acquireLease(name: "key/k-1", holder: "b", ttl: .seconds(60)))
        #expect(try await second.acquireLease(name: "key/k-2", holder: "b", ttl: .seconds(60)))
        #expect(try await first.acquireLease(name: "key/k-1", holder: "a", ttl: .seconds(60)))
        #expect(try await !second.renewLease(name: "key/k-1", holder: "b", ttl: .seconds(60)))
        try await second.releaseLease(name: "key/k-1", holder: "b")
        #expect(try await second.lease(name: "key/k-1")?.holder == "a")
        try await first.releaseLease(name: "key/k-1", holder: "a")
        #expect(try await second.lease(name: "key/k-1") == nil)
        #expect(try await second.acquireLease(name: "key/k-1", holder: "b", ttl: .seconds(60)))
    }

    @Test("An expired lease (a killed holder) is taken over, and the old holder can no longer renew it")
    func expiryTakeover() async throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let first = try SQLiteJournal(path: folder.file("j.sqlite"))
        let second = try SQLiteJournal(path: folder.file("j.sqlite"))
        #expect(try await first.acquireLease(name: "key/k-1", holder: "killed", ttl: .seconds(60)))
        #expect(try await !second.acquireLease(name: "key/k-1", holder: "b", ttl: .seconds(60)))
        // The holder's last renewal gave it 1 ms; then it was killed. (No wall-clock race: the lease
        // is long enough for the refusal above, and certainly over for the takeover below.)
        #expect(try await first.renewLease(name: "key/k-1", holder: "killed", ttl: .milliseconds(1)))
        try await Task.sleep(for: .milliseconds(50))
        #expect(try await second.acquireLease(name: "key/k-1", holder: "b", ttl: .seconds(60)))
        #expect(try await !first.renewLease(name: "key/k-1", holder: "killed", ttl: .seconds(60)))
        #expect(try await first.lease(name: "key/k-1")?.holder == "b")
    }

    @Test("withLease waits for the holder, runs the bodies one at a time, and releases after a body throws")
    func withLeaseSerialises() async throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let journals = [try SQLiteJournal(path: folder.file("j.sqlite")), try SQLiteJournal(path: folder.file("j.sqlite"))]
        let inside = Occupancy()
        struct Planned: Error {}
        let failures = try await withThrowingTaskGroup(of: Int.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    do {
                        try await journals[worker % 2].withLease(name: "key/k-1", holder: "w\(worker)", ttl: .seconds(30)) {
                            inside.enter()
                            try await Task.sleep(for: .milliseconds(20))
                            inside.leave()
                            if worker % 3 == 0 { throw Planned() }
                        }
                        return 0
                    } catch is Planned {
                        return 1
                    }
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(failures == 3)
        #expect(inside.counts.most == 1)
        #expect(inside.counts.entries == 8)
        #expect(try await journals[0].lease(name: "key/k-1") == nil)
    }

    @Test("withLease renews a lease whose body outlives its ttl, and the holder keeps it")
    func renewal() async throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let first = try SQLiteJournal(path: folder.file("j.sqlite"))
        let second = try SQLiteJournal(path: folder.file("j.sqlite"))
        let (renewed, takenMeanwhile) = try await first.withLease(name: "key/k-1", holder: "slow", ttl: .seconds(6)) {
            let initial = try #require(try await second.lease(name: "key/k-1"))
            // A renewal every ttl/3 = 2 s moves the expiry on; polled, so a loaded machine only waits longer.
            var renewed = false
            let deadline = ContinuousClock.now + .seconds(90)
            while !renewed, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(200))
                renewed =
                    try await second.lease(name: "key/k-1").map { $0.holder == "slow" && $0.expiresAt > initial.expiresAt }
                    ?? false
            }
            let taken = try await second.acquireLease(name: "key/k-1", holder: "eager", ttl: .seconds(60))
            return (renewed, taken)
        }
        #expect(renewed)
        #expect(!takenMeanwhile)
        #expect(try await second.lease(name: "key/k-1") == nil)
    }

    @Test(
        "A holder that lost its lease to expiry is told after its body ends, whether or not a renewal ran meanwhile",
        arguments: [Duration.zero, .milliseconds(50), .seconds(2)])
    func lostLease(bodyRunsOn: Duration) async throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let first = try SQLiteJournal(path: folder.file("j.sqlite"))
        let second = try SQLiteJournal(path: folder.file("j.sqlite"))
        let error = await #expect(throws: JournalError.self) {
            try await first.withLease(name: "key/k-1", holder: "stalled", ttl: .milliseconds(300)) {
                // Another process steals it, as it would after this holder stalled past its ttl;
                // a renewal (every 100 ms) may or may not run before the body ends.
                try await first.releaseLease(name: "key/k-1", holder: "stalled")
                #expect(try await second.acquireLease(name: "key/k-1", holder: "thief", ttl: .seconds(60)))
                try await Task.sleep(for: bodyRunsOn)
            }
        }
        #expect(error?.kind == .leaseLost)
        #expect(try await second.lease(name: "key/k-1")?.holder == "thief")
    }

    @Test("Two instances appending steps, mutations and target ends to different runs at once lose nothing")
    func noLostUpdate() async throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let journals = [try SQLiteJournal(path: folder.file("j.sqlite")), try SQLiteJournal(path: folder.file("j.sqlite"))]
        let runs = [
            try JournalFixture.run("r-20261206T234500Z-a00001", targets: 150, steps: ["one", "two"]),
            try JournalFixture.run("r-20261206T234500Z-b00002", targets: 150, steps: ["one", "two"]),
        ]
        for (journal, run) in zip(journals, runs) { try await journal.beginRun(run) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (journal, run) in zip(journals, runs) {
                for target in run.targets {
                    group.addTask {
                        for index in 0..<2 {
                            let step = StepDescriptor(index: index, name: run.steps[index])
                            try await journal.stepStarted(run.id, target: target.id, step: step, at: JournalFixture.start)
                            try await journal.recordMutation(
                                MutationRecord(
                                    run: run.id, target: target.id, step: index, account: target.id, action: "ram:CreateRole",
                                    resource: "role-\(index)", at: JournalFixture.start))
                            try await journal.stepFinished(
                                run.id,
                                record: StepRecord(
                                    target: target.id, step: step, status: .succeeded, startedAt: JournalFixture.start))
                        }
                        try await journal.targetFinished(
                            run.id, target: target.id, status: .changed, reason: nil, at: JournalFixture.start)
                    }
                }
            }
            try await group.waitForAll()
        }
        for run in runs {
            let steps = try await journals[0].steps(of: run.id)
            #expect(steps.count == 300)
            #expect(steps.allSatisfy { $0.status == .succeeded })
            #expect(try await journals[1].mutations(of: run.id).count == 300)
            #expect(try await journals[0].targetCounts()[run.id] == [.changed: 150])
        }
    }
}

/// How many bodies are inside a lease at once, the most ever, and how many entered in all.
private final class Occupancy: Sendable {
    private let state = Mutex((now: 0, most: 0, entries: 0))

    func enter() {
        state.withLock {
            $0.now += 1
            $0.most = max($0.most, $0.now)
            $0.entries += 1
        }
    }
    func leave() { state.withLock { $0.now -= 1 } }
    var counts: (most: Int, entries: Int) { state.withLock { ($0.most, $0.entries) } }
}
