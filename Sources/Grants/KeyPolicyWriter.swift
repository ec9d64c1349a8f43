import CloudAPI
import CloudModel

/// The single writer of one key's policy. Concurrent grants and revokes from many targets are
/// queued and applied in batches — one `GetKeyPolicy` + prechecks + one `SetKeyPolicy` per batch —
/// so targets never overwrite each other's principals and 1,000 targets cost a handful of writes.
///
/// Another process may write the same policy at the same time (read-modify-write has no lock in
/// KMS), so no change is reported until a read-back shows it: see ``confirm(_:window:)``.
///
/// Room is reserved in the run's ``CapacityLedger`` before a target's first write
/// (``reserve(_:)``); a grant reserves what it was not reserved for, consumes the reservation when
/// its write lands, and gives it back when it fails — a reservation ends at its grant.
package actor KeyPolicyWriter {
    /// What a grant or revoke did.
    package struct Change: Sendable, Hashable {
        /// Principals added or removed (empty: the policy already said so, nothing was written).
        package var principals: [String]
        /// What happened on the way, for the target's log (a concurrent writer undid the change).
        package var notes: [String] = []
    }

    /// A queued grant or revoke and the target coroutine waiting for it.
    struct Request {
        var principals: [String]
        var revoke: Bool
        var continuation: CheckedContinuation<Change, any Error>
        /// Principals an earlier attempt of this writer already changed (its batch then failed as a
        /// whole): still reported as this request's change, and their accounts not counted again.
        var written: [String] = []
    }

    /// A request that passed the prechecks, with the principals it changes and its notes so far.
    struct Accepted {
        var request: Request
        var principals: [String]
        var notes: [String] = []
    }

    /// The key whose policy this writer owns.
    let key: SharedKey
    /// Where the policy is read and written.
    let store: any KeyPolicyStore
    /// Writes per batch before a change still undone by a concurrent writer fails.
    let maximumAttempts: Int
    /// The room of the run's keys, shared with the other writers and pools of the run.
    package nonisolated let ledger: CapacityLedger
    /// The first read of the policy and quota into ``ledger``, shared by concurrent reservations.
    private var loading: Task<Void, any Error>?
    private var pending: [Request] = []
    private var draining = false
    /// Held around every read-modify-write of the policy when the run shares its journal with others.
    private var lock: (any KeyPolicyLock)?

    /// Uses `lock` around every later read-modify-write of the policy.
    package func setLock(_ lock: (any KeyPolicyLock)?) {
        self.lock = lock
    }

    /// Awaited before every policy write; a failure fails the batch unwritten.
    private var barrier: KeyPolicyBarrier?

    /// Awaits `barrier` before every later policy write.
    package func setBarrier(_ barrier: KeyPolicyBarrier?) {
        self.barrier = barrier
    }

    /// Whether this writer may be the policy's only writer: the backend is this process's alone
    /// (the embedded simulator holds its state file's lock), so no read-back is needed, and a small
    /// batch waits for the targets that reserved room on the key (see ``waitForCompany()``).
    package private(set) var isSoleWriter = false

    /// Declares (or withdraws) that no other process can write this key's policy.
    package func setSoleWriter(_ sole: Bool) {
        isSoleWriter = sole
    }
    /// The text this writer last wrote and its parsed form: when `GetKeyPolicy` still returns that
    /// text (nobody else wrote in between), the batch skips parsing a policy of up to 32 KB again.
    var lastWritten: (text: String, document: KeyPolicyDocument, known: CapacityLedger.KnownPrincipals)?
    /// ``CapacityLedger/foreignPolicyWrites`` when ``lastWritten`` was written.
    private var foreignWritesAtLastWrite = 0

    /// A writer acting as the key owner's root identity.
    package init(
        cloud: any Cloud, key: SharedKey, ledger: CapacityLedger = CapacityLedger(),
        lock: (any KeyPolicyLock)? = nil, soleWriter: Bool = false, barrier: KeyPolicyBarrier? = nil
    ) {
        self.init(
            key: key, store: CloudKeyPolicyStore(cloud: cloud, key: key), ledger: ledger, lock: lock,
            soleWriter: soleWriter, barrier: barrier)
    }

    /// A writer of `key`'s policy in `store`; at most `maximumAttempts` writes per batch. As the
    /// sole writer, a batch waits `soleLinger` at most for the grants reserved on the key.
    package init(
        key: SharedKey, store: any KeyPolicyStore, maximumAttempts: Int = 8,
        ledger: CapacityLedger = CapacityLedger(), lock: (any KeyPolicyLock)? = nil, soleWriter: Bool = false,
        barrier: KeyPolicyBarrier? = nil, soleLinger: Duration = KeyPolicyWriter.defaultSoleLinger
    ) {
        self.soleLinger = soleLinger
        self.lock = lock
        self.barrier = barrier
        isSoleWriter = soleWriter
        self.key = key
        self.store = store
        self.maximumAttempts = max(1, maximumAttempts)
        self.ledger = ledger
    }

    /// Holds room for `principals` (quota and size, counting the policy and every outstanding
    /// reservation of the run) until they are granted or released; principals the policy already
    /// names need none. Returns those newly reserved; throws the refusal their grant would meet.
    @discardableResult
    package func reserve(_ principals: [String]) async throws -> [String] {
        try await loadCapacity()
        return try ledger.reserve(key, principals: principals)
    }

    /// Which of `principals` the policy does not name yet (reading it first, once per run): what a
    /// grant of them may add, so a journal can record that intent before the write.
    package func absent(_ principals: [String]) async throws -> [String] {
        try await loadCapacity()
        return ledger.absent(key, principals: principals)
    }

    /// Gives back the room held for `principals` (a target that failed before its grant).
    package nonisolated func release(_ principals: [String]) {
        ledger.release(key, principals: principals)
    }

    /// Reads the policy and the instance's quota into the ledger, once per run.
    func loadCapacity() async throws {
        if ledger.isLoaded(key) { return }
        let task =
            loading
            ?? Task { [store, key, ledger] in
                // Two independent reads: one round trip instead of two before the first reservation.
                // Keys of one instance loading at once share its quota read.
                async let quota = ledger.quotaReads.quota(of: key) { try await store.quota() }
                async let text = store.read()
                let document = try KeyPolicyDocument(text: try await text)
                ledger.observeRead(key, document: document, quota: try await quota)
            }
        loading = task
        do {
            try await task.value
        } catch {
            loading = nil
            throw error
        }
    }

    /// Adds `principals` to keyshare's statement, after the quota and size prechecks; returns once a
    /// read-back shows them. Reserves first what no reservation holds yet; a failed grant releases.
    package func grant(_ principals: [String]) async throws -> Change {
        try await reserve(principals)
        do {
            return try await enqueue(principals, revoke: false)
        } catch {
            release(principals)
            throw error
        }
    }

    /// Removes `principals` from keyshare's statement; returns once a read-back shows them gone.
    package func revoke(_ principals: [String]) async throws -> Change {
        try await enqueue(principals, revoke: true)
    }

    private func enqueue(_ principals: [String], revoke: Bool) async throws -> Change {
        try await withCheckedThrowingContinuation { continuation in
            pending.append(Request(principals: principals, revoke: revoke, continuation: continuation))
            if companyWait != nil, hasCompany { endCompanyWait() }
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            // Group commit: a small batch lingers a moment for the grants of targets close behind,
            // since every batch rewrites the whole policy (up to 32 KB) once.
            if isSoleWriter {
                await waitForCompany()
            } else if pending.count < Self.lingerBelow {
                try? await Task.sleep(for: Self.linger)
            }
            await apply(nil)
        }
        draining = false
    }

    /// Whether the pending batch need wait no longer: it is large, or every principal reserved on
    /// the key (a target reserves just before making its roles) has asked for its grant.
    private var hasCompany: Bool {
        pending.count >= Self.soleLingerBelow || pendingGrants >= ledger.outstandingCount(key)
    }

    /// A sole writer's group commit: waits, suspended, until the targets that reserved room on the key
    /// have queued their grants, or ``soleLinger`` at most (a target that reserved may fail, or grant
    /// in a later step). Yielding instead kept both threads busy spinning, and stopping at the first
    /// quiet moment wrote about 3 principals per write on two threads against 20 on one.
    private func waitForCompany() async {
        guard !hasCompany else { return }
        companyWaits += 1
        let wait = companyWaits
        let linger = soleLinger
        let timer = Task { [weak self] in
            try? await Task.sleep(for: linger)
            // A timer that lost the race must not cut short a later batch's wait.
            await self?.endCompanyWait(wait)
        }
        await withCheckedContinuation { companyWait = $0 }
        timer.cancel()
    }

    /// Ends ``waitForCompany()``'s wait, if one is waiting (and is wait number `only`, when given).
    private func endCompanyWait(_ only: Int? = nil) {
        if let only, only != companyWaits { return }
        companyWait?.resume()
        companyWait = nil
    }

    private var companyWait: CheckedContinuation<Void, Never>?
    /// How many waits ``waitForCompany()`` has begun: the number of the current or last one.
    private var companyWaits = 0

    /// Principals the pending grants add (each was reserved before it was queued).
    private var pendingGrants: Int {
        pending.reduce(0) { $0 + ($1.revoke ? 0 : $1.principals.count) }
    }

    /// Batches smaller than this wait ``linger`` for company.
    private static let lingerBelow = 8
    /// How long a sole writer's batch waits at most for the targets that reserved room, by default.
    /// (1,000 simulated targets, 7 interleaved rounds each: 2 ms wrote the policy 57 times without the
    /// journal and 123 with it; 4 ms wrote it 52 and 65 times, took 0.95x the CPU with the journal and
    /// the same without. 6 ms wrote 52 and 56 times and was no faster.)
    package static let defaultSoleLinger = Duration.milliseconds(4)
    /// This writer's longest wait for reserved grants.
    private let soleLinger: Duration
    /// A sole writer's batch stops waiting for company at this size.
    private static let soleLingerBelow = 64
    /// How long a small batch waits: short next to any real round trip.
    private static let linger = Duration.milliseconds(1)

    /// Applies `fixed`, or — when nil — every request pending once the policy has been read (those
    /// that arrive during the reads join the batch: fewer, larger writes). When the write is refused
    /// for the batch as a whole, retries its requests one by one so only the culprits fail.
    private func apply(_ fixed: [Request]?) async {
        guard let lock else {
            await applyUnlocked(fixed)
            return
        }
        do {
            try await lock.lock(key.arn)
        } catch {
            var batch = fixed ?? []
            if fixed == nil {
                batch = pending
                pending = []
            }
            for request in batch { request.continuation.resume(throwing: error) }
            return
        }
        await applyUnlocked(fixed)
        await lock.unlock(key.arn)
    }

    private func applyUnlocked(_ fixed: [Request]?) async {
        var batch = fixed ?? []
        var accepted: [Accepted] = []
        var wrote = false
        do {
            let started = ContinuousClock.now
            // Both reads at once, so the write follows the policy read by one round trip (the shortest
            // window in which a concurrent writer's grant can be overwritten) and a batch costs two
            // round trips before its write, not three.
            let current: String
            let quota: Int?
            if let known = trustedLastWrite(for: fixed ?? pending) {
                // A sole writer's last write is the policy, and the ledger knows the quota it left.
                (current, quota) = known
            } else {
                async let quotaLeft = store.quotaLeft()
                async let policy = store.read()
                current = try await policy
                quota = try await quotaLeft
            }
            if fixed == nil {
                batch = pending
                pending = []
            }
            let document: KeyPolicyDocument
            let known: CapacityLedger.KnownPrincipals
            (document, known, accepted) = try prepare(batch, policy: current, quota: quota)
            var failed: [(request: Request, error: any Error)] = []
            if accepted.contains(where: { !$0.principals.isEmpty }) {
                try await barrier?()
                try await write(document, known: known)
                wrote = true
                if !isSoleWriter {
                    (accepted, failed) = try await confirm(accepted, window: ContinuousClock.now - started)
                }
            }
            for item in accepted {
                let earlier = item.request.written.filter { !item.principals.contains($0) }
                item.request.continuation.resume(returning: Change(principals: earlier + item.principals, notes: item.notes))
            }
            for item in failed { item.request.continuation.resume(throwing: item.error) }
        } catch let error as CloudError where accepted.count > 1 && error.httpStatus < 500 {
            // Once written, a principal a concurrent writer removed may still hold its quota unit: the
            // retry reports it and does not count its account against the quota a second time.
            for item in accepted {
                var request = item.request
                if wrote { request.written += item.principals.filter { !request.written.contains($0) } }
                await apply([request])
            }
        } catch {
            if fixed == nil && batch.isEmpty {
                batch = pending
                pending = []
            }
            for request in accepted.isEmpty ? batch : accepted.map(\.request) {
                request.continuation.resume(throwing: error)
            }
        }
    }

    /// The policy and quota left a batch of `requests` may start from without reading them: the text
    /// this writer last wrote, when it is the policy's only writer (no other process, and no plugin
    /// of the run set the policy since), and the quota the ledger counts. Nil, so the batch reads,
    /// when the quota may be too short for the batch's new accounts: only a read says whether KMS
    /// has given back units freed since.
    private func trustedLastWrite(for requests: [Request]) -> (String, Int?)? {
        guard isSoleWriter, let last = lastWritten, ledger.foreignPolicyWrites == foreignWritesAtLastWrite else {
            return nil
        }
        let left = ledger.quotaLeft(key)
        if let left {
            let owner = key.owner.rawValue
            var accounts = Set<String>()
            for request in requests where !request.revoke {
                for principal in request.principals {
                    if let account = KeyPolicyDocument.account(of: principal), account != owner,
                        !last.known.external.contains(account)
                    {
                        accounts.insert(account)
                    }
                }
            }
            if accounts.count > left { return nil }
        }
        return (last.text, left)
    }

    /// Writes `document` (whose principals and external accounts `known` holds), remembering it so
    /// the next read of the same text skips parsing.
    func write(_ document: KeyPolicyDocument, known: CapacityLedger.KnownPrincipals) async throws {
        let text = document.text
        lastWritten = nil
        let foreignBefore = ledger.foreignPolicyWrites
        ledger.beginWrite(key, external: known.external)
        do {
            try await store.write(text)
        } catch {
            ledger.abandonWrite(key)
            throw error
        }
        lastWritten = (text, document, known)
        foreignWritesAtLastWrite = foreignBefore
        ledger.observeWrite(key, document: document, bytes: text.utf8.count, known: known)
    }

    /// Applies the batch to the policy just read; requests refused by a precheck are answered
    /// here, the rest are returned with the principals they change.
    private func prepare(_ batch: [Request], policy: String, quota: Int?) throws
        -> (KeyPolicyDocument, CapacityLedger.KnownPrincipals, [Accepted])
    {
        let cached = lastWritten.flatMap { $0.text == policy ? $0 : nil }
        var document = try cached?.document ?? KeyPolicyDocument(text: policy)
        var quota = quota
        var shared = cached?.known.shared ?? Set(document.ownPrincipals)
        var external = cached?.known.external ?? document.externalAccounts(owner: key.owner.rawValue)
        var size = cached == nil ? document.byteCount : policy.utf8.count
        if cached == nil {
            ledger.observeRead(
                key, document: document, bytes: size, quota: quota.map { ShareQuota(limit: nil, left: $0) },
                known: .init(shared: shared, external: external))
        } else {
            // The policy is what this run last wrote: the ledger saw it then.
            ledger.observeQuota(key, quota: quota.map { ShareQuota(limit: nil, left: $0) })
        }
        var accepted: [Accepted] = []
        var queued: [String] = []
        for request in batch {
            if request.revoke {
                document.grant(queued)
                queued = []
                let removed = document.revoke(request.principals)
                shared.subtract(removed)
                size = document.byteCount
                accepted.append(Accepted(request: request, principals: removed))
                continue
            }
            var fresh: [String] = []
            for principal in request.principals where !shared.contains(principal) && !fresh.contains(principal) {
                fresh.append(principal)
            }
            // Filtered rather than `Set.subtracting(external)`, which walked all ~500 external
            // accounts for the few new ones.
            let owner = key.owner.rawValue
            let earlier = Set(request.written.compactMap(KeyPolicyDocument.account(of:)))
            let accounts = Set(
                fresh.compactMap(KeyPolicyDocument.account(of:)).filter {
                    $0 != owner && !external.contains($0) && !earlier.contains($0)
                })
            if let left = quota, accounts.count > left {
                request.continuation.resume(throwing: Self.quotaError(key: key, accounts: accounts.sorted(), left: left))
                continue
            }
            // Adding to an existing statement grows the canonical text by `,"<principal>"` each.
            let grown =
                shared.isEmpty
                ? {
                    var trial = document
                    trial.grant(queued + fresh)
                    return trial.byteCount
                }()
                : size + fresh.reduce(0) { $0 + $1.utf8.count + 3 }
            if grown > KeyPolicyDocument.maximumBytes {
                request.continuation.resume(throwing: Self.sizeError(key: key, size: grown, principals: fresh))
                continue
            }
            queued += fresh
            shared.formUnion(fresh)
            external.formUnion(accounts)
            size = grown
            quota = quota.map { $0 - accounts.count }
            accepted.append(Accepted(request: request, principals: fresh))
        }
        document.grant(queued)
        // A revoke may have removed an account's last principal: recount rather than cache a stale set.
        if batch.contains(where: \.revoke) {
            external = document.externalAccounts(owner: key.owner.rawValue)
            shared = Set(document.ownPrincipals)
        }
        return (document, CapacityLedger.KnownPrincipals(shared: shared, external: external), accepted)
    }

    /// The precheck's refusal when the instance's access-management quota is short; it names the
    /// accounts refused (the error's subject), so a failed target's line says whose grant it was.
    static func quotaError(key: SharedKey, accounts: [String], left: Int) -> CloudError {
        let named = accounts.count == 1 ? "account \(accounts[0])" : "accounts \(accounts.joined(separator: ", "))"
        return CloudError(
            code: "Rejected.ShareQuotaExceedLimit",
            message: "precheck: sharing key \(key.keyID) with \(named) needs more access-management "
                + "quota than instance \(key.instanceID ?? "?") has left (\(left)); upgrade the KMS instance to raise "
                + "its VPC/access-management count (VpcNum), or revoke accounts that no longer need the key",
            httpStatus: 400)
    }

    /// The precheck's refusal when the policy would outgrow SetKeyPolicy's limit, naming the
    /// principals that did not fit.
    static func sizeError(key: SharedKey, size: Int, principals: [String]) -> CloudError {
        let named = principals.isEmpty ? "" : "granting \(principals.joined(separator: ", ")): "
        return CloudError(
            code: "keyshare.KeyPolicyTooLarge",
            message: "precheck: \(named)the key policy of \(key.keyID) would grow to \(size) bytes, over the "
                + "\(KeyPolicyDocument.maximumBytes)-byte limit of SetKeyPolicy; share another key with the "
                + "remaining accounts or revoke principals that no longer need this one",
            httpStatus: 400)
    }
}
