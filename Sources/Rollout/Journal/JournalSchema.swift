import Foundation
import GRDB

/// The journal's tables and how a file is told apart from anything that is not a keyshare journal.
///
/// Schema v1 (times are seconds since 1970 as REAL; lists and maps are JSON text):
/// - `meta(key, value)`: `format = keyshare-journal`, `schema = 1`.
/// - `runs`: one row per run (header, status, summary, start/finish, last resume).
/// - `targets`: per run, the targets in plan order (`position`), their status and reason.
/// - `steps`: per run and target, one row per step index: status, changes, messages, failure, times.
/// - `mutations`: changes the cloud confirmed, in recording order (`seq`).
/// - `leases`: named leases (`holder`, `expires_at`) that serialise writers across processes.
///
/// Schema v2 adds `log_folds(log, offset)`: how far each append-only log is folded into the tables.
enum JournalSchema {
    /// `PRAGMA application_id` of a journal ("KSJN"), set by the first migration.
    static let applicationID: Int32 = 0x4B53_4A4E
    /// The `format` meta value.
    static let format = "keyshare-journal"
    /// The newest schema this build writes.
    static let version = 2

    /// The migrations, oldest first; an identifier this build does not know means a newer keyshare.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                    INSERT INTO meta (key, value) VALUES ('format', '\(format)'), ('schema', '1');
                    CREATE TABLE runs (
                        id TEXT PRIMARY KEY NOT NULL,
                        kind TEXT NOT NULL,
                        undoes TEXT,
                        playbook TEXT NOT NULL,
                        playbook_digest TEXT NOT NULL,
                        invocation TEXT NOT NULL,
                        working_directory TEXT NOT NULL,
                        backend TEXT NOT NULL,
                        steps TEXT NOT NULL,
                        status TEXT NOT NULL,
                        summary TEXT,
                        started_at REAL NOT NULL,
                        finished_at REAL,
                        resumed_at REAL
                    );
                    CREATE TABLE targets (
                        run TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                        position INTEGER NOT NULL,
                        id TEXT NOT NULL,
                        name TEXT NOT NULL,
                        folder TEXT,
                        tags TEXT NOT NULL,
                        status TEXT NOT NULL,
                        reason TEXT,
                        finished_at REAL,
                        PRIMARY KEY (run, id)
                    );
                    CREATE INDEX targets_by_position ON targets(run, position);
                    CREATE TABLE steps (
                        run TEXT NOT NULL,
                        target TEXT NOT NULL,
                        step_index INTEGER NOT NULL,
                        name TEXT NOT NULL,
                        status TEXT NOT NULL,
                        changes TEXT NOT NULL,
                        messages TEXT NOT NULL,
                        failure_code TEXT,
                        failure_message TEXT,
                        failure_step TEXT,
                        failure_request_id TEXT,
                        failure_changes TEXT,
                        started_at REAL NOT NULL,
                        finished_at REAL,
                        PRIMARY KEY (run, target, step_index),
                        FOREIGN KEY (run, target) REFERENCES targets(run, id) ON DELETE CASCADE
                    );
                    CREATE TABLE mutations (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        run TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                        target TEXT,
                        step INTEGER,
                        account TEXT NOT NULL,
                        action TEXT NOT NULL,
                        resource TEXT NOT NULL,
                        details TEXT NOT NULL,
                        at REAL NOT NULL
                    );
                    CREATE INDEX mutations_by_run ON mutations(run, seq);
                    CREATE TABLE leases (name TEXT PRIMARY KEY NOT NULL, holder TEXT NOT NULL, expires_at REAL NOT NULL);
                    PRAGMA application_id = \(applicationID);
                    """)
        }
        migrator.registerMigration("v2") { db in
            try db.execute(
                sql: """
                    CREATE TABLE log_folds (log TEXT PRIMARY KEY NOT NULL, offset INTEGER NOT NULL);
                    UPDATE meta SET value = '2' WHERE key = 'schema';
                    """)
        }
        return migrator
    }

    /// What an SQLite file holds, read without writing a byte.
    enum Kind: Equatable {
        /// No tables and no application id: a new file.
        case empty
        /// A keyshare journal this build can use (possibly at an older schema, to migrate).
        case journal
        /// A journal a newer keyshare wrote (its migrations are unknown here).
        case newer([String])
        /// Another program's database, with these tables.
        case foreign([String])
    }

    /// Classifies an open database by its application id, tables, meta rows and migrations.
    static func classify(_ db: Database) throws -> Kind {
        let tables = try String.fetchAll(
            db,
            sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name
                """)
        let stamp = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        if tables.isEmpty {
            return stamp == 0 ? .empty : .foreign(["none; application id \(stamp)"])
        }
        // Another opener's migrator between creating its bookkeeping table and committing v1:
        // nothing is in the file yet, and the migration here waits for (then sees) that one.
        if tables == ["grdb_migrations"], stamp == 0,
            try Int.fetchOne(db, sql: "SELECT count(*) FROM grdb_migrations") == 0
        {
            return .empty
        }
        guard stamp == applicationID, tables.contains("meta"),
            try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'format'") == format
        else { return .foreign(tables) }
        let known = Set(migrator.migrations)
        let applied = try migrator.appliedIdentifiers(db)
        let unknown = applied.subtracting(known).sorted()
        if !unknown.isEmpty { return .newer(unknown) }
        let schema = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'schema'").flatMap { Int($0) } ?? 0
        if schema > version { return .newer(["schema \(schema)"]) }
        return .journal
    }
}
