import Foundation
import Testing

@testable import Rollout

/// The journal's append-only log: every record survives a killed writer (its log is folded by the
/// next opener, exactly once), a record cut short is never read, a live writer's log is left to it,
/// and a finished run leaves nothing but the journal file.
@Suite("Journal append-only log")
struct JournalLogTests {
    private static let values: [JournalLogRecord.Value] = [
        .null, .integer(0), .integer(-1), .integer(.max), .integer(.min), .real(0), .real(-1.5),
        .real(1_765_064_700.125), .text(""), .text("plain"), .text("quote \" backslash \\ newline \n"),
        .text("ünïcødé ✓ 🔑"), .text(String(repeating: "x", count: 70_000)),
    ]

    @Test("a record of every value shape reads back equal, alone and in a sequence")
    func roundTrip() {
        let records = Self.values.indices.map { index in
            JournalLogRecord(
                kind: [.stepStarted, .stepFinished, .targetFinished, .mutation][index % 4], values: Array(Self.values[0...index]))
        }
        let bytes = records.flatMap(\.framed)
        let read = JournalLogRecord.records(in: bytes)
        #expect(read.records == records)
        #expect(read.end == bytes.count)
    }

    @Test("a log cut at any byte reads exactly the records wholly before the cut")
    func tornTail() {
        let records = (0..<6).map { index in
            JournalLogRecord(kind: .mutation, values: [.text("run"), .integer(Int64(index)), .text("r\(index)"), .null])
        }
        var ends: [Int] = []
        var bytes: [UInt8] = []
        for record in records {
            bytes += record.framed
            ends.append(bytes.count)
        }
        for cut in 0...bytes.count {
            let whole = ends.filter { $0 <= cut }.count
            let read = JournalLogRecord.records(in: Array(bytes[0..<cut]))
            #expect(read.records == Array(records.prefix(whole)), "cut at \(cut)")
            #expect(read.end == (whole == 0 ? 0 : ends[whole - 1]))
        }
    }

    @Test("a damaged byte stops reading before the record holding it", arguments: [0, 3, 4, 5, 9, 20])
    func damage(position: Int) {
        let first = JournalLogRecord(kind: .stepStarted, values: [.text("a"), .integer(1)])
        let second = JournalLogRecord(kind: .stepStarted, values: [.text("b"), .integer(2)])
        var bytes = first.framed
        let boundary = bytes.count
        bytes += second.framed
        bytes[boundary + min(position, second.framed.count - 1)] ^= 0x5A
        let read = JournalLogRecord.records(in: bytes)
        #expect(read.records == [first])
        #expect(read.end == boundary)
    }

    /// A writer killed after these records: its journal and log, copied as a dead process leaves
    /// them (the copy has no lock), opened by another journal.
    private static func killedWriter(
        in folder: ScratchFolder, run: RunRecord, mutations: Int
    ) async throws -> (copy: URL, expected: [MutationRecord], writer: SQLiteJournal) {
        let path = folder.file("live/j.sqlite")
        let journal = try SQLiteJournal(path: path)
        try await journal.beginRun(run)
        var expected: [MutationRecord] = []
        let step = StepDescriptor(index: 0, name: "s")
        try await journal.stepStarted(run.id, target: "1000", step: step, at: JournalFixture.start)
        for index in 0..<mutations {
            let record = MutationRecord(
                run: run.id, target: "1000", step: 0, account: "1000", action: "ram:CreateRole", resource: "r\(index)",
                details: ["phase": "intent", "operation": "op\(index)"], at: JournalFixture.start)
            expected.append(record)
            try await journal.recordMutation(record)
        }
        // Folds already queued commit (a copy mid-transaction is not what a kill leaves); the rest stays in the log.
        try await journal.writer.write { _ in }
        return (try copyAsKilled(path, to: folder.file("dead")), expected, journal)
    }

