import CloudModel
import Foundation
import GRDB

/// The SQLite state file (WAL): one JSON row per account plus one meta row, written in a single
/// transaction per mutating call so a killed process loses nothing it acknowledged.
final class StateStore {
    private let database: DatabaseQueue
    private let encoder = JSONEncoder()
    private let decoder = JSONDecoder()

    /// Opens (creating if needed) the state file at `url`.
    init(url: URL) throws {
        var configuration = Configuration()
        configuration.journalMode = .wal
        do {
            database = try DatabaseQueue(path: url.path, configuration: configuration)
            try database.write { db in
                try db.execute(sql: """
                    CREATE TABLE IF NOT EXISTS account (id TEXT PRIMARY KEY NOT NULL, state BLOB NOT NULL);
                    CREATE TABLE IF NOT EXISTS meta (id INTEGER PRIMARY KEY NOT NULL, state BLOB NOT NULL);
                    """)
            }
        } catch {
            throw WorldError("Cannot open the state file \(url.path): \(error). Check the path and permissions, or delete a corrupt file.")
        }
    }

    /// The saved state, or nil when the file has none yet.
    func load() throws -> (accounts: [AccountID: AccountState], meta: CloudMeta)? {
        try database.read { db in
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

    /// Replaces everything (first start from a world).
    func saveAll(accounts: [AccountID: AccountState], meta: CloudMeta) throws {
        try database.write { db in
            try db.execute(sql: "DELETE FROM account")
            for account in accounts.values { try upsert(account, db) }
            try db.execute(sql: "INSERT OR REPLACE INTO meta (id, state) VALUES (1, ?)", arguments: [encoder.encode(meta)])
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
        try db.execute(sql: "INSERT OR REPLACE INTO account (id, state) VALUES (?, ?)",
                       arguments: [account.id.rawValue, encoder.encode(account)])
    }
}
