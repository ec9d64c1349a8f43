import Foundation
import GRDB

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
    }

    package func reopenRun(_ run: RunID, at date: Date) async throws {
        try await write(run: run) { db in
            try db.execute(
                sql: "UPDATE runs SET status = 'running', finished_at = NULL, resumed_at = ? WHERE id = ?",
                arguments: [date.timeIntervalSince1970, run.rawValue])
            try Self.requireChange(db, "the journal has no run \(run)")
        }
    }

    package func stepStarted(_ run: RunID, target: String, step: StepDescriptor, at date: Date) async throws {
        try await write(run: run, target: target) { db in
            try db.cachedStatement(
                sql: """
                    INSERT OR REPLACE INTO steps (run, target, step_index, name, status, changes, messages, started_at)
                    VALUES (?, ?, ?, ?, 'running', '[]', '[]', ?)
                    """
            ).execute(arguments: [run.rawValue, target, step.index, step.name, date.timeIntervalSince1970])
            try db.cachedStatement(sql: "UPDATE targets SET status = 'running' WHERE run = ? AND id = ? AND status = 'pending'")
                .execute(arguments: [run.rawValue, target])
        }
    }

    package func stepFinished(_ run: RunID, record: StepRecord) async throws {
        try await stepFinished(run, record: record, end: nil)
    }

    package func stepFinished(_ run: RunID, record: StepRecord, end: TargetEnd?) async throws {
        let changes = try JournalCoding.text(record.changes)
        let messages = try JournalCoding.text(record.messages)
        let failureChanges = try record.failure.map { try JournalCoding.text($0.changes) }
        try await write(run: run, target: record.target) { db in
            if let end {
                try db.cachedStatement(sql: "UPDATE targets SET status = ?, reason = ?, finished_at = ? WHERE run = ? AND id = ?")
                    .execute(arguments: [
                        end.status.rawValue, end.reason, end.at.timeIntervalSince1970, run.rawValue,
                        record.target,
                    ])
                try Self.requireChange(db, "the journal has no target \(record.target) in run \(run)")
            }
            try db.cachedStatement(
                sql: """
                    INSERT OR REPLACE INTO steps (run, target, step_index, name, status, changes, messages, failure_code,
                                                  failure_message, failure_step, failure_request_id, failure_changes,
                                                  started_at, finished_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                run.rawValue, record.target, record.step.index, record.step.name, record.status.rawValue, changes,
                messages, record.failure?.code, record.failure?.message, record.failure?.step,
                record.failure?.requestID, failureChanges, record.startedAt.timeIntervalSince1970,
                record.finishedAt?.timeIntervalSince1970,
            ])
        }
    }

    package func targetFinished(_ run: RunID, target: String, status: TargetStatus, reason: String?, at date: Date) async throws {
        try await write(run: run, target: target) { db in
            try db.cachedStatement(sql: "UPDATE targets SET status = ?, reason = ?, finished_at = ? WHERE run = ? AND id = ?")
                .execute(arguments: [status.rawValue, reason, date.timeIntervalSince1970, run.rawValue, target])
            try Self.requireChange(db, "the journal has no target \(target) in run \(run)")
        }
    }

    package func recordMutation(_ mutation: MutationRecord) async throws {
        try await write(run: mutation.run, target: mutation.target, try Self.insertion(of: mutation))
    }

    /// An empty write: it commits after everything queued before it.
    package func flush() async throws {
        try await writer.write { _ in }
    }

    /// Queues the insert without waiting: it commits with the journal's next write, in order.
    package func recordMutationDeferred(_ mutation: MutationRecord) async throws {
        try writer.submit(naming(run: mutation.run, target: mutation.target, try Self.insertion(of: mutation)))
    }

    /// The insert of `mutation` (its details encoded now, off the writer's queue).
    private static func insertion(of mutation: MutationRecord) throws -> @Sendable (Database) throws -> Void {
        let details = try JournalCoding.text(mutation.details)
        return { db in
            try db.cachedStatement(
                sql: """
                    INSERT INTO mutations (run, target, step, account, action, resource, details, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                mutation.run.rawValue, mutation.target, mutation.step, mutation.account,
                mutation.action, mutation.resource, details, mutation.at.timeIntervalSince1970,
            ])
        }
    }

    package func finishRun(_ run: RunID, status: RunStatus, summary: String, at date: Date) async throws {
        try await write(run: run) { db in
            try db.execute(
                sql: "UPDATE runs SET status = ?, summary = ?, finished_at = ? WHERE id = ?",
                arguments: [status.rawValue, summary, date.timeIntervalSince1970, run.rawValue])
            try Self.requireChange(db, "the journal has no run \(run)")
        }
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