    /// Copies the journal at `path` and its logs into `folder` as a killed process leaves them: the
    /// files without the writer's lock (and without SQLite's shared-memory index, rebuilt on open).
    static func copyAsKilled(_ path: URL, to folder: URL) throws -> URL {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: path.deletingLastPathComponent().path)
        where name.hasPrefix(path.lastPathComponent) && !name.hasSuffix("-shm") {
            try FileManager.default.copyItem(
                at: path.deletingLastPathComponent().appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        return folder.appendingPathComponent(path.lastPathComponent)
    }

    @Test(
        "what a killed writer logged is read by the next opener, once, whatever its fold had reached", arguments: [3, 300, 1_000])
    func killedWriterIsFolded(mutations: Int) async throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let run = try JournalFixture.run("r-20261207T010000Z-abcdef", targets: 2)
        let (copy, expected, writer) = try await Self.killedWriter(in: folder, run: run, mutations: mutations)
        _ = writer
        let opened = try SQLiteJournal(path: copy)
        #expect(try await opened.mutations(of: run.id) == expected)
        #expect(try await opened.steps(of: run.id).map(\.status) == [.running])
        #expect(try await opened.targetStatuses(of: run.id).first?.status == .running)
        // The log is gone, and opening again folds nothing twice.
        #expect(Self.logs(beside: copy).isEmpty)
        let again = try SQLiteJournal(path: copy)
        #expect(try await again.mutations(of: run.id).count == expected.count)
    }

