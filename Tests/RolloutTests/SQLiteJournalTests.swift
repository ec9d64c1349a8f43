import Foundation
import Testing

@testable import Rollout

@Suite("SQLiteJournal records and queries")
struct SQLiteJournalTests {
    @Test("A run's header, targets, steps, mutations and end come back as written, also after reopening the file")
    func roundTrip() async throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let path = folder.file("nested/.keyshare/journal.sqlite")
        var run = try JournalFixture.run("r-20261206T234500Z-3f9a1c", targets: 3)
        run.undoes = RunID("r-20261201T000000Z-000001")
        run.kind = "undo"
        let journal = try SQLiteJournal(path: path)
        try await journal.beginRun(run)
        let t0 = JournalFixture.start
        let prepare = StepDescriptor(index: 0, name: "ecs-key-sharing.prepare")
        let share = StepDescriptor(index: 1, name: "ecs-key-sharing.share")
        var written: [StepRecord] = []
        for (position, target) in run.targets.enumerated() {
            try await journal.stepStarted(run.id, target: target.id, step: prepare, at: t0)
            let done = StepRecord(
                target: target.id, step: prepare, status: .succeeded, changes: ["created role r"],
                messages: ["line 1", "line \"2\""], startedAt: t0, finishedAt: t0.addingTimeInterval(1.5))
            try await journal.stepFinished(run.id, record: done)
            written.append(done)
            try await journal.stepStarted(run.id, target: target.id, step: share, at: t0.addingTimeInterval(2))
            let failed = position == 1
            let second = StepRecord(
                target: target.id, step: share, status: failed ? .failed : .succeeded,
                failure: failed
                    ? TargetFailure(
                        code: "Rejected.ShareQuotaExceedLimit", message: "quota", step: share.name,
                        requestID: "REQ-1", changes: ["added principal"]) : nil,
                startedAt: t0.addingTimeInterval(2), finishedAt: t0.addingTimeInterval(3))
            try await journal.stepFinished(run.id, record: second)
            written.append(second)
            try await journal.targetFinished(
                run.id, target: target.id, status: failed ? .failed : .changed,
                reason: failed ? "Rejected.ShareQuotaExceedLimit: quota" : nil, at: t0.addingTimeInterval(3))
        }
        let mutations = [
            MutationRecord(
                run: run.id, target: "1000", step: 0, account: "1000", action: "ram:CreateRole", resource: "r",
                details: ["policyType": "Custom", "document": "{\"a\": [1]}"], at: t0),
            MutationRecord(
                run: run.id, target: nil, step: nil, account: "999", action: "kms:SetKeyPolicy", resource: "key-1", at: t0),
        ]
        for mutation in mutations { try await journal.recordMutation(mutation) }
        try await journal.finishRun(
            run.id, status: .failed, summary: "3 targets: 2 changed, 0 unchanged, 1 failed, 0 skipped",
            at: t0.addingTimeInterval(4))
        var expected = run
        expected.status = .failed
        expected.summary = "3 targets: 2 changed, 0 unchanged, 1 failed, 0 skipped"
        expected.finishedAt = t0.addingTimeInterval(4)

