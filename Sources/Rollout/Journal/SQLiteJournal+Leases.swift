import Foundation
import GRDB
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Named leases in the journal: two processes sharing it never run the same critical work at once
/// (writing one key's policy). A lease has one holder and an expiry in wall-clock time, so a
/// holder killed mid-work blocks the others for at most its ttl.
extension SQLiteJournal {
    /// Takes the lease `name` for `holder` until now + `ttl` when it is free, expired, held by a
    /// process of this host that has ended, or already `holder`'s; false when another holder has
    /// it. Atomic (one IMMEDIATE transaction), and durable before it returns.
    package func acquireLease(name: String, holder: String, ttl: Duration) async throws -> Bool {
        let seconds = Self.seconds(ttl)
        return try await writer.write { db in
            let now = Date().timeIntervalSince1970
            let current = try Row.fetchOne(db, sql: "SELECT holder, expires_at FROM leases WHERE name = ?", arguments: [name])
            if let current {
                let owner: String = try current.decode(forColumn: "holder")
                let expiry: Double = try current.decode(forColumn: "expires_at")
                guard owner == holder || expiry <= now || Self.holderHasEnded(owner) else { return false }
            }
            try db.execute(
                sql: "INSERT OR REPLACE INTO leases (name, holder, expires_at) VALUES (?, ?, ?)",
                arguments: [name, holder, now + seconds])
            return true
        }
    }

    /// Extends `holder`'s lease `name` to now + `ttl`; false when `holder` no longer has it (it
    /// expired and another holder took it over, or it was released).
    package func renewLease(name: String, holder: String, ttl: Duration) async throws -> Bool {
        let seconds = Self.seconds(ttl)
        return try await writer.write { db in
            try db.execute(
                sql: "UPDATE leases SET expires_at = ? WHERE name = ? AND holder = ?",
                arguments: [Date().timeIntervalSince1970 + seconds, name, holder])
            return db.changesCount > 0
        }
    }

    /// Gives up `holder`'s lease `name`; false when `holder` no longer had it (another holder took
    /// it over after it expired, or it was released already), in which case nothing changes.
    @discardableResult
    package func releaseLease(name: String, holder: String) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM leases WHERE name = ? AND holder = ?", arguments: [name, holder])
            return db.changesCount > 0
        }
    }

    /// The holder of lease `name` and when it expires, or nil when nobody holds it.
    package func lease(name: String) async throws -> (holder: String, expiresAt: Date)? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT holder, expires_at FROM leases WHERE name = ?", arguments: [name]).map { row in
                (
                    holder: try row.decode(String.self, forColumn: "holder"),
                    expiresAt: Date(timeIntervalSince1970: try row.decode(forColumn: "expires_at"))
                )
            }
        }
    }

    /// Runs `body` while holding lease `name`: waits (polling with jittered back-off, suspended,
    /// not blocking a thread) until the lease is free, renews it every ttl/3 while `body` runs,
    /// and releases it afterwards, also when `body` throws or the task is cancelled.
    ///
    /// - Throws: `body`'s error; `CancellationError` when cancelled while waiting;
    ///   `JournalError.leaseLost` when a renewal or the release found the lease taken over (the
    ///   holder stalled past its ttl), so the caller knows the work was not exclusive throughout.
    package func withLease<T: Sendable>(
        name: String, holder: String, ttl: Duration,
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> T
    ) async throws -> T {
        var pause = Duration.milliseconds(10)
        let longestPause = min(Duration.seconds(1), ttl / 4)
        while try await !acquireLease(name: name, holder: holder, ttl: ttl) {
            try Task.checkCancellation()
            let jittered = pause * Double.random(in: 0.5...1.5)
            try await Task.sleep(for: jittered)
            pause = min(pause * 2, max(longestPause, .milliseconds(10)))
        }
        let lost = LeaseFlag()
        let result: T
        do {
            result = try await withThrowingTaskGroup(of: Void.self, returning: T.self) { group in
                let interval = max(ttl / 3, .milliseconds(10))
                group.addTask { [self] in
                    while true {
                        try await Task.sleep(for: interval)
                        guard try await renewLease(name: name, holder: holder, ttl: ttl) else {
                            lost.set()
                            return
                        }
                    }
                }
                defer { group.cancelAll() }
                return try await body()
            }
        } catch {
            _ = try? await releaseLease(name: name, holder: holder)
            throw error
        }
        // The release itself tells whether the lease was still ours, so a takeover is reported even
        // when no renewal ran in between (a loaded machine may not schedule one before the body ends).
        let held = try await releaseLease(name: name, holder: holder)
        if lost.isSet || !held {
            throw JournalError(
                .leaseLost,
                "the lease \(name) of \(holder) in \(path.path) expired while its work ran and "
                    + "another holder took it; the work may have overlapped: check its result (ttl \(ttl))")
        }
        return result
    }

    private static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}

/// Set once by the renewal task when the lease was taken over; read after the body ends.
private final class LeaseFlag: Sendable {
    private let flag = Mutex(false)
    func set() { flag.withLock { $0 = true } }
    var isSet: Bool { flag.withLock { $0 } }
}
