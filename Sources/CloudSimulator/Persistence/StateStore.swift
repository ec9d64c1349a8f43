import CloudModel
import Foundation
import GRDB

/// The SQLite state file (WAL): one JSON row per account plus meta rows (the cloud's meta, and the
/// world it was seeded from), written in a single transaction per mutating call so a killed
/// process loses nothing it acknowledged.
///
/// Only a keyshare state is ever written: a file that is not SQLite, or an SQLite database with
/// other tables, is refused before anything is written to it (``StateFileCheck``).
final class StateStore {
    private let database: DatabaseQueue
    private let encoder = JSONEncoder()
    private let decoder = JSONDecoder()
    private let url: URL
    /// Whether the file held no keyshare tables when opened (it is seeded by `saveAll`).
    let isNew: Bool

    /// Opens the state file at `url`, creating it if needed; refuses any file that is not a keyshare state.
    init(url: URL) throws {
        self.url = url
        try StateFileCheck.checkFormat(url)
        do {
            database = try DatabaseQueue(path: url.path)
        } catch {
            throw WorldError("Cannot open the state file \(url.path): \(error). Check the path and permissions.")
        }
        let kind: StateFileCheck.Kind
        do {
            kind = try database.read { try StateFileCheck.classify($0) }
        } catch {
            throw WorldError(
                "Cannot read the state file \(url.path): \(error). It is not a keyshare state, or it is "
                    + "damaged: pass another --state path (keyshare never overwrites a file it did not make).")
        }
        switch kind {
        case .foreign(let tables):
            throw WorldError(
                "\(url.path) is an SQLite database but not a keyshare state (it holds the tables "
                    + "\(tables.joined(separator: ", "))); keyshare leaves it untouched: pass another --state path.")
        case .empty:
            isNew = true
        case .keyshare:
            isNew = false
        }
        do {
            // Set only once the file is known to be ours (the mode is persistent in the file).
            try database.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL")
            }
        } catch {
            throw WorldError("Cannot open the state file \(url.path): \(error). Check the path and permissions.")
        }
    }

    /// The saved state, or nil when the file has none yet.
    func load() throws -> (accounts: [AccountID: AccountState], meta: CloudMeta)? {
        guard !isNew else { return nil }
        return try database.read { db in
            guard let metaData = try Data.fetchOne(db, sql: "SELECT state FROM meta WHERE id = 1") else { return nil }
            let meta = try decoder.decode(CloudMeta.self, from: metaData)
            var accounts: [AccountID: AccountState] = [:]
            for data in try Data.fetchAll(db, sql: "SELECT state FROM account") {
                let account = try decoder.decode(AccountState.self, from: data)
                accounts[account.id] = account
            }
            return (accounts, meta)
        }
    }

    /// The world the state was seeded from (nil: a state written before keyshare recorded it).
    func origin() throws -> WorldStamp? {
        guard !isNew else { return nil }
        return try database.read { db in
            try Data.fetchOne(db, sql: "SELECT state FROM meta WHERE id = \(Self.originRow)")
                .map { try decoder.decode(WorldStamp.self, from: $0) }
        }
    }

    /// Replaces everything (first start from a world, or `--fresh-state`), recording its origin.
    func saveAll(accounts: [AccountID: AccountState], meta: CloudMeta, origin: WorldStamp) throws {
        try database.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE IF NOT EXISTS account (id TEXT PRIMARY KEY NOT NULL, state BLOB NOT NULL);
                    CREATE TABLE IF NOT EXISTS meta (id INTEGER PRIMARY KEY NOT NULL, state BLOB NOT NULL);
                    PRAGMA application_id = \(StateFileCheck.applicationID);
                    """)
            try db.execute(sql: "DELETE FROM account")
            for account in accounts.values { try upsert(account, db) }
            try db.execute(sql: "INSERT OR REPLACE INTO meta (id, state) VALUES (1, ?)", arguments: [encoder.encode(meta)])
            try db.execute(
                sql: "INSERT OR REPLACE INTO meta (id, state) VALUES (\(Self.originRow), ?)",
                arguments: [encoder.encode(origin)])
        }
    }

    /// Upserts the changed accounts and, when given, the meta row, in one transaction.
    func save(accounts: [AccountState], meta: CloudMeta?) throws {
        try database.write { db in
            for account in accounts { try upsert(account, db) }
            if let meta {
                try db.execute(sql: "INSERT OR REPLACE INTO meta (id, state) VALUES (1, ?)", arguments: [encoder.encode(meta)])
            }
        }
    }

    private func upsert(_ account: AccountState, _ db: Database) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO account (id, state) VALUES (?, ?)",
            arguments: [account.id.rawValue, encoder.encode(account)])
    }

    /// The meta row holding the ``WorldStamp`` (row 1 is the cloud's `CloudMeta`).
    private static let originRow = 2
}

extension StateStore {
    /// The saved state to resume, or nil when the cloud must be seeded from the world instead (a
    /// new file, or `existing == .reseed`).
    ///
    /// - Parameter world: the stamp of the world the caller asks for (computed only when needed).
    /// - Throws: `WorldError` naming the state file and both worlds when `existing` is
    ///   `.requireSameWorld` and the state was seeded from another world.
    func resumable(_ existing: ExistingState, world: () -> WorldStamp)
        throws -> (accounts: [AccountID: AccountState], meta: CloudMeta)?
    {
        if existing == .reseed { return nil }
        guard let saved = try load() else { return nil }
        guard existing == .requireSameWorld else { return saved }
        let wanted = world()
        let recorded = try origin()
        guard recorded?.fingerprint != wanted.fingerprint else { return saved }
        let madeFrom =
            recorded.map { "was seeded from \($0.source)" }
            ?? "does not record its world (an older keyshare made it)"
        throw WorldError(
            "The state file \(url.path) \(madeFrom), not from \(wanted.source): it holds another "
                + "simulated cloud. Drop --world to resume \(url.path) as it is, pass --fresh-state to discard it and "
                + "seed it again from \(wanted.source), or pass another --state file.")
    }
}