        for reader in [journal, try SQLiteJournal(path: path)] {
            #expect(try await reader.run(run.id) == expected)
            #expect(try await reader.steps(of: run.id) == written)
            #expect(try await reader.mutations(of: run.id) == mutations)
            let statuses = try await reader.targetStatuses(of: run.id)
            #expect(statuses.map(\.target) == ["1000", "1001", "1002"])
            #expect(statuses.map(\.status) == [.changed, .failed, .changed])
            #expect(statuses.map(\.reason) == [nil, "Rejected.ShareQuotaExceedLimit: quota", nil])
            #expect(try await reader.runs() == [expected])
            #expect(try await reader.targetCounts()[run.id] == [.changed: 2, .failed: 1])
        }
    }

    @Test("A resumed run is running again with its resume time, and a restarted step replaces its running row")
    func reopen() async throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let journal = try SQLiteJournal(path: folder.file("j.sqlite"))
        let run = try JournalFixture.run("r-20261206T234500Z-aaaaaa", targets: 1)
        try await journal.beginRun(run)
        let step = StepDescriptor(index: 0, name: "ecs-key-sharing.prepare")
        try await journal.stepStarted(run.id, target: "1000", step: step, at: JournalFixture.start)
        #expect(try await journal.targetStatuses(of: run.id).map(\.status) == [.running])
        try await journal.finishRun(run.id, status: .failed, summary: "killed", at: JournalFixture.start.addingTimeInterval(1))
        let resumed = JournalFixture.start.addingTimeInterval(60)
        try await journal.reopenRun(run.id, at: resumed)
        try await journal.stepStarted(run.id, target: "1000", step: step, at: resumed)
        let record = try #require(try await journal.run(run.id))
        #expect(record.status == .running)
        #expect(record.finishedAt == nil)
        #expect(record.resumedAt == resumed)
        let steps = try await journal.steps(of: run.id)
        #expect(steps.count == 1)
        #expect(steps.first?.startedAt == resumed)
        #expect(steps.first?.status == .running)
    }

    @Test("Writes naming a run or target the journal lacks, or a run id used twice, fail with the run's name and change nothing")
    func unknownRecords() async throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let journal = try SQLiteJournal(path: folder.file("j.sqlite"))
        let run = try JournalFixture.run("r-20261206T234500Z-bbbbbb", targets: 1)
        try await journal.beginRun(run)
        let ghost = try #require(RunID("r-20991231T000000Z-ffffff"))
        let step = StepDescriptor(index: 0, name: "s")
        let attempts: [(String, @Sendable () async throws -> Void)] = [
            ("step of a missing run", { try await journal.stepStarted(ghost, target: "1000", step: step, at: Date()) }),
            ("step of a missing target", { try await journal.stepStarted(run.id, target: "4242", step: step, at: Date()) }),
            (
                "finished step of a missing target",
                {
                    try await journal.stepFinished(
                        run.id, record: StepRecord(target: "4242", step: step, status: .succeeded, startedAt: Date()))
                }
            ),
            (
                "target end of a missing target",
                {
                    try await journal.targetFinished(run.id, target: "4242", status: .changed, reason: nil, at: Date())
                }
            ),
            (
                "mutation of a missing run",
                {
                    try await journal.recordMutation(
                        MutationRecord(
                            run: ghost, target: nil, step: nil, account: "1", action: "a",
                            resource: "r", at: Date()))
                }
            ),
            ("end of a missing run", { try await journal.finishRun(ghost, status: .succeeded, summary: "", at: Date()) }),
            ("resume of a missing run", { try await journal.reopenRun(ghost, at: Date()) }),
            ("a run id used twice", { try await journal.beginRun(run) }),
        ]
        for (label, attempt) in attempts {
            do {
                try await attempt()
                Issue.record("\(label): accepted")
            } catch let error as JournalError {
                #expect(error.kind == .unknownRecord, "\(label)")
                #expect(error.message.contains("r-2"), "\(label): \(error.message)")
                #expect(!error.message.contains("SQLITE"), "\(label): \(error.message)")
            }
        }
        #expect(try await journal.steps(of: run.id).isEmpty)
        #expect(try await journal.runs().count == 1)
        #expect(try await journal.mutations(of: ghost).isEmpty)
    }

    @Test("Runs are listed newest first")
    func newestFirst() async throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let journal = try SQLiteJournal(path: folder.file("j.sqlite"))
        let ids = ["r-20261206T100000Z-000002", "r-20261206T120000Z-000003", "r-20261206T090000Z-000001"]
        for (index, id) in ids.enumerated() {
            try await journal.beginRun(try JournalFixture.run(id, targets: 1, offset: [3_600, 10_800, 0][index]))
        }
        #expect(
            try await journal.runs().map(\.id.rawValue)
                == ["r-20261206T120000Z-000003", "r-20261206T100000Z-000002", "r-20261206T090000Z-000001"])
    }
}

@Suite("SQLiteJournal.resolve")
struct JournalResolveTests {
    static let ids = ["r-20261206T090000Z-3f9a1c", "r-20261206T091500Z-0b2e77", "r-20261207T080000Z-c0ffee"]

