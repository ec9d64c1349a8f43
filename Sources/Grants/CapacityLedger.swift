import CloudAPI
import CloudModel
import Synchronization

/// The room of a run's keys: what each key policy holds as last read or written, plus the room
/// held (reserved) for targets that will grant but have not yet. A target reserves before its first
/// write, so a target that cannot be granted is refused before it creates any role.
///
/// One ledger serves every key of a run; the access-management quota is counted per KMS instance,
/// since all keys of an instance share it. Every operation is synchronous under one lock, so any
/// number of concurrent reservations see each other and never over-commit.
package final class CapacityLedger: Sendable {
    /// One key as the ledger knows it.
    struct KeyRoom {
        /// The key.
        var key: SharedKey
        /// The keyshare statement's principals in the policy.
        var present: Set<String> = []
        /// The accounts ``present`` names (the pool keeps an account on the key naming it).
        var presentAccounts: Set<String> = []
        /// Accounts (not the owner) any statement of the policy names: they hold a quota unit already.
        var external: Set<String> = []
        /// The policy's size in bytes.
        var policyBytes = 0
        /// Bytes the keyshare statement itself adds when its first principal creates it.
        var creationBytes = 0
        /// Reserved principals not in the policy yet, each with whether it holds a quota unit.
        var reserved: [String: Bool] = [:]
        /// Bytes the reserved principals add: `,"<principal>"` each.
        var reservedBytes = 0
        /// Accounts of the reserved principals, with how many each.
        var reservedAccounts: [String: Int] = [:]
        /// Accounts the write in flight adds to the policy (nil: no write in flight).
        var writing: Int?

        /// The policy's size once every reservation is granted.
        var committedBytes: Int {
            reserved.isEmpty ? policyBytes : policyBytes + reservedBytes + (present.isEmpty ? creationBytes : 0)
        }
    }

    /// One KMS instance's quota (or, for a key of no instance, none).
    struct InstanceRoom {
        /// The instance's `VpcNum`, when the quota read reported it (for the refusal's message).
        var limit: Int?
        /// Units left as last read, less the accounts this run's writes added since.
        var left: Int?
        /// Accounts holding a reserved unit, with how many reserved principals name each.
        var units: [String: Int] = [:]
        /// Accounts that writes in flight add: a quota read may or may not count them yet.
        var inflight = 0
    }

    private struct State {
        var keys: [String: KeyRoom] = [:]
        var instances: [String: InstanceRoom] = [:]
        var foreignPolicyWrites = 0
    }

    private let state = Mutex(State())

    /// The quota reads of the run's instances in flight, shared by the keys loading at once.
    package let quotaReads = InstanceQuotaReads()

    /// An empty ledger (one per run).
    package init() {}

    /// How many key-policy writes the run's plugins sent themselves (see ``ForeignPolicyWriteWatch``):
    /// a writer that saw this change since its last write reads the policy before trusting it.
    package var foreignPolicyWrites: Int { state.withLock { $0.foreignPolicyWrites } }

    /// Notes a key-policy write the writers did not make.
    package func noteForeignPolicyWrite() {
        state.withLock { $0.foreignPolicyWrites &+= 1 }
    }

    /// The units left on `key`'s instance as this run knows them (read, less what its writes took);
    /// nil when no read reported a quota.
    package func quotaLeft(_ key: SharedKey) -> Int? {
        state.withLock { $0.instances[Self.scope(of: key)]?.left }
    }

    /// True once `key`'s policy has been read into the ledger.
    package func isLoaded(_ key: SharedKey) -> Bool {
        state.withLock { $0.keys[key.arn] != nil }
    }

    /// Records the policy of `key` as just read (`bytes`: its size when known), and its instance's
    /// quota as read with it. The
    /// quota is only ever lowered by a read: a unit freed by a revoke returns minutes later in KMS,
    /// and a read racing another key's write of this run must not hand the same unit out twice.
    package func observeRead(
        _ key: SharedKey, document: KeyPolicyDocument, bytes: Int? = nil, quota: ShareQuota?,
        known: KnownPrincipals? = nil
    ) {
        state.withLock { state in
            let scope = Self.scope(of: key)
            var instance = state.instances[scope] ?? InstanceRoom(limit: quota?.limit, left: quota?.left)
            if let quota {
                instance.limit = quota.limit ?? instance.limit
                instance.left = Self.lowered(instance, by: quota.left)
            }
            state.instances[scope] = instance
            Self.update(&state, key: key, document: document, bytes: bytes, known: known)
        }
    }

    /// Records only the quota read with a policy the ledger already knows (the text this run wrote).
    package func observeQuota(_ key: SharedKey, quota: ShareQuota?) {
        guard let quota else { return }
        state.withLock { state in
            let scope = Self.scope(of: key)
            var instance = state.instances[scope] ?? InstanceRoom(limit: quota.limit, left: quota.left)
            instance.limit = quota.limit ?? instance.limit
            instance.left = Self.lowered(instance, by: quota.left)
            state.instances[scope] = instance
        }
    }

    /// A policy's principals and external accounts when the caller has them at hand: the ledger
    /// then does not walk a policy of ~500 principals again.
    package struct KnownPrincipals: Sendable {
        /// keyshare's statement's principals.
        package var shared: Set<String>
        /// Accounts any statement names, other than the owner.
        package var external: Set<String>
        /// Creates the pair.
        package init(shared: Set<String>, external: Set<String>) {
            self.shared = shared
            self.external = external
        }
    }

    /// `left` after a quota read of `read` units. The accounts of writes in flight still hold
    /// their reserved units, and the read may already count them too (the write landed before it):
    /// counted twice, they left the quota for good once ``observeWrite`` subtracted them again, and
    /// the last targets of a 2,000-account run found every key "full" with room to spare. A read
    /// is taken as if it did not count them yet; it can only lower `left`.
    private static func lowered(_ instance: InstanceRoom, by read: Int) -> Int {
        let (adjusted, overflow) = read.addingReportingOverflow(instance.inflight)
        let candidate = overflow ? read : adjusted
        return min(instance.left ?? candidate, candidate)
    }

    /// Declares that a write of `key`'s policy naming `external` is about to be sent: until
    /// ``observeWrite`` (or ``abandonWrite(_:)``), quota reads may or may not count its new accounts.
    package func beginWrite(_ key: SharedKey, external: Set<String>) {
        state.withLock { state in
            guard var room = state.keys[key.arn] else { return }
            let scope = Self.scope(of: key)
            var instance = state.instances[scope] ?? InstanceRoom()
            instance.inflight -= room.writing ?? 0
            var adding = 0
            for account in external where !room.external.contains(account) { adding += 1 }
            room.writing = adding
            instance.inflight += adding
            state.keys[key.arn] = room
            state.instances[scope] = instance
        }
    }

    /// The write ``beginWrite(_:external:)`` announced failed: nothing it named was added.
    package func abandonWrite(_ key: SharedKey) {
        state.withLock { state in Self.endWrite(&state, key: key) }
    }

    private static func endWrite(_ state: inout State, key: SharedKey) {
        guard let adding = state.keys[key.arn]?.writing else { return }
        state.keys[key.arn]?.writing = nil
        state.instances[scope(of: key)]?.inflight -= adding
    }

    /// Records the policy of `key` as this run just wrote it: reservations it holds are consumed,
    /// and the accounts it newly names leave the instance's quota.
    package func observeWrite(
        _ key: SharedKey, document: KeyPolicyDocument, bytes: Int? = nil,
        known: KnownPrincipals? = nil
    ) {
        state.withLock { state in
            Self.endWrite(&state, key: key)
            let before = state.keys[key.arn]?.external ?? []
            Self.update(&state, key: key, document: document, bytes: bytes, known: known)
            // Counted, not `subtracting`: no new set of ~500 accounts per write.
            var added = 0
            for account in state.keys[key.arn]?.external ?? [] where !before.contains(account) { added += 1 }
            let scope = Self.scope(of: key)
            if let left = state.instances[scope]?.left { state.instances[scope]?.left = max(0, left - added) }
        }
    }

    /// Holds room on `key` for `principals`: those already in the policy or already reserved need
    /// none. Returns the principals newly reserved; throws the quota or size refusal the grant would
    /// meet, counting the policy plus every outstanding reservation of the run. The key must have
    /// been read first (``observeRead(_:document:bytes:quota:)``).
    @discardableResult
    package func reserve(_ key: SharedKey, principals: [String]) throws -> [String] {
        try state.withLock { state in
            guard var room = state.keys[key.arn] else {
                throw CloudError(
                    code: "keyshare.InternalError",
                    message: "capacity of \(key.keyID) reserved before its "
                        + "policy was read", httpStatus: 500)
            }
            var fresh: [String] = []
            for principal in principals
            where room.present.contains(principal) == false
                && room.reserved[principal] == nil && !fresh.contains(principal)
            {
                fresh.append(principal)
            }
            guard !fresh.isEmpty else { return [] }
            let scope = Self.scope(of: key)
            var instance = state.instances[scope] ?? InstanceRoom()
            let bytes = fresh.reduce(0) { $0 + $1.utf8.count + 3 }
            let grown = room.policyBytes + room.reservedBytes + bytes + (room.present.isEmpty ? room.creationBytes : 0)
            if grown > KeyPolicyDocument.maximumBytes {
                throw CapacityRefusal.size(
                    key: key, principals: fresh, policyBytes: room.policyBytes,
                    held: room.committedBytes - room.policyBytes, grown: grown)
            }
            let owner = key.owner.rawValue
            let needing = Set(fresh.compactMap(KeyPolicyDocument.account(of:)))
                .filter { $0 != owner && !room.external.contains($0) && instance.units[$0] == nil }
            if let left = instance.left, instance.units.count + needing.count > left {
                throw CapacityRefusal.quota(
                    key: key, accounts: needing.sorted(), limit: instance.limit, left: left,
                    held: instance.units.count)
            }
            for principal in fresh {
                let account = KeyPolicyDocument.account(of: principal)
                let unit = account.map { $0 != owner && !room.external.contains($0) } ?? false
                room.reserved[principal] = unit
                room.reservedBytes += principal.utf8.count + 3
                if let account { room.reservedAccounts[account, default: 0] += 1 }
                if unit, let account { instance.units[account, default: 0] += 1 }
            }
            state.keys[key.arn] = room
            state.instances[scope] = instance
            return fresh
        }
    }

    /// Gives back the room held for `principals` on `key` (those not granted; granted ones were
    /// consumed by the write).
    package func release(_ key: SharedKey, principals: [String]) {
        state.withLock { state in
            guard var room = state.keys[key.arn] else { return }
            var instance = state.instances[Self.scope(of: key)] ?? InstanceRoom()
            for principal in principals { Self.drop(principal, from: &room, instance: &instance) }
            state.keys[key.arn] = room
            state.instances[Self.scope(of: key)] = instance
        }
    }

    /// True when `key`'s policy names, or a reservation holds, a principal of `account`.
    package func uses(_ key: SharedKey, account: String) -> Bool {
        state.withLock { state in
            guard let room = state.keys[key.arn] else { return false }
            return room.presentAccounts.contains(account) || room.reservedAccounts[account] != nil
        }
    }

    /// Which of `principals` keyshare's statement in `key`'s policy does not name (as last read or
    /// written); all of them when the key was never read.
    package func absent(_ key: SharedKey, principals: [String]) -> [String] {
        state.withLock { state in
            guard let present = state.keys[key.arn]?.present else { return principals }
            return principals.filter { !present.contains($0) }
        }
    }

    /// The principals reserved on `key` and not granted yet, sorted.
    package func outstanding(_ key: SharedKey) -> [String] {
        state.withLock { ($0.keys[key.arn]?.reserved.keys).map { $0.sorted() } ?? [] }
    }

    /// How many principals are reserved on `key` and not granted yet: grants still to come.
    package func outstandingCount(_ key: SharedKey) -> Int {
        state.withLock { $0.keys[key.arn]?.reserved.count ?? 0 }
    }

    /// The quota scope of `key`: its instance (keys without one have no quota, each alone).
    private static func scope(of key: SharedKey) -> String { key.instanceID ?? "no-instance:" + key.arn }

    /// Replaces what the ledger knows of `key`'s policy with `document`; reservations the policy
    /// now holds are consumed, and those of an account the policy now names no longer hold a unit.
    private static func update(
        _ state: inout State, key: SharedKey, document: KeyPolicyDocument, bytes: Int?,
        known: KnownPrincipals?
    ) {
        var room = state.keys[key.arn] ?? KeyRoom(key: key)
        let scope = scope(of: key)
        var instance = state.instances[scope] ?? InstanceRoom()
        let present = known?.shared ?? Set(document.ownPrincipals)
        room.presentAccounts = presentAccounts(of: present, was: room.present, accounts: room.presentAccounts)
        room.present = present
        room.external = known?.external ?? document.externalAccounts(owner: key.owner.rawValue)
        room.policyBytes = bytes ?? document.byteCount
        room.creationBytes = room.present.isEmpty ? creationBytes(of: document) : 0
        for (principal, unit) in room.reserved {
            if room.present.contains(principal) {
                drop(principal, from: &room, instance: &instance)
            } else if unit, let account = KeyPolicyDocument.account(of: principal), room.external.contains(account) {
                room.reserved[principal] = false
                releaseUnit(account, instance: &instance)
            }
        }
        state.keys[key.arn] = room
        state.instances[scope] = instance
    }

    /// The accounts `present` names, given that `old` named `accounts`. A write of grants only
    /// adds principals: then only the new ones are read (`old` ⊆ `present` exactly when every
    /// principal `present` lacks from `old` accounts for the difference in size); otherwise all.
    package static func presentAccounts(of present: Set<String>, was old: Set<String>, accounts: Set<String>) -> Set<String> {
        if !accounts.isEmpty, present.count >= old.count {
            var grown = accounts
            var added = 0
            for principal in present where !old.contains(principal) {
                added += 1
                if let account = KeyPolicyDocument.account(of: principal) { grown.insert(account) }
            }
            if old.count + added == present.count { return grown }
        }
        return Set(present.compactMap(KeyPolicyDocument.account(of:)))
    }

    /// Removes one reservation, giving back its bytes and its quota unit.
    private static func drop(_ principal: String, from room: inout KeyRoom, instance: inout InstanceRoom) {
        guard let unit = room.reserved.removeValue(forKey: principal) else { return }
        room.reservedBytes -= principal.utf8.count + 3
        guard let account = KeyPolicyDocument.account(of: principal) else { return }
        let count = (room.reservedAccounts[account] ?? 1) - 1
        room.reservedAccounts[account] = count > 0 ? count : nil
        if unit { releaseUnit(account, instance: &instance) }
    }

    private static func releaseUnit(_ account: String, instance: inout InstanceRoom) {
        let count = (instance.units[account] ?? 1) - 1
        instance.units[account] = count > 0 ? count : nil
    }

    /// What creating the keyshare statement costs beyond its principals' `,"<principal>"` each:
    /// measured once on a sample, since the statement's skeleton is the same for any principal.
    static func creationBytes(of document: KeyPolicyDocument) -> Int {
        let sample = "acs:ram::0:role/sample"
        var trial = document
        trial.grant([sample])
        return trial.byteCount - document.byteCount - (sample.utf8.count + 3)
    }
}
