import Foundation
import Testing

@testable import Rollout

@Suite("SQLiteJournal step and target end in one commit")
struct JournalTargetEndTests {
    @Test(
        "a step that ends its target records both, in the journal and as seen by a second instance",
        arguments: [TargetStatus.changed, .unchanged, .failed, .skipped])
    func stepAndTargetEnd(status: TargetStatus) async throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let path = folder.file("journal.sqlite")
        let run = try JournalFixture.run("r-20261207T010000Z-abcdef", targets: 2)
        let journal = try SQLiteJournal(path: path)
        try await journal.beginRun(run)
        let step = StepDescriptor(index: 0, name: "ecs-key-sharing.share")
        let target = run.targets[0].id
        try await journal.stepStarted(run.id, target: target, step: step, at: JournalFixture.start)
        let record = StepRecord(
            target: target, step: step, status: status == .failed ? .failed : .succeeded,
            startedAt: JournalFixture.start, finishedAt: JournalFixture.start)
        try await journal.stepFinished(
            run.id, record: record,
            end: TargetEnd(status: status, reason: "why", at: JournalFixture.start))
        // Another process reads what is folded: everything, after a flush.
        try await journal.flush()
        let other = try SQLiteJournal(path: path)
        let statuses = try await other.targetStatuses(of: run.id)
        #expect(statuses.first { $0.target == target }?.status == status)
        #expect(statuses.first { $0.target == target }?.reason == "why")
        #expect(statuses.first { $0.target == run.targets[1].id }?.status == .pending)
        #expect(try await other.steps(of: run.id).map(\.status) == [record.status])
    }

    @Test("the end of a target the run does not have is refused, and the step is not recorded either")
    func unknownTarget() async throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let run = try JournalFixture.run("r-20261207T010000Z-abcdee", targets: 1)
        let journal = try SQLiteJournal(path: folder.file("journal.sqlite"))
        try await journal.beginRun(run)
        let record = StepRecord(
            target: "999", step: StepDescriptor(index: 0, name: "x"), status: .succeeded,
            startedAt: JournalFixture.start)
        await #expect(throws: (any Error).self) {
            try await journal.stepFinished(run.id, record: record, end: TargetEnd(status: .changed, reason: nil, at: Date()))
        }
        #expect(try await journal.steps(of: run.id).isEmpty)
    }
}
