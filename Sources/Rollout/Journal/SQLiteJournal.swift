import Foundation
import GRDB
import Synchronization

/// The rollout journal in an SQLite file (WAL, `synchronous=NORMAL`: a killed process loses
/// nothing it was told was committed). A run's hot records go to an append-only log first and are
/// folded in batches (SQLiteJournal+Log.swift); writes are group-committed by a ``JournalWriter``
/// off the cooperative pool; reads use GRDB's asynchronous readers. Several
/// instances (or processes) may share one file: writers wait for each other (busy timeout) and
/// leases serialise work that must not overlap.
///
/// Only a keyshare journal is ever written: a folder, a file that is not SQLite, another program's
/// database or a journal from a newer keyshare is refused with its path and the fix, untouched.
package final class SQLiteJournal: RolloutJournal {
    /// The journal file.
    package let path: URL
    /// The connections: one writer (used by ``writer`` only) and concurrent readers.
    let database: DatabasePool
    /// Group-commits every write.
    let writer: JournalWriter
    /// This instance's append-only log, made by its first hot record.
    let logHolder = Mutex<JournalLog?>(nil)
    /// When records were last folded from the log, and whether a timed fold is on its way.
    let foldClock = Mutex((last: Date(), scheduled: false))
    /// The targets of each run this instance wrote for, to refuse a record of an unknown one at once.
    let targetsByRun = Mutex<[RunID: Set<String>]>([:])

    /// How long a writer waits for another process's transaction before failing.
    static let busyTimeout: TimeInterval = 30

    /// Opens the journal at `path`, creating it (and its folder) when missing.
    ///
    /// - Throws: `JournalError.unusableFile` naming the path and the fix.
    package convenience init(path: URL) throws {
        try self.init(path: path, create: true)
    }

    /// Opens the journal at `path`; with `create` false a missing file is refused instead of made.
    ///
    /// - Throws: `JournalError.unusableFile` naming the path and the fix.
    package init(path: URL, create: Bool) throws {
        self.path = path
        // Another process creating or converting the same file at this moment makes SQLite answer
        // "busy" where its busy handler does not apply (switching to WAL, the first migration):
        // the whole open is retried, after a jittered pause, until the busy timeout.
        let deadline = Date().addingTimeInterval(Self.busyTimeout)
        var pause = 0.005
        while true {
            do {
                database = try Self.open(path, create: create)
                break
            } catch let error as DatabaseError where Self.isBusy(error) && Date() < deadline {
                Thread.sleep(forTimeInterval: pause * Double.random(in: 0.5...1.5))
                pause = min(pause * 2, 0.2)
            } catch let error as DatabaseError {
                throw JournalError(
                    .unusableFile,
                    "cannot open the journal \(path.path): \(Self.describe(error)); "
                        + "check the file and its folder are writable, or pass --journal FILE naming another file")
            }
        }
        writer = JournalWriter(database: database, path: path.path)
        do {
            try Self.recoverLogs(of: database, journal: path)
        } catch {
            throw JournalError(
                .unusableFile,
                "cannot fold what a killed keyshare left in the log of the journal \(path.path): \(Self.describe(error)); "
                    + "check the journal's folder is writable")
        }
    }

    /// Checks, opens and migrates the journal; a busy database comes back as the raw `DatabaseError`.
    private static func open(_ path: URL, create: Bool) throws -> DatabasePool {
        let found = try JournalFileCheck.check(path, createFolder: create)
        if case .nothing = found, !create {
            throw JournalError(.unusableFile, "no journal at \(path.path); pass --journal FILE")
        }
        // Classified on a plain connection first: opening a pool switches the file to WAL, which
        // is a write, and a file that is not ours must stay byte-for-byte as it was.
        if case .sqlite = found { try requireJournal(path) }
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "keyshare.journal"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Checkpoint every ~16 MB of WAL, not every 4 MB (SQLite's default): a 1,000-target run
            // folds ~14,000 records in ~65 transactions, and checkpointed 13 times (5 now), each a
            // copy of pages the next fold dirties again and an fdatasync.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(Self.checkpointPages)")
            // A fold runs in a savepoint (a refused record is dropped alone), whose statement journal
            // keeps every page the fold changes: in temporary files, half of a run's write syscalls.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        let database = try DatabasePool(path: path.path, configuration: configuration)
        try migrate(database, path: path)
        return database
    }

    /// WAL pages between automatic checkpoints.
    private static let checkpointPages = 4000

    private static func isBusy(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
    }

    private static func requireJournal(_ path: URL) throws {
        let kind: JournalSchema.Kind
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(busyTimeout)
            let probe = try DatabaseQueue(path: path.path, configuration: configuration)
            kind = try probe.read { try JournalSchema.classify($0) }
            try probe.close()
        } catch let error as DatabaseError where isBusy(error) {
            throw error
        } catch {
            throw JournalError(
                .unusableFile,
                "cannot read the journal \(path.path): \(describe(error)). It is not a "
                    + "keyshare journal, or it is damaged; keyshare leaves it untouched: pass --journal FILE naming another file")
        }
        switch kind {
        case .empty, .journal:
            return
        case .foreign(let tables):
            throw JournalError(
                .unusableFile,
                "\(path.path) is an SQLite database but not a keyshare journal (it holds "
                    + "the tables \(tables.joined(separator: ", "))); keyshare leaves it untouched: pass --journal FILE naming another file"
            )
        case .newer(let migrations):
            throw JournalError(
                .unusableFile,
                "the journal \(path.path) was written by a newer keyshare (schema "
                    + "\(migrations.joined(separator: ", ")); this one knows schema \(JournalSchema.version)); it is left "
                    + "untouched: use the newer keyshare, or pass --journal FILE to start another journal")
        }
    }

    /// Brings the schema up to date. Two processes creating one journal at once race: the loser's
    /// migration fails on tables the winner just made, so a failure is forgiven when the file
    /// is now a complete journal.
    private static func migrate(_ database: DatabasePool, path: URL) throws {
        let migrator = JournalSchema.migrator
        // Another process creating the same new journal may be between two migrations: ours then
        // meets a table it made ("already exists"). Once it has committed, migrating again skips
        // what it did, so a few tries with short pauses settle the race (seen with four processes
        // under load).
        var attempt = 0
        while true {
            attempt += 1
            do {
                try migrator.migrate(database)
                return
            } catch {
                let complete =
                    (try? database.read { db in
                        try JournalSchema.classify(db) == .journal && migrator.hasCompletedMigrations(db)
                    }) ?? false
                if complete { return }
                if let error = error as? DatabaseError, isBusy(error) { throw error }
                let racing = (error as? DatabaseError)?.message?.contains("already exists") == true
                if racing, attempt < 10 {
                    usleep(useconds_t(20_000 * attempt))
                    continue
                }
                throw JournalError(
                    .unusableFile,
                    "cannot set up the journal \(path.path): \(describe(error)); "
                        + "check the file and its folder are writable, or pass --journal FILE naming another file")
            }
        }
    }

    /// SQLite's own words for `error` (its code's meaning and message), not GRDB's full dump with SQL.
    static func describe(_ error: any Error) -> String {
        if let error = error as? JournalError { return error.message }
        if let error = error as? DatabaseError {
            let detail = error.message.map { ": \($0)" } ?? ""
            return "SQLite error \(error.resultCode.rawValue)\(detail)"
        }
        return "\(error)"
    }
}
