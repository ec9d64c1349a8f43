import Synchronization

/// Quota reads of KMS instances in flight, so that keys of one instance loading their capacity at
/// the same moment (a pool's keys, read ahead while the inventory lists) share one
/// `GetKmsInstanceQuotaInfos` instead of sending one each: every key of an instance shares its quota.
///
/// Only reads in flight are shared, never an answer that has arrived: a read that starts after
/// another ended asks the cloud again, so no answer is older than the moment it was asked for.
package final class InstanceQuotaReads: Sendable {
    private struct Read {
        let task: Task<ShareQuota?, any Error>
        var callers: Int
    }

    private let inFlight = Mutex<[String: Read]>([:])

    /// Creates an empty set of reads.
    package init() {}

    /// The quota of `key`'s instance: the answer of the read of that instance in flight, else of
    /// `read`, which this call starts. A key of no instance always reads.
    package func quota(
        of key: SharedKey, _ read: @escaping @Sendable () async throws -> ShareQuota?
    ) async throws -> ShareQuota? {
        guard let scope = Self.scope(of: key) else { return try await read() }
        let task = inFlight.withLock { reads in
            if var running = reads[scope] {
                running.callers += 1
                reads[scope] = running
                return running.task
            }
            let started = Task { try await read() }
            reads[scope] = Read(task: started, callers: 1)
            return started
        }
        let result = await task.result
        // Whoever sees it end first forgets it; a later read must ask again.
        inFlight.withLock { reads in
            if reads[scope]?.task == task { reads[scope] = nil }
        }
        return try result.get()
    }

    /// How many calls wait on the read of `key`'s instance in flight (0: none in flight).
    package func callers(sharingReadOf key: SharedKey) -> Int {
        guard let scope = Self.scope(of: key) else { return 0 }
        return inFlight.withLock { $0[scope]?.callers ?? 0 }
    }

    private static func scope(of key: SharedKey) -> String? {
        key.instanceID.map { "\(key.owner)/\(key.region)/\($0)" }
    }
}
