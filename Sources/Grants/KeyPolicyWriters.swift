import CloudAPI

/// One ``KeyPolicyWriter`` per key and one ``KeyPool`` per list of keys, shared by every target of a run.
package actor KeyPolicyWriters {
    private let cloud: any Cloud
    private var writers: [String: KeyPolicyWriter] = [:]
    private var pools: [[String]: KeyPool] = [:]
    /// What the writers confirmed, per account (see ``KeyPolicyJournal``).
    package nonisolated let journal = KeyPolicyJournal()
    /// The room of every key of the run and the reservations held on it, shared by writers and pools.
    package nonisolated let ledger = CapacityLedger()

    /// Held around every policy write once a journal shared with other processes is known.
    private var lock: (any KeyPolicyLock)?

    /// Creates the registry for `cloud`.
    package init(cloud: any Cloud) { self.cloud = cloud }

    /// Whether the backend is this process's alone (see ``KeyPolicyWriter/isSoleWriter``).
    private var soleWriter = false

    /// Declares that no other process can write the backend's key policies (the embedded simulator).
    package func declareSoleWriter() async {
        soleWriter = true
        for writer in writers.values { await writer.setSoleWriter(true) }
    }

    /// Awaited by every writer before each policy write (see ``KeyPolicyBarrier``).
    private var barrier: KeyPolicyBarrier?

    /// Makes every writer, present and future, await `barrier` before each policy write.
    package func useBarrier(_ barrier: KeyPolicyBarrier?) async {
        self.barrier = barrier
        for writer in writers.values { await writer.setBarrier(barrier) }
    }

    /// Makes every writer, present and future, hold `lock` around its policy writes.
    package func useLock(_ lock: (any KeyPolicyLock)?) async {
        self.lock = lock
        for writer in writers.values { await writer.setLock(lock) }
    }

    /// The writer of `key` (created on first use).
    package func writer(for key: SharedKey) -> KeyPolicyWriter {
        if let writer = writers[key.arn] { return writer }
        let writer = KeyPolicyWriter(
            cloud: cloud, key: key, ledger: ledger, lock: lock, soleWriter: soleWriter,
            barrier: barrier)
        writers[key.arn] = writer
        return writer
    }

    /// The pool of `keys` (created on first use).
    package func pool(for keys: [SharedKey]) -> KeyPool {
        let arns = keys.map(\.arn)
        if let pool = pools[arns] { return pool }
        let pool = KeyPool(writers: keys.map(writer(for:)))
        pools[arns] = pool
        return pool
    }
}
