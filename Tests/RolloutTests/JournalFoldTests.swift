import Foundation
import GRDB
import Testing

@testable import Rollout

/// A fold leaves out the rows a later record of the same fold makes redundant (an answered intent,
/// a step start its end replaces) and inserts mutations many rows per statement; what the journal
/// then says (settled changes, steps, target statuses) must be what applying every record alone says.
@Suite("Journal fold")
struct JournalFoldTests {
    private static let run = "r-20261207T010000Z-abcdef"

    /// A mutation record of target `target` for call `operation` in `phase` (nil: no call values,
    /// as an older log wrote them).
    private static func mutation(
        _ operation: String?, _ phase: String?, target: String = "1000", resource: String = "r"
    ) -> JournalLogRecord {
        var details: [String: String] = [:]
        details["operation"] = operation
        details["phase"] = phase
        var values: [JournalLogRecord.Value] = [
            .text(run), .text(target), .integer(0), .text(target), .text("ram:CreateRole"), .text(resource),
            .text((try? JournalCoding.text(details)) ?? "{}"), .time(JournalFixture.start),
        ]
        if let operation, let phase { values += [.text(operation), .text(phase)] }
        return JournalLogRecord(kind: .mutation, values: values)
    }

    private static func started(_ target: String = "1000", step: Int64 = 0) -> JournalLogRecord {
        JournalLogRecord(
            kind: .stepStarted,
            values: [.text(run), .text(target), .integer(step), .text("s"), .time(JournalFixture.start)])
    }

    /// A step's end; `ends` also ends its target (changed).
    private static func finished(_ target: String = "1000", step: Int64 = 0, ends: Bool) -> JournalLogRecord {
        var values: [JournalLogRecord.Value] = [
            .text(run), .text(target), .integer(step), .text("s"), .text("succeeded"), .text("[]"), .text("[]"),
            .null, .null, .null, .null, .null, .time(JournalFixture.start), .time(JournalFixture.start),
        ]
        values += ends ? [.text("changed"), .null, .time(JournalFixture.start)] : [.null, .null, .null]
        return JournalLogRecord(kind: .stepFinished, values: values)
    }

    private static let cases: [(name: String, records: [JournalLogRecord], skipped: Set<Int>)] = [
        ("an intent alone stays", [mutation("a", "intent")], []),
        ("an intent then its outcome: the intent goes", [mutation("a", "intent"), mutation("a", "done")], [0]),
        ("an intent then its refusal: the intent goes", [mutation("a", "intent"), mutation("a", "failed")], [0]),
        ("an outcome before an intent of the same id: both stay", [mutation("a", "done"), mutation("a", "intent")], []),
        ("another call's outcome: the intent stays", [mutation("a", "intent"), mutation("b", "done")], []),
        (
            "interleaved calls of two targets",
            [
                mutation("a", "intent"), mutation("b", "intent", target: "1001"), mutation("b", "done", target: "1001"),
                mutation("c", "intent"), mutation("a", "done"),
            ], [0, 1]
        ),
        ("records without call values stay", [mutation(nil, nil), mutation(nil, nil)], []),
        ("a phase without an id stays", [mutation(nil, "intent"), mutation(nil, "done")], []),
        ("a start then an end that ends the target: the start goes", [started(), finished(ends: true)], [0]),
        ("a start then an end that does not end the target: both stay", [started(), finished(ends: false)], []),
        ("an end of another step: the start stays", [started(step: 0), finished(step: 1, ends: true)], []),
        ("an end of another target: the start stays", [started("1000"), finished("1001", ends: true)], []),
        ("an end before a start (a resumed step): both stay", [finished(ends: true), started()], []),
    ]

    @Test("which records a later record of the fold makes redundant", arguments: cases.indices)
    func superseded(index: Int) {
        let item = Self.cases[index]
        #expect(JournalFold.superseded(item.records) == item.skipped, "\(item.name)")
    }

    /// What a journal holding `records`, folded by `apply`, says about the run.
    private static func outcome(
        of records: [JournalLogRecord], in folder: ScratchFolder, name: String, targets: Int = 3,
        apply: @escaping @Sendable ([JournalLogRecord], Database) throws -> Void
    ) async throws -> (mutations: [MutationRecord], settled: [MutationRecord], steps: [StepRecord], statuses: [String]) {
        let journal = try SQLiteJournal(path: folder.file("\(name).sqlite"))
        let run = try JournalFixture.run(Self.run, targets: targets)
        try await journal.beginRun(run)
        try await journal.database.write { db in try apply(records, db) }
        let mutations = try await journal.mutations(of: run.id)
        return (
            mutations, MutationRecord.settled(mutations), try await journal.steps(of: run.id),
            try await journal.targetStatuses(of: run.id).map { "\($0.target) \($0.status)" }
        )
    }