    @Test("a log whose fold committed but which outlived it (killed before deleting it) adds nothing twice")
    func foldedLogNotRefolded() async throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let run = try JournalFixture.run("r-20261207T010000Z-abcdef", targets: 2)
        let path = folder.file("live/j.sqlite")
        let journal = try SQLiteJournal(path: path)
        try await journal.beginRun(run)
        for index in 0..<10 {
            try await journal.recordMutation(
                MutationRecord(
                    run: run.id, target: "1000", step: 0, account: "1000", action: "ram:CreateRole", resource: "r\(index)",
                    at: JournalFixture.start))
        }
        // Folded into SQLite, the log still on disk: copy both as a killed process leaves them.
        try await journal.flush()
        let copy = try Self.copyAsKilled(path, to: folder.file("dead"))
        #expect(Self.logs(beside: copy).count == 1)
        let opened = try SQLiteJournal(path: copy)
        #expect(try await opened.mutations(of: run.id).map(\.resource) == (0..<10).map { "r\($0)" })
        #expect(Self.logs(beside: copy).isEmpty)
    }

    @Test("a live writer's log is not folded by another opener, and the writer's own reads see every record")
    func liveLogLeftAlone() async throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let run = try JournalFixture.run("r-20261207T010000Z-abcdef", targets: 2)
        let path = folder.file("j.sqlite")
        let writer = try SQLiteJournal(path: path)
        try await writer.beginRun(run)
        try await writer.stepStarted(run.id, target: "1001", step: StepDescriptor(index: 0, name: "s"), at: JournalFixture.start)
        let other = try SQLiteJournal(path: path)
        _ = other
        #expect(Self.logs(beside: path).count == 1, "another opener took a live log")
        #expect(try await writer.steps(of: run.id).map(\.target) == ["1001"])
    }

    @Test("a finished run leaves only the journal: its log is folded and deleted")
    func finishedRunLeavesNoLog() async throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let run = try JournalFixture.run("r-20261207T010000Z-abcdef", targets: 2)
        let path = folder.file("j.sqlite")
        let journal = try SQLiteJournal(path: path)
        try await journal.beginRun(run)
        let step = StepDescriptor(index: 0, name: "s")
        try await journal.stepStarted(run.id, target: "1000", step: step, at: JournalFixture.start)
        try await journal.stepFinished(
            run.id, record: StepRecord(target: "1000", step: step, status: .succeeded, startedAt: JournalFixture.start),
            end: TargetEnd(status: .changed, reason: nil, at: JournalFixture.start))
        try await journal.finishRun(run.id, status: .succeeded, summary: "1 changed", at: JournalFixture.start)
        #expect(Self.logs(beside: path).isEmpty)
        // Another process reads the run whole.
        let reader = try SQLiteJournal(path: path)
        #expect(try await reader.targetStatuses(of: run.id).map(\.status) == [.changed, .pending])
        // The same instance journals a second run: a new log, folded and deleted at its end.
        let second = try JournalFixture.run("r-20261207T020000Z-abcdef", targets: 1)
        try await journal.beginRun(second)
        try await journal.stepStarted(second.id, target: "1000", step: step, at: JournalFixture.start)
        #expect(Self.logs(beside: path).count == 1)
        try await journal.finishRun(second.id, status: .failed, summary: "x", at: JournalFixture.start)
        #expect(Self.logs(beside: path).isEmpty)
        #expect(try await reader.steps(of: second.id).map(\.status) == [.running])
    }

    @Test("another process sees a live run's records within the fold interval, with no further write")
    func timedFold() async throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let run = try JournalFixture.run("r-20261207T010000Z-abcdef", targets: 1)
        let path = folder.file("j.sqlite")
        let journal = try SQLiteJournal(path: path)
        try await journal.beginRun(run)
        try await journal.stepStarted(run.id, target: "1000", step: StepDescriptor(index: 0, name: "s"), at: JournalFixture.start)
        let reader = try SQLiteJournal(path: path)
        // Polled, not timed: the fold happens on its own; the bound is generous for a loaded machine.
        var seen = 0
        for _ in 0..<200 where seen == 0 {
            seen = try await reader.steps(of: run.id).count
            if seen == 0 { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(seen == 1)
    }

    @Test("records of a run or target the journal lacks are refused at once, naming them, and nothing is logged")
    func unknownRecordsRefused() async throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let run = try JournalFixture.run("r-20261207T010000Z-abcdef", targets: 1)
        let path = folder.file("j.sqlite")
        let journal = try SQLiteJournal(path: path)
        try await journal.beginRun(run)
        let ghost = try #require(RunID("r-20261207T020000Z-000000"))
        let step = StepDescriptor(index: 0, name: "s")
        let record = StepRecord(target: "9999", step: step, status: .succeeded, startedAt: JournalFixture.start)
        let attempts: [(String, @Sendable () async throws -> Void)] = [
            ("9999", { try await journal.stepStarted(run.id, target: "9999", step: step, at: JournalFixture.start) }),
            ("9999", { try await journal.stepFinished(run.id, record: record) }),
            (
                "9999",
                {
                    try await journal.targetFinished(
                        run.id, target: "9999", status: .failed, reason: nil, at: JournalFixture.start)
                }
            ),
            (ghost.rawValue, { try await journal.stepStarted(ghost, target: "1000", step: step, at: JournalFixture.start) }),
            (
                ghost.rawValue,
                {
                    try await journal.recordMutationDeferred(
                        MutationRecord(
                            run: ghost, target: nil, step: nil, account: "1", action: "a", resource: "r", at: JournalFixture.start
                        ))
                }
            ),
        ]
        for (named, attempt) in attempts {
            let error = await #expect(throws: JournalError.self) { try await attempt() }
            #expect(error?.message.contains(named) == true, "\(error?.message ?? "")")
        }
        #expect(Self.logs(beside: path).isEmpty)
        #expect(try await journal.steps(of: run.id).isEmpty)
        // The journal still works.
        try await journal.stepStarted(run.id, target: "1000", step: step, at: JournalFixture.start)
        #expect(try await journal.steps(of: run.id).count == 1)
    }

    /// The logs beside the journal at `path`.
    static func logs(beside path: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path.deletingLastPathComponent().path)) ?? []
        return names.filter { $0.hasPrefix(JournalLog.prefix(of: path)) }
    }
}
