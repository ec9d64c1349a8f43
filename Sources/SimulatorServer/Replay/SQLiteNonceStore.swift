import Foundation
import GRDB

/// A ``NonceStore`` in its own small SQLite file beside the simulator's state (`<state>.nonces`).
///
/// A sidecar, not a table in the state file: the state belongs to the simulator's persistence
/// (its schema, world check and lock), and a second writer in the same file would contend for
/// SQLite's write lock with every simulated call. The state's lock (one process per state file)
/// covers this file too. Expired entries are deleted when the file is opened and every 1,000
/// writes, so it holds about one skew window of requests.
package actor SQLiteNonceStore: NonceStore {
    /// The file's SQLite application id ("ksnc"), so that another database is never written to.
    static let applicationID: Int32 = 0x6B73_6E63
    /// Writes between two deletions of expired entries.
    private static let pruneInterval = 1_000

    private let database: DatabaseQueue
    private var writesSincePrune = 0
    package nonisolated let remembered: [RememberedNonce]
    /// The file.
    package nonisolated let url: URL

    /// The sidecar file of the state file `stateFile`.
    package static func file(for stateFile: URL) -> URL {
        stateFile.deletingLastPathComponent().appendingPathComponent(stateFile.lastPathComponent + ".nonces")
    }

    /// Opens (or creates) the store at `url`, forgets what expired at `now` and reads the rest.
    ///
    /// - Throws: ``NonceStoreError`` naming the file when it cannot be opened or is not a nonce store.
    package init(url: URL, now: Date) throws {
        self.url = url
        do {
            database = try DatabaseQueue(path: url.path)
            remembered = try database.write { db in
                try Self.prepare(db, url: url)
                try db.execute(sql: "DELETE FROM nonce WHERE expiry <= ?", arguments: [now.timeIntervalSince1970])
                return try Row.fetchAll(db, sql: "SELECT access_key_id, nonce, expiry FROM nonce ORDER BY expiry")
                    .map { row in
                        RememberedNonce(
                            accessKeyID: row[0], nonce: row[1],
                            expiry: Date(timeIntervalSince1970: row[2]))
                    }
            }
            try database.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
        } catch let error as NonceStoreError {
            throw error
        } catch {
            throw NonceStoreError(
                "cannot open the replay-protection file \(url.path): \(error). "
                    + "Check that its folder is writable, or move the file away (it only holds recent signature nonces).")
        }
    }

    package func remember(_ entry: RememberedNonce, now: Date) async throws {
        writesSincePrune += 1
        let prune = writesSincePrune >= Self.pruneInterval
        if prune { writesSincePrune = 0 }
        try await database.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO nonce (access_key_id, nonce, expiry) VALUES (?, ?, ?)",
                arguments: [entry.accessKeyID, entry.nonce, entry.expiry.timeIntervalSince1970])
            if prune {
                try db.execute(sql: "DELETE FROM nonce WHERE expiry <= ?", arguments: [now.timeIntervalSince1970])
            }
        }
    }

    /// How many entries the file holds (for tests and diagnostics).
    package func count() async throws -> Int {
        try await database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM nonce") ?? 0 }
    }

    /// Creates the table in a new file; refuses a database that is something else.
    private static func prepare(_ db: Database, url: URL) throws {
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        if tables.isEmpty, applicationID == 0 || applicationID == Self.applicationID {
            try db.execute(
                sql: """
                    PRAGMA application_id = \(Self.applicationID);
                    CREATE TABLE nonce (access_key_id TEXT NOT NULL, nonce TEXT NOT NULL, expiry REAL NOT NULL,
                                        PRIMARY KEY (access_key_id, nonce)) WITHOUT ROWID;
                    CREATE INDEX nonce_expiry ON nonce (expiry);
                    """)
            return
        }
        guard applicationID == Self.applicationID, tables.contains("nonce") else {
            throw NonceStoreError(
                "\(url.path) is not keyshare's replay-protection file (it holds other data); "
                    + "keyshare leaves it untouched: move it away or use another --state path.")
        }
    }
}

/// The replay-protection file cannot be used; the message names it and the fix.
package struct NonceStoreError: Error, CustomStringConvertible {
    /// What is wrong, naming the file.
    package let description: String

    init(_ description: String) { self.description = description }
}