    @Test(
        "a compacted fold says what applying every record alone says, at every size around a statement's rows",
        arguments: [0, 1, 2, 31, 32, 33, 64, 65, 100])
    func sameAsRecordByRecord(calls: Int) async throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        // Three targets; each call's intent then, for most, its outcome or refusal; some are left
        // unanswered (a kill in flight); target 1002's step never ends.
        var records: [JournalLogRecord] = [Self.started("1000"), Self.started("1001"), Self.started("1002")]
        for call in 0..<calls {
            let target = String(1_000 + call % 3)
            records.append(Self.mutation("op\(call)", "intent", target: target, resource: "r\(call)"))
            switch call % 5 {
            case 0: continue
            case 1: records.append(Self.mutation("op\(call)", "failed", target: target, resource: "r\(call)"))
            default: records.append(Self.mutation("op\(call)", "done", target: target, resource: "r\(call)"))
            }
        }
        records += [Self.finished("1000", ends: true), Self.finished("1001", ends: false)]
        let compacted = try await Self.outcome(of: records, in: folder, name: "compacted") { records, db in
            try SQLiteJournal.fold(records, log: "log", upTo: 0, into: db)
        }
        let alone = try await Self.outcome(of: records, in: folder, name: "alone") { records, db in
            for record in records { try JournalFold(db).apply([record], compact: false) }
        }
        #expect(compacted.settled == alone.settled)
        #expect(compacted.steps == alone.steps)
        #expect(compacted.statuses == alone.statuses)
        #expect(compacted.statuses == ["1000 changed", "1001 running", "1002 running"])
        // Every record alone keeps every intent; the compacted fold only the unanswered ones.
        #expect(alone.mutations.count == records.filter { $0.kind == .mutation }.count)
        let answered = Set(alone.mutations.filter { $0.phase != .intent }.compactMap(\.operation))
        #expect(compacted.mutations == alone.mutations.filter { $0.phase != .intent || !answered.contains($0.operation ?? "") })
        #expect(compacted.mutations.filter { $0.phase == .intent }.count == (calls + 4) / 5)
    }

    @Test(
        "steps of many targets, started, ended, started again, ending their target or not, say the same compacted",
        arguments: [1, 5, 33, 70])
    func stepsSameAsRecordByRecord(targets: Int) async throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        var records: [JournalLogRecord] = []
        for index in 0..<targets {
            let target = String(1_000 + index)
            records += [
                Self.started(target, step: 0), Self.finished(target, step: 0, ends: false), Self.started(target, step: 1),
            ]
            // A third of the targets run step 1 again (a resumed step), half end the target with it.
            if index % 3 == 0 { records.append(Self.started(target, step: 1)) }
            if index % 2 == 0 { records.append(Self.finished(target, step: 1, ends: true)) }
        }
        let compacted = try await Self.outcome(of: records, in: folder, name: "compacted", targets: targets) { records, db in
            try SQLiteJournal.fold(records, log: "log", upTo: 0, into: db)
        }
        let alone = try await Self.outcome(of: records, in: folder, name: "alone", targets: targets) { records, db in
            for record in records { try JournalFold(db).apply([record], compact: false) }
        }
        #expect(compacted.steps == alone.steps)
        #expect(compacted.statuses == alone.statuses)
        #expect(compacted.steps.count == 2 * targets)
        #expect(compacted.statuses == (0..<targets).map { "\(1_000 + $0) \($0 % 2 == 0 ? "changed" : "running")" })
    }

    @Test(
        "text of every shape reads back as written",
        arguments: ["", "plain", "quote \" backslash \\ newline \n", "ünïcødé ✓ 🔑", String(repeating: "x", count: 70_000)])
    func textRoundTrip(text: String) async throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let records = [Self.mutation("a", "done", resource: text), Self.mutation(nil, nil, target: "1001", resource: text)]
        let outcome = try await Self.outcome(of: records, in: folder, name: "text") { records, db in
            try SQLiteJournal.fold(records, log: "log", upTo: 0, into: db)
        }
        #expect(outcome.mutations.map(\.resource) == [text, text])
        #expect(outcome.mutations.map(\.target) == ["1000", "1001"])
    }

    @Test("a record SQLite refuses inside a multi-row insert is dropped alone; the rest of the fold commits in order")
    func refusedRecordDroppedAlone() async throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let ghost = JournalLogRecord(
            kind: .mutation,
            values: [
                .text("r-20261207T020000Z-ghost0"), .text("1000"), .integer(0), .text("1000"), .text("ram:CreateRole"),
                .text("ghost"), .text("{}"), .time(JournalFixture.start),
            ])
        var records = (0..<40).map { Self.mutation("op\($0)", "done", resource: "r\($0)") }
        records.insert(ghost, at: 17)
        let outcome = try await Self.outcome(of: records, in: folder, name: "refused") { records, db in
            try SQLiteJournal.fold(records, log: "log", upTo: 0, into: db)
        }
        #expect(outcome.mutations.map(\.resource) == (0..<40).map { "r\($0)" })
    }
}
