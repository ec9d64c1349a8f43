import Foundation
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
        // Another connection (another process would see the same) reads them all, in order.
        let reader = try SQLiteJournal(path: path)
        #expect(try await reader.mutations(of: run.id) == expected)
    }

    @Test("a deferred write that fails makes the next write fail with its reason, and nothing after it is recorded")
    func failureSurfaces() async throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let run = try JournalFixture.run("r-20261207T010000Z-abcdef", targets: 1)
        let journal = try SQLiteJournal(path: folder.file("j.sqlite"))
        try await journal.beginRun(run)
        // A record of a run the journal does not have violates its constraints.
        let ghost = try #require(RunID("r-20261207T020000Z-000000"))
        try await journal.recordMutationDeferred(Self.mutation(ghost, 1))
        let error = await #expect(throws: JournalError.self) {
            try await journal.stepStarted(
                run.id, target: "1000", step: StepDescriptor(index: 0, name: "s"), at: JournalFixture.start)
        }
        #expect(error?.message.contains(ghost.rawValue) == true, "\(error?.message ?? "")")
        await #expect(throws: JournalError.self) { try await journal.recordMutationDeferred(Self.mutation(run.id, 2)) }
        #expect(try await journal.steps(of: run.id).isEmpty)
        #expect(try await journal.mutations(of: run.id).isEmpty)
    }
}
