import Grants
import Rollout

/// The lock of a key's policy as a lease in the run's SQLite journal: another process running with
/// the same journal waits while this one writes the policy. A killed holder's lease expires after
/// ``ttl``, far longer than one read-modify-write with its read-back takes.
struct JournalKeyLock: KeyPolicyLock {
    /// The shared journal.
    let journal: SQLiteJournal
    /// This run's holder name (host, process, random tail).
    let holder: String
    /// How long a lease outlives a holder that died holding it.
    let ttl = Duration.seconds(60)

    /// A lock for this process's run on `journal`.
    init(journal: SQLiteJournal) {
        self.journal = journal
        holder = SQLiteJournal.makeHolder()
    }

    func lock(_ arn: String) async throws {
        var pause = Duration.milliseconds(5)
        while try await !journal.acquireLease(name: Self.name(arn), holder: holder, ttl: ttl) {
            try Task.checkCancellation()
            try await Task.sleep(for: pause * Double.random(in: 0.5...1.5))
            pause = min(pause * 2, .milliseconds(500))
        }
    }

    func unlock(_ arn: String) async {
        // A release that fails leaves the lease to expire: the others wait at most `ttl`.
        _ = try? await journal.releaseLease(name: Self.name(arn), holder: holder)
    }

    /// The lease's name in the journal.
    static func name(_ arn: String) -> String { "key-policy \(arn)" }
}
