import Foundation
import GRDB
import Synchronization

extension SQLiteJournal {
    package func beginRun(_ run: RunRecord) async throws {
        let invocation = try JournalCoding.text(run.invocation)
        let steps = try JournalCoding.text(run.steps)
        let targets = try run.targets.map { ($0, try JournalCoding.text($0.tags)) }
        try await write(run: run.id) { db in
            try db.execute(
                sql: """
                    INSERT INTO runs (id, kind, undoes, playbook, playbook_digest, invocation, working_directory, backend,
                                      steps, status, summary, started_at, finished_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    run.id.rawValue, run.kind, run.undoes?.rawValue, run.playbook, run.playbookDigest,
                    invocation, run.workingDirectory, run.backend, steps, run.status.rawValue, run.summary,
                    run.startedAt.timeIntervalSince1970, run.finishedAt?.timeIntervalSince1970,
                ])
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO targets (run, position, id, name, folder, tags, status) VALUES (?, ?, ?, ?, ?, ?, 'pending')
                    """)
            for (position, (target, tags)) in targets.enumerated() {
                try insert.execute(arguments: [run.id.rawValue, position, target.id, target.name, target.folder, tags])
            }
        }
        targetsByRun.withLock { $0[run.id] = Set(run.targets.map(\.id)) }
    }

    package func reopenRun(_ run: RunID, at date: Date) async throws {
        try queueFold()
        try await write(run: run) { db in
            try db.execute(
                sql: "UPDATE runs SET status = 'running', finished_at = NULL, resumed_at = ? WHERE id = ?",
                arguments: [date.timeIntervalSince1970, run.rawValue])
            try Self.requireChange(db, "the journal has no run \(run)")
        }
    }

    package func stepStarted(_ run: RunID, target: String, step: StepDescriptor, at date: Date) async throws {
        try await requireTarget(target, of: run)
        try append(
            JournalLogRecord(
                kind: .stepStarted,
                values: [.text(run.rawValue), .text(target), .integer(step.index), .text(step.name), .time(date)]))
    }

    package func stepFinished(_ run: RunID, record: StepRecord) async throws {
        try await stepFinished(run, record: record, end: nil)
    }

    package func stepFinished(_ run: RunID, record: StepRecord, end: TargetEnd?) async throws {
        try await requireTarget(record.target, of: run)
        var values: [JournalLogRecord.Value] = [
            .text(run.rawValue), .text(record.target), .integer(record.step.index), .text(record.step.name),
            .text(record.status.rawValue), .text(try JournalCoding.text(record.changes)),
            .text(try JournalCoding.text(record.messages)), .text(record.failure?.code), .text(record.failure?.message),
            .text(record.failure?.step), .text(record.failure?.requestID),
            .text(try record.failure.map { try JournalCoding.text($0.changes) }), .time(record.startedAt),
            .time(record.finishedAt),
        ]
        if let end { values += [.text(end.status.rawValue), .text(end.reason), .time(end.at)] }
        try append(JournalLogRecord(kind: .stepFinished, values: values))
    }

    package func targetFinished(_ run: RunID, target: String, status: TargetStatus, reason: String?, at date: Date) async throws {
        try await requireTarget(target, of: run)
        try append(
            JournalLogRecord(
                kind: .targetFinished,
                values: [.text(status.rawValue), .text(reason), .time(date), .text(run.rawValue), .text(target)]))
    }

    /// Logs the mutation: durable when this returns (the log is written at once).
    package func recordMutation(_ mutation: MutationRecord) async throws {
        try await logMutation(mutation, durable: true)
    }

    private func logMutation(_ mutation: MutationRecord, durable: Bool) async throws {
        _ = try await knownTargets(of: mutation.run)
        var values: [JournalLogRecord.Value] = [
            .text(mutation.run.rawValue), .text(mutation.target), .integer(mutation.step), .text(mutation.account),
            .text(mutation.action), .text(mutation.resource), .text(try JournalCoding.text(mutation.details)),
            .time(mutation.at),
        ]
        // Not columns: they let a fold holding a call's outcome skip its intent (``JournalFold``).
        if let operation = mutation.operation, let phase = mutation.details[MutationRecord.phaseKey] {
            values += [.text(operation), .text(phase)]
        }
        try append(JournalLogRecord(kind: .mutation, values: values), durable: durable)
    }

    /// Writes the deferred records and folds the log into SQLite, so another process reads
    /// everything recorded before the flush.
    package func flush() async throws {
        try await foldNow()
        try writer.check()
    }

    /// Writes the deferred records to the log, which survives the process (a key-policy batch calls
    /// this before each write), and surfaces an earlier fold's failure.
    package func makeDurable() async throws {
        try logHolder.withLock { $0 }?.writeDeferred()
        try writer.check()
    }

    /// Kept in memory and written with the next durable record (or ``makeDurable()``) in one
    /// `write(2)`: a call's outcome, whose intent already stands for it, or a batch's intents,
    /// made durable together before its write.
    package func recordMutationDeferred(_ mutation: MutationRecord) async throws {
        try await logMutation(mutation, durable: false)
    }

    package func finishRun(_ run: RunID, status: RunStatus, summary: String, at date: Date) async throws {
        try queueFold()
        try await write(run: run) { db in
            try db.execute(
                sql: "UPDATE runs SET status = ?, summary = ?, finished_at = ? WHERE id = ?",
                arguments: [status.rawValue, summary, date.timeIntervalSince1970, run.rawValue])
            try Self.requireChange(db, "the journal has no run \(run)")
        }
        closeLogIfFolded()
    }

    /// Group-commits `work`, its constraint failures named (see ``naming(run:target:_:)``).
    func write(run: RunID, target: String? = nil, _ work: @escaping @Sendable (Database) throws -> Void) async throws {
        try await writer.write(naming(run: run, target: target, work))
    }

    /// `work` with SQLite's constraint failures turned into errors that name the run (a duplicate run
    /// id, a step or mutation of a run or target the journal does not hold).
    private func naming(run: RunID, target: String?, _ work: @escaping @Sendable (Database) throws -> Void)
        -> @Sendable (Database) throws -> Void
    {
        let journal = path.path
        return { db in
            do {
                try work(db)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                switch error.extendedResultCode {
                case .SQLITE_CONSTRAINT_PRIMARYKEY, .SQLITE_CONSTRAINT_UNIQUE:
                    throw JournalError(
                        .unknownRecord,
                        "the journal \(journal) already holds that record of run \(run) "
                            + "(a run id used twice, or a target listed twice); start each run with a fresh RunID")
                default:
                    let what = target.map { "target \($0) in run \(run)" } ?? "run \(run)"
                    throw JournalError(
                        .unknownRecord,
                        "the journal \(journal) has no \(what); record the run "
                            + "(beginRun) with its targets before its steps")
                }
            }
        }
    }

    /// Throws `message` when the last statement changed no row (an update of a missing record).
    static func requireChange(_ db: Database, _ message: String) throws {
        guard db.changesCount > 0 else { throw JournalError(.unknownRecord, message) }
    }
}
