/// A lock on one key's policy shared with other processes — a lease in the run's journal — held
/// around each read-modify-write of the policy, so two runs sharing a journal never write the same
/// policy at once (KMS has no conditional write: the later of two overlapping writes would drop the
/// other's principals until the writers' read-back merged them again).
package protocol KeyPolicyLock: Sendable {
    /// Waits until this process holds the lock of the key `arn`.
    func lock(_ arn: String) async throws
    /// Releases it (nothing when it is not held any more).
    func unlock(_ arn: String) async
}

/// What must be durable before a key policy changes — the intents of the batch's grants, queued in
/// the run's journal — awaited once per batch, right before the write, so a batch costs one journal
/// commit instead of one per grant and the grants of concurrent targets still arrive together.
package typealias KeyPolicyBarrier = @Sendable () async throws -> Void
