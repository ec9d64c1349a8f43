import CloudAPI
import CloudModel

/// Spreads targets over several keys when one key policy cannot hold them all (32,768 bytes is
/// about 490 sharee roles). Each account stays on the key that already names its roles, so a
/// re-run assigns exactly as before; a new account goes to the first key with room for its roles,
/// counting the room other targets of the run hold (``CapacityLedger``), and reserves it there.
package actor KeyPool {
    private let writers: [KeyPolicyWriter]
    private var assigned: [String: Int] = [:]

    /// A pool of the keys `writers` write (all of one owner), sharing their ledger.
    package init(writers: [KeyPolicyWriter]) {
        self.writers = writers
    }

    /// A pool of `keys` with writers of its own (one ledger for the pool).
    package init(cloud: any Cloud, keys: [SharedKey]) {
        let ledger = CapacityLedger()
        writers = keys.map { KeyPolicyWriter(cloud: cloud, key: $0, ledger: ledger) }
    }

    /// Reads every key's policy and quota into the ledger at once, ahead of the first assignment
    /// (the run's setup does it while the inventory lists the accounts). A failure is not thrown:
    /// the first ``assign(account:principals:)`` reads again and raises it for its target.
    package func loadCapacity() async {
        try? await readAll()
    }

    /// Every key's first read at once: one round trip before the first assignment, not one per key.
    private func readAll() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in writers { group.addTask { try await writer.loadCapacity() } }
            try await group.waitForAll()
        }
    }

    /// The index in the pool of the key `account` uses; reserves room for `principals` on it (see
    /// ``KeyPolicyWriter/reserve(_:)``). An account a key already names stays there, and fails with
    /// that key's refusal when the key has no room for its new principals.
    package func assign(account: String, principals: [String]) async throws -> Int {
        try await readAll()
        // No suspension from here on: the choice and the reservation are one step of this actor.
        if let index = assigned[account] ?? writers.firstIndex(where: { $0.ledger.uses($0.key, account: account) }) {
            try writers[index].ledger.reserve(writers[index].key, principals: principals)
            assigned[account] = index
            return index
        }
        var refusals: [CloudError] = []
        for (index, writer) in writers.enumerated() {
            do {
                try writer.ledger.reserve(writer.key, principals: principals)
                assigned[account] = index
                return index
            } catch let refusal as CloudError {
                refusals.append(refusal)
            }
        }
        // Every key of one instance shares its quota: when that is what ran out, another key of the
        // pool cannot help, and the quota's own refusal says what can.
        if let quota = refusals.first, refusals.allSatisfy({ $0.code == quota.code }),
            quota.code == "Rejected.ShareQuotaExceedLimit"
        {
            throw quota
        }
        throw CloudError(
            code: "keyshare.KeyPoolFull",
            message: "every key of the pool (" + writers.map(\.key.keyID).joined(separator: ", ") + ") is full: adding "
                + "the roles of \(account) would take its key policy over \(KeyPolicyDocument.maximumBytes) bytes or its "
                + "instance over its access-management quota, counting the room held for other targets of this run "
                + "(nothing was changed for this target); create another key in the pool (e.g. one more alias matching "
                + "the playbook's `keys` pattern) and run again",
            httpStatus: 400)
    }
}