    /// A journal holding ``ids``, the last one newest.
    static func journal(_ folder: ScratchFolder) async throws -> SQLiteJournal {
        let journal = try SQLiteJournal(path: folder.file("j.sqlite"))
        for (index, id) in ids.enumerated() {
            try await journal.beginRun(try JournalFixture.run(id, targets: 1, offset: Double(index) * 60))
        }
        return journal
    }

    @Test(
        "A full id, a unique prefix with or without r-, the random tail and `last` each name one run",
        arguments: [
            ("r-20261206T090000Z-3f9a1c", "r-20261206T090000Z-3f9a1c"),
            ("r-20261206T0915", "r-20261206T091500Z-0b2e77"),
            ("20261207", "r-20261207T080000Z-c0ffee"),
            ("3f9a1c", "r-20261206T090000Z-3f9a1c"),
            ("c0ff", "r-20261207T080000Z-c0ffee"),
            ("last", "r-20261207T080000Z-c0ffee"),
            ("  last ", "r-20261207T080000Z-c0ffee"),
            ("Last", "r-20261207T080000Z-c0ffee"),
        ])
    func resolves(text: String, expected: String) async throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let journal = try await Self.journal(folder)
        #expect(try await journal.resolve(text).rawValue == expected)
    }

    @Test(
        "An ambiguous prefix names its candidates; a missing run names the journal and how to list it",
        arguments: [
            (
                "r-20261206", JournalError.Kind.ambiguousRun,
                ["r-20261206T090000Z-3f9a1c", "r-20261206T091500Z-0b2e77", "more of the id"]
            ),
            ("r-2026", .ambiguousRun, ["3 runs", "r-20261207T080000Z-c0ffee"]),
            ("r-20991231T000000Z-000000", .unknownRun, ["no run \"r-20991231T000000Z-000000\"", "keyshare runs list --journal"]),
            ("nope", .unknownRun, ["no run \"nope\"", "keyshare runs list --journal"]),
            ("", .unknownRun, ["no run named", "last"]),
            ("r-2026'; DROP TABLE runs; --", .unknownRun, ["no run"]),
        ])
    func refuses(text: String, kind: JournalError.Kind, fragments: [String]) async throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let journal = try await Self.journal(folder)
        let error = await #expect(throws: JournalError.self) { try await journal.resolve(text) }
        #expect(error?.kind == kind)
        for fragment in fragments { #expect(error?.message.contains(fragment) == true, "\(error?.message ?? "")") }
        if kind == .unknownRun, !text.isEmpty { #expect(error?.message.contains(folder.file("j.sqlite").path) == true) }
        #expect(try await journal.runs().count == 3)
    }

    @Test(
        "`last` of a kind skips newer runs of other kinds (undo last after an undo names the run)",
        arguments: [
            // (kinds oldest first, the kind asked for, the expected index or nil for none)
            (["run", "run", "undo"], "run", 1 as Int?),
            (["run", "undo", "undo"], "run", 0),
            (["run", "run", "run"], "run", 2),
            (["undo", "undo", "undo"], "run", nil),
            (["run", "run", "undo"], "undo", 2),
        ])
    func lastOfKind(kinds: [String], kind: String, expected: Int?) async throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let journal = try SQLiteJournal(path: folder.file("j.sqlite"))
        for (index, id) in Self.ids.enumerated() {
            var record = try JournalFixture.run(id, targets: 1, offset: Double(index) * 60)
            record.kind = kinds[index]
            try await journal.beginRun(record)
        }
        if let expected {
            #expect(try await journal.resolve("last", lastOfKind: kind).rawValue == Self.ids[expected])
        } else {
            let error = await #expect(throws: JournalError.self) { try await journal.resolve("last", lastOfKind: kind) }
            #expect(error?.message.contains("no \(kind) runs in") == true, "\(error?.message ?? "")")
        }
        // Without a kind, `last` is the newest of all.
        #expect(try await journal.resolve("last").rawValue == Self.ids[2])
    }

    @Test("`last` in a journal without runs says none was recorded yet")
    func lastOfNothing() async throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let journal = try SQLiteJournal(path: folder.file("j.sqlite"))
        let error = await #expect(throws: JournalError.self) { try await journal.resolve("last") }
        #expect(error?.message.contains("no runs in") == true)
    }
}
