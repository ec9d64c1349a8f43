import Foundation
import GRDB
import Synchronization

/// The hot records (steps, target ends, mutations) go to the journal's append-only log, durable
/// when written (at once, or a deferred one with the next), and are folded into SQLite in batches: a 1,000-target
/// run costs a few hundred transactions instead of one per record, and no step waits for a commit.
/// Every read and ``flush()`` folds first, so this process always reads what it wrote; another
/// process sees a live run's records once folded: within ``foldInterval``, at a flush and at the end.
extension SQLiteJournal {
    /// Records folded at once while a run goes on.
    static let foldBatch = 256
    /// The longest a record waits in the log before a write folds it.
    static let foldInterval: TimeInterval = 0.25

    /// Appends `record` to this journal's log (made on first use) and folds when enough waits.
    func append(_ record: JournalLogRecord, durable: Bool = true) throws {
        var log = try openLog()
        let pending: Int
        while true {
            if let count = try log.append(record, durable: durable) {
                pending = count
                break
            }
            // A run that just finished closed the log (``closeLogIfFolded()``): start another.
            logHolder.withLock { holder in
                if holder === log { holder = nil }
            }
            log = try openLog()
        }
        // Fold now when enough waits or the last fold is old; else make sure a timed fold comes, so
        // another process is never further behind than ``foldInterval`` (a run waiting at a pause).
        let (due, schedule) = foldClock.withLock { clock -> (Bool, Bool) in
            let now = Date()
            if pending >= Self.foldBatch || now.timeIntervalSince(clock.last) >= Self.foldInterval {
                clock.last = now
                return (true, false)
            }
            defer { clock.scheduled = true }
            return (false, !clock.scheduled)
        }
        if due { try queueFold() }
        guard schedule else { return }
        DispatchQueue.global().asyncAfter(deadline: .now() + Self.foldInterval) {
            self.foldClock.withLock { $0 = (last: Date(), scheduled: false) }
            // A failure stays in the writer and surfaces at the next write.
            try? self.queueFold()
        }
    }

    /// Queues the fold of every record this process logged and SQLite lacks, behind every write
    /// queued before it; a later awaited write returning proves it committed.
    func queueFold() throws {
        guard let log = logHolder.withLock({ $0 }) else { return }
        var failure: (any Error)?
        try log.takePending { records, end in
            do {
                let journal = path.path
                try writer.submit(
                    { db in
                        do {
                            try Self.fold(records, log: log.name, upTo: end, into: db)
                        } catch {
                            throw JournalError(
                                .storage,
                                "could not write the journal \(journal): \(Self.describe(error)); its records are kept in "
                                    + "\(log.name) beside it and folded by the next keyshare that opens it; check free disk space "
                                    + "and that no other program changed the file")
                        }
                    },
                    committed: { log.markFolded(upTo: end) })
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }

    /// Folds every logged record and waits for its commit.
    func foldNow() async throws {
        // A reader that never wrote must not take the write lock (the file may be read-only to it).
        guard let log = logHolder.withLock({ $0 }), !log.isFullyFolded else { return }
        try queueFold()
        try await writer.write { _ in }
    }

    /// Deletes this instance's log when SQLite holds everything in it (a run's end), so a finished
    /// run leaves only the journal file behind.
    func closeLogIfFolded() {
        logHolder.withLock { holder in
            if let log = holder, log.closeIfFolded() { holder = nil }
        }
    }

    private func openLog() throws -> JournalLog {
        try logHolder.withLock { holder in
            if let log = holder { return log }
            let log = try JournalLog(beside: path)
            holder = log
            return log
        }
    }

    /// Throws unless the journal holds `target` of `run` (known from ``beginRun(_:)``, or read once).
    func requireTarget(_ target: String, of run: RunID) async throws {
        guard try await knownTargets(of: run).contains(target) else {
            throw JournalError(
                .unknownRecord,
                "the journal \(path.path) has no target \(target) in run \(run); record the run "
                    + "(beginRun) with its targets before its steps")
        }
    }

    /// The targets of `run`, read from the journal the first time; throws when it has no such run.
    func knownTargets(of run: RunID) async throws -> Set<String> {
        if let known = targetsByRun.withLock({ $0[run] }) { return known }
        let found = try await database.read { db -> Set<String>? in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM runs WHERE id = ?", arguments: [run.rawValue]) == true else {
                return nil
            }
            return Set(try String.fetchAll(db, sql: "SELECT id FROM targets WHERE run = ?", arguments: [run.rawValue]))
        }
        guard let found else {
            throw JournalError(
                .unknownRecord,
                "the journal \(path.path) has no run \(run); record the run (beginRun) with its targets before its steps")
        }
        targetsByRun.withLock { $0[run] = found }
        return found
    }

    /// Folds the logs of processes that died before folding everything they wrote (run at open).
    static func recoverLogs(of database: DatabasePool, journal: URL) throws {
        try JournalLog.recover(beside: journal) { name, bytes in
            try database.write { db in
                let offset = try Int.fetchOne(db, sql: "SELECT offset FROM log_folds WHERE log = ?", arguments: [name]) ?? 0
                let start = min(max(0, offset), bytes.count)
                let (records, _) = JournalLogRecord.records(in: Array(bytes[start...]))
                // The log is deleted once this commits: its offset row goes with it.
                try fold(records, into: db)
                try db.execute(sql: "DELETE FROM log_folds WHERE log = ?", arguments: [name])
            }
        }
    }

    /// Applies `records` in order and notes that the log `log` is folded up to `end`. A record
    /// SQLite refuses (its run was deleted meanwhile) is dropped alone; the rest still commit.
    static func fold(_ records: [JournalLogRecord], log: String, upTo end: Int, into db: Database) throws {
        try fold(records, into: db)
        try db.cachedStatement(
            sql: "INSERT INTO log_folds (log, offset) VALUES (?, ?) ON CONFLICT(log) DO UPDATE SET offset = excluded.offset"
        ).execute(arguments: [log, end])
    }

    /// Applies `records` in order; one SQLite refuses is dropped alone.
    private static func fold(_ records: [JournalLogRecord], into db: Database) throws {
        let fold = try JournalFold(db)
        do {
            try db.inSavepoint {
                try fold.apply(records)
                return .commit
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            for record in records {
                try? db.inSavepoint {
                    try fold.apply([record], compact: false)
                    return .commit
                }
            }
        }
    }
}

extension JournalLogRecord.Value {
    /// A text column that may be null.
    static func text(_ text: String?) -> Self { text.map(Self.text) ?? .null }

    /// A time as seconds since 1970.
    static func time(_ date: Date?) -> Self { date.map { .real($0.timeIntervalSince1970) } ?? .null }

    /// An integer column that may be null.
    static func integer(_ number: Int?) -> Self { number.map { .integer(Int64($0)) } ?? .null }
}
