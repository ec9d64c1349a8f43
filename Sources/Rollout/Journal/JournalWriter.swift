import Dispatch
import Foundation
import GRDB
import Synchronization

/// Group commit: every write to the journal is queued here, and one dedicated serial queue
/// (never the cooperative pool) drains the queue into a single IMMEDIATE transaction per round.
/// While a round commits, new writes gather for the next, so 64 concurrent targets cost a handful
/// of commits instead of one each. Each write runs in its own savepoint, so one bad record fails
/// only its caller; every caller resumes only after the transaction holding its write committed.
final class JournalWriter: Sendable {
    /// One queued write and how to tell its caller the outcome.
    private struct Item: Sendable {
        let work: @Sendable (Database) throws -> Void
        let finish: @Sendable ((any Error)?) -> Void
        /// Nobody waits for it (``submit(_:)``): its failure must stop every write after it.
        var isDeferred = false
    }

    private struct Queue: ~Copyable {
        var pending: [Item] = []
        var draining = false
        var rounds = 0
    }

    private let database: DatabasePool
    private let queue = Mutex(Queue())
    /// The failure of a write nobody waited for: every later write fails with it.
    private let deferredFailure = Mutex<(any Error)?>(nil)
    private let drainer: DispatchQueue
    /// Names the journal in storage errors.
    private let path: String

    /// A writer committing into `database` (the journal at `path`).
    init(database: DatabasePool, path: String) {
        self.database = database
        self.path = path
        drainer = DispatchQueue(label: "keyshare.journal.writer", qos: .userInitiated)
    }

    /// Runs `work` inside the next group transaction and returns its value once that committed.
    /// - Throws: the failure of an earlier ``submit(_:)``, before running `work`.
    func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        if let failure = deferredFailure.withLock({ $0 }) { throw failure }
        let result = Mutex<T?>(nil)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            enqueue(
                Item(
                    work: { db in
                        let value = try work(db)
                        result.withLock { $0 = value }
                    },
                    finish: { error in
                        if let error { continuation.resume(throwing: error) } else { continuation.resume() }
                    }))
        }
        guard let value = result.withLock({ $0 }) else {
            throw JournalError(.storage, "the journal \(path) committed a write without its result")
        }
        return value
    }

    /// Queues `work` for the next group transaction without waiting for it: it commits in order, with
    /// or before any later write, so a later awaited write that returns proves it durable. A failure
    /// makes every later ``write(_:)`` throw it.
    /// `committed` runs once the transaction holding `work` committed.
    func submit(_ work: @escaping @Sendable (Database) throws -> Void, committed: (@Sendable () -> Void)? = nil) throws {
        if let failure = deferredFailure.withLock({ $0 }) { throw failure }
        // The failure is recorded by `commit`, before any later write of the same round runs.
        enqueue(Item(work: work, finish: { error in if error == nil { committed?() } }, isDeferred: true))
    }

    /// Throws the failure of an earlier ``submit(_:)``, if one failed.
    func check() throws {
        if let failure = deferredFailure.withLock({ $0 }) { throw failure }
    }

    /// How many group transactions this writer ran (each holds one or more writes).
    var rounds: Int { queue.withLock { $0.rounds } }

    private func enqueue(_ item: Item) {
        let start = queue.withLock { state in
            state.pending.append(item)
            guard !state.draining else { return false }
            state.draining = true
            return true
        }
        if start { drainer.async { self.drain() } }
    }

    /// Commits rounds until the queue is empty; runs on `drainer` only.
    private func drain() {
        while true {
            let batch = queue.withLock { state -> [Item] in
                let batch = state.pending
                state.pending = []
                if batch.isEmpty { state.draining = false } else { state.rounds += 1 }
                return batch
            }
            guard !batch.isEmpty else { return }
            commit(batch)
        }
    }

    /// Commits `batch` in one transaction. The fast path runs every write straight in; when one
    /// fails, the whole round is rolled back and run again with a savepoint per write, so the
    /// failure stays its caller's and every other write still commits.
    private func commit(_ batch: [Item]) {
        if let failure = deferredFailure.withLock({ $0 }) {
            for item in batch { item.finish(failure) }
            return
        }
        var outcomes = [(any Error)?](repeating: nil, count: batch.count)
        do {
            try database.writeWithoutTransaction { db in
                var clean = true
                try db.inTransaction(.immediate) {
                    for item in batch {
                        do {
                            try item.work(db)
                        } catch {
                            clean = false
                            return .rollback
                        }
                    }
                    return .commit
                }
                guard !clean else { return }
                try db.inTransaction(.immediate) {
                    var poisoned = self.deferredFailure.withLock { $0 }
                    for (index, item) in batch.enumerated() {
                        // After a failed write nobody waited for, nothing may commit as if it had.
                        if let poisoned {
                            outcomes[index] = poisoned
                            continue
                        }
                        do {
                            try db.inSavepoint {
                                try item.work(db)
                                return .commit
                            }
                        } catch {
                            outcomes[index] = error
                            if item.isDeferred {
                                poisoned = error
                                self.deferredFailure.withLock { $0 = $0 ?? error }
                            }
                        }
                    }
                    return .commit
                }
            }
        } catch {
            let failure = JournalError(
                .storage,
                "could not write the journal \(path): \(SQLiteJournal.describe(error)); "
                    + "check free disk space and that no other program holds the file")
            if batch.contains(where: \.isDeferred) { deferredFailure.withLock { $0 = $0 ?? failure } }
            for item in batch { item.finish(failure) }
            return
        }
        for (item, outcome) in zip(batch, outcomes) { item.finish(outcome) }
    }
}
