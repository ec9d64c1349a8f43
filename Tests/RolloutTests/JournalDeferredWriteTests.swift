import Foundation
import GRDB
import Testing

@testable import Rollout

/// A call's outcome is recorded without waiting: it must be durable, in order, once any later write
/// returned, and a deferred write that failed must stop the next one.
@Suite("SQLiteJournal deferred writes")
struct JournalDeferredWriteTests {
    private static func mutation(_ run: RunID, _ index: Int, target: String? = "1000") -> MutationRecord {
        MutationRecord(
            run: run, target: target, step: 0, account: "1000", action: "ram:CreateRole", resource: "r\(index)",
            details: ["phase": index % 2 == 0 ? "intent" : "done", "operation": "op\(index / 2)"],
            at: JournalFixture.start)
    }

    @Test(
        "deferred records are durable and in order once a later awaited write returns, whichever write that is",
        arguments: ["mutation", "step", "finish"])
    func durableAfterNextWrite(next: String) async throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let path = folder.file("j.sqlite")
        let run = try JournalFixture.run("r-20261207T010000Z-abcdef", targets: 2)
        let journal = try SQLiteJournal(path: path)
        try await journal.beginRun(run)
        var expected: [MutationRecord] = []
        for index in 0..<200 {
            let record = Self.mutation(run.id, index)
            expected.append(record)
            try await journal.recordMutationDeferred(record)
        }
        switch next {
        case "mutation":
            let last = Self.mutation(run.id, 200)
            expected.append(last)
            try await journal.recordMutation(last)
        case "step":
            try await journal.stepStarted(
                run.id, target: "1000", step: StepDescriptor(index: 0, name: "s"), at: JournalFixture.start)
        default:
            try await journal.finishRun(run.id, status: .succeeded, summary: "done", at: JournalFixture.start)
        }
        // A process killed now leaves them all, in order, to the next opener.
        // (An intent whose outcome one fold holds may be folded into it: see JournalFoldTests.)
        let copy = try JournalLogTests.copyAsKilled(path, to: folder.file("killed"))
        let recovered = try await SQLiteJournal(path: copy).mutations(of: run.id)
        #expect(JournalFixture.isFolded(recovered, from: expected))
        #expect(recovered.filter { $0.phase != .intent }.count == 100)
        // And a flush makes them readable to another process while this one lives.
        try await journal.flush()
        #expect(JournalFixture.isFolded(try await SQLiteJournal(path: path).mutations(of: run.id), from: expected))
    }

    @Test("a fold SQLite refuses leaves its records in the log and makes the next write fail with the reason")
    func failureSurfaces() async throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let path = folder.file("j.sqlite")
        let run = try JournalFixture.run("r-20261207T010000Z-abcdef", targets: 1)
        let journal = try SQLiteJournal(path: path)
        try await journal.beginRun(run)
        // Another program damages the journal under the run: the mutations table is gone.
        try await journal.database.write { db in try db.execute(sql: "DROP TABLE mutations") }
        try await journal.recordMutationDeferred(Self.mutation(run.id, 1))
        let error = await #expect(throws: JournalError.self) { try await journal.flush() }
        #expect(error?.message.contains(path.path) == true, "\(error?.message ?? "")")
        await #expect(throws: JournalError.self) {
            try await journal.stepStarted(
                run.id, target: "1000", step: StepDescriptor(index: 0, name: "s"), at: JournalFixture.start)
            try await journal.flush()
        }
        #expect(JournalLogTests.logs(beside: path).count == 1, "the records SQLite refused must stay in the log")
    }
}
