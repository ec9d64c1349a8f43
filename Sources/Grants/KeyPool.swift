import CloudAPI
import CloudModel

/// Spreads targets over several keys when one key policy cannot hold them all (32,768 bytes is
/// about 490 sharee roles). Each account stays on the key that already names its roles, so a
/// re-run assigns exactly as before; a new account goes to the first key with room for its roles.
package actor KeyPool {
    /// One key of the pool as last read, plus the bytes promised to targets not yet granted.
    private struct Slot {
        var document: KeyPolicyDocument
        var accounts: Set<String>
        var principals: Set<String>
        var bytes: Int
    }

    private let cloud: any Cloud
    private let keys: [SharedKey]
    private var loading: Task<[Slot], any Error>?
    private var slots: [Slot] = []
    private var assigned: [String: Int] = [:]

    /// A pool of `keys` (all of one owner), read on first use.
    package init(cloud: any Cloud, keys: [SharedKey]) {
        self.cloud = cloud
        self.keys = keys
    }

    /// The index in the pool of the key `account` uses; reserves room for `principals` on it.
    package func assign(account: String, principals: [String]) async throws -> Int {
        try await load()
        if let index = assigned[account] ?? slots.firstIndex(where: { $0.accounts.contains(account) }) {
            reserve(principals, cost: cost(of: principals, on: index), on: index, account: account)
            return index
        }
        for index in slots.indices {
            let cost = cost(of: principals, on: index)
            if slots[index].bytes + cost <= KeyPolicyDocument.maximumBytes {
                reserve(principals, cost: cost, on: index, account: account)
                return index
            }
        }
        throw CloudError(
            code: "keyshare.KeyPoolFull",
            message: "every key of the pool (" + keys.map(\.keyID).joined(separator: ", ") + ") is full: adding the roles "
                + "of \(account) would take its key policy over \(KeyPolicyDocument.maximumBytes) bytes; create another "
                + "key in the pool (e.g. one more alias matching the playbook's `keys` pattern) and run again",
            httpStatus: 400)
    }

    private func load() async throws {
        if loading == nil {
            let cloud = cloud, keys = keys
            loading = Task {
                var read: [Slot] = []
                for key in keys {
                    let context = CallContext.root(key.owner, region: key.region)
                    let policy = try await GetKeyPolicyRequest(keyID: key.keyID).send(to: cloud, context: context)
                    let document = try KeyPolicyDocument(text: policy.policy)
                    let principals = document.sharedPrincipals
                    read.append(Slot(document: document,
                                     accounts: Set(principals.compactMap(KeyPolicyDocument.account(of:))),
                                     principals: Set(principals), bytes: document.byteCount))
                }
                return read
            }
        }
        if slots.isEmpty, let loading {
            let read = try await loading.value
            // Another caller may have loaded and reserved while this one waited.
            if slots.isEmpty { slots = read }
        }
    }

    /// The bytes `principals` add to the slot's policy: exact for the first grant (the statement is
    /// created), `,"<principal>"` each after that.
    private func cost(of principals: [String], on index: Int) -> Int {
        var fresh = Set<String>()
        for principal in principals where !slots[index].principals.contains(principal) { fresh.insert(principal) }
        guard !fresh.isEmpty else { return 0 }
        if slots[index].principals.isEmpty {
            var trial = slots[index].document
            trial.grant(fresh.sorted())
            return trial.byteCount - slots[index].document.byteCount
        }
        return fresh.reduce(0) { $0 + $1.utf8.count + 3 }
    }

    private func reserve(_ principals: [String], cost: Int, on index: Int, account: String) {
        slots[index].bytes += cost
        slots[index].principals.formUnion(principals)
        slots[index].accounts.insert(account)
        assigned[account] = index
    }
}
