import Foundation
import Testing

@testable import Rollout

@Suite("SQLiteJournal group commit")
struct JournalGroupCommitTests {
    @Test(
        "200 concurrent callers: each record is readable as soon as its call returns, by a second journal on the file once flushed, none is lost, and writes share transactions"
    )
    func concurrentCallersSeeTheirCommit() async throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let path = folder.file("j.sqlite")
        let journal = try SQLiteJournal(path: path)
        let reader = try SQLiteJournal(path: path)
        let run = try JournalFixture.run("r-20261206T234500Z-c0c0c0", targets: 200, steps: ["only"])
        try await journal.beginRun(run)
        let step = StepDescriptor(index: 0, name: "only")
        let misses = try await withThrowingTaskGroup(of: [String].self) { group in
            for target in run.targets {
                group.addTask {
                    var misses: [String] = []
                    try await journal.stepStarted(run.id, target: target.id, step: step, at: JournalFixture.start)
                    let started = try await journal.steps(of: run.id).first { $0.target == target.id }
                    if started?.status != .running {
                        misses.append("\(target.id) started: \(String(describing: started?.status))")
                    }
                    try await journal.stepFinished(
                        run.id,
                        record: StepRecord(
                            target: target.id, step: step, status: .succeeded, changes: ["c-\(target.id)"],
                            startedAt: JournalFixture.start, finishedAt: JournalFixture.start))
                    let finished = try await journal.steps(of: run.id).first { $0.target == target.id }
                    if finished?.changes != ["c-\(target.id)"] {
                        misses.append("\(target.id) finished: \(String(describing: finished))")
                    }
                    return misses
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(misses.isEmpty)
        try await journal.flush()
        let steps = try await reader.steps(of: run.id)
        #expect(steps.count == 200)
        #expect(steps.map(\.target) == run.targets.map(\.id))
        #expect(steps.allSatisfy { $0.status == .succeeded && $0.changes == ["c-\($0.target)"] })
        #expect(try await reader.targetStatuses(of: run.id).allSatisfy { $0.status == .running })
        // 1 run + 400 step writes; concurrent callers land in shared transactions.
        #expect(journal.writer.rounds < 401)
    }

    @Test("A failing write in a shared transaction fails only its own caller")
    func oneBadWriteInABatch() async throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let journal = try SQLiteJournal(path: folder.file("j.sqlite"))
        let run = try JournalFixture.run("r-20261206T234500Z-d0d0d0", targets: 50, steps: ["only"])
        try await journal.beginRun(run)
        let step = StepDescriptor(index: 0, name: "only")
        let results = await withTaskGroup(of: (String, Bool).self) { group in
            for index in 0..<100 {
                // Odd callers name targets the run does not have.
                let target = index % 2 == 0 ? String(1_000 + index / 2) : "ghost-\(index)"
                group.addTask {
                    do {
                        try await journal.stepStarted(run.id, target: target, step: step, at: JournalFixture.start)
                        return (target, true)
                    } catch {
                        return (target, false)
                    }
                }
            }
            return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        #expect(results.filter { $0.value }.keys.sorted() == run.targets.map(\.id).sorted())
        #expect(results.filter { !$0.value }.keys.allSatisfy { $0.hasPrefix("ghost-") })
        #expect(try await journal.steps(of: run.id).count == 50)
    }

    @Test("6,000 step records from 64 concurrent tasks (1,000 targets x 3 steps) are all kept; the time is reported")
    func sixThousandRecords() async throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let journal = try SQLiteJournal(path: folder.file("j.sqlite"))
        let names = ["prepare", "share", "verify"]
        let run = try JournalFixture.run("r-20261206T234500Z-e0e0e0", targets: 1_000, steps: names)
        try await journal.beginRun(run)
        let targets = run.targets.map(\.id)
        let clock = ContinuousClock()
        let elapsed = try await clock.measure {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<64 {
                    group.addTask {
                        for target in stride(from: worker, to: targets.count, by: 64).map({ targets[$0] }) {
                            for (index, name) in names.enumerated() {
                                let step = StepDescriptor(index: index, name: name)
                                try await journal.stepStarted(run.id, target: target, step: step, at: JournalFixture.start)
                                try await journal.stepFinished(
                                    run.id,
                                    record: StepRecord(
                                        target: target, step: step, status: .succeeded, changes: index == 1 ? ["granted"] : [],
                                        startedAt: JournalFixture.start, finishedAt: JournalFixture.start))
                            }
                            try await journal.targetFinished(
                                run.id, target: target, status: .changed, reason: nil, at: JournalFixture.start)
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        let steps = try await journal.steps(of: run.id)
        #expect(steps.count == 3_000)
        #expect(steps.allSatisfy { $0.status == .succeeded })
        #expect(try await journal.targetCounts()[run.id] == [.changed: 1_000])
        print(
            "journal: 6,000 step records + 1,000 target ends from 64 tasks in \(elapsed), \(journal.writer.rounds) transactions")
    }
}
