import CloudAPI
import CloudModel
import Foundation

/// The in-process Alibaba Cloud: every product keyshare uses, authorized and failing as Alibaba
/// does (see `alibaba-api.md`); `divergences` lists where that behaviour is inferred.
///
/// State is held per account (→ region → service) in one actor, so calls are serialized and
/// cheap; with a state file every mutation is committed to SQLite before the call returns.
package actor SimulatedCloud: Cloud {
    /// The clock and id policy.
    package let environment: SimulatorEnvironment
    /// Every account's state.
    var accounts: [AccountID: AccountState]
    /// The account ids in order (the set of accounts is fixed once the world is seeded), so paged
    /// listings do not sort every account on every page.
    var accountOrder: [AccountID]
    /// Clock, ids and directory.
    var meta: CloudMeta
    /// Global id lookups.
    var index: LookupIndex
    /// The SQLite store, when persistent.
    let store: StateStore?
    /// Accounts changed by the current call (persisted before it returns).
    var dirtyAccounts: Set<AccountID> = []
    /// Whether `meta` changed in the current call.
    var metaDirty = false
    /// Fault injection, when enabled.
    var faults: FaultInjector?
    /// Mixed into every fault draw: 0 for a freshly seeded cloud (reproducible under the plan's
    /// seed), random for a resumed state file.
    var faultSalt: UInt64 = 0
    /// `account/lower-cased role name` → when `CreateRole` made it in this process (simulator
    /// clock), for the plan's role propagation delay; not state, never saved.
    var rolesCreated: [String: Date] = [:]
    /// The last authorization failure, with the statements that decided it.
    package internal(set) var lastDenial: Denial?

    /// Builds a simulator from a world; with `stateFile`, every mutation is committed to SQLite
    /// (GRDB) before the call returns and an existing state file is loaded instead of the world
    /// (`existing` says whether it must come from the same world, whose `stamp` a new file records).
    /// The world's `faults:` section is injected from the start (``setFaults(_:)`` replaces it).
    package init(
        world: World, environment: SimulatorEnvironment = .live, stateFile: URL? = nil,
        stamp: WorldStamp? = nil, existing: ExistingState = .resume
    ) throws {
        self.environment = environment
        let store = try stateFile.map { try StateStore(url: $0) }
        let origin = { stamp ?? WorldStamp(world: world, source: "a world given in code") }
        if let store, let saved = try store.resumable(existing, world: origin) {
            accounts = saved.accounts
            meta = saved.meta
            // A resumed cloud draws its faults anew: the same draws would meet a resume with the
            // very faults that stopped the run it resumes.
            faultSalt = UInt64.random(in: 1...UInt64.max)
        } else {
            let seeded = try WorldSeeder(world: world, environment: environment).seed()
            accounts = seeded.accounts
            meta = seeded.meta
            try store?.saveAll(accounts: seeded.accounts, meta: seeded.meta, origin: origin())
        }
        self.store = store
        accountOrder = accounts.keys.sorted()
        index = LookupIndex(accounts)
        // The world's `faults:` section, for a resumed state file too (faults are not state).
        let salt = faultSalt
        faults = world.faults.map { FaultInjector(plan: $0, salt: salt) }
    }

    /// A simulator holding `accounts` and `meta` in memory only (no state file, no faults): the
    /// copies a plan changes instead of the backend (see `SimulatedCloud+Snapshot.swift`).
    init(accounts: [AccountID: AccountState], meta: CloudMeta, environment: SimulatorEnvironment) {
        self.environment = environment
        self.accounts = accounts
        self.meta = meta
        store = nil
        accountOrder = accounts.keys.sorted()
        index = LookupIndex(accounts)
    }

    /// The simulated time: real or manual, plus every `advanceClock(by:)`.
    var now: Date {
        (environment.isDeterministic ? environment.start : Date()).addingTimeInterval(meta.clockOffset)
    }

    /// Moves the simulated clock (disks become Available, share quota is released, STS
    /// credentials expire).
    package func advanceClock(by seconds: TimeInterval) {
        meta.clockOffset += max(0, seconds)
        metaDirty = true
        try? commitIfNeeded()
    }

    /// ``advanceClock(by:)`` for a `Duration`, as `keyshare.sleep` passes it.
    package func advanceClock(by duration: Duration) {
        let (seconds, attoseconds) = duration.components
        advanceClock(by: Double(seconds) + Double(attoseconds) / 1e18)
    }

    /// The simulated time, for tests and the server's timestamp checks.
    package func currentDate() -> Date { now }

    /// Runs one API call: faults first, then the body, then persistence of what it changed.
    /// `action` names the call for per-action faults (the calling method's name by default).
    func perform<T>(
        _ group: APIGroup, _ context: CallContext, action: String = #function,
        _ body: () throws -> T
    ) async throws -> T {
        let dropsAfter = faults != nil ? try await injectFaults(group, action: action, context: context) : false
        let result = Result { try body() }
        if !dirtyAccounts.isEmpty || metaDirty { try commitIfNeeded() }
        // Applied and saved, but the answer never reaches the caller.
        if dropsAfter { throw CloudError.connectionDropped(action: Self.ramAction(group, function: action)) }
        return try result.get()
    }

    /// Writes changed accounts and meta in one transaction.
    func commitIfNeeded() throws {
        defer {
            dirtyAccounts.removeAll(keepingCapacity: true)
            metaDirty = false
        }
        guard let store else { return }
        let changed = dirtyAccounts.compactMap { accounts[$0] }
        do {
            try store.save(accounts: changed, meta: metaDirty ? meta : nil)
        } catch {
            throw CloudError(
                code: "InternalError", message: "The simulator could not save its state file: \(error)",
                httpStatus: 500)
        }
    }

    /// Marks an account changed, so the current call persists it.
    func touch(_ account: AccountID) { dirtyAccounts.insert(account) }

    /// Draws from the id generator (its state is persisted with `meta`).
    func withIDs<T>(_ body: (inout IDGenerator) throws -> T) rethrows -> T {
        metaDirty = true
        return try body(&meta.ids)
    }

    /// The calling account's state; unknown accounts are refused as an unknown access key would be.
    func callerAccount(_ context: CallContext) throws -> AccountState {
        guard let id = context.principal.accountID, let account = accounts[id] else {
            throw CloudError.unknownCaller(context.principal.accountID)
        }
        return account
    }

    /// The region a call targets, `MissingParameter` when empty.
    func requiredRegion(_ value: String, name: String = "RegionId") throws -> String {
        guard !value.isEmpty else { throw CloudError.missingParameter(name) }
        return value
    }

    /// The access key pair and identity for `accessKeyID`, for the HTTP server's authentication;
    /// STS credentials resolve to their session; `expiration` is `.distantPast` once it has expired on
    /// the simulator's clock (nil otherwise), so the server answers InvalidSecurityToken.Expired.
    package func credential(forAccessKeyID accessKeyID: String)
        -> (secret: String, principal: Principal, securityToken: String?, expiration: Date?)?
    {
        guard let accountID = index.accessKeys[accessKeyID], let account = accounts[accountID] else { return nil }
        if let session = account.sessions[accessKeyID] {
            // The simulator's clock decides expiry (it may be simulated); callers only learn whether it
            // has passed, so an expired session answers InvalidSecurityToken.Expired, not an unknown key.
            return (
                session.secret,
                .assumedRole(accountID, roleName: session.roleName, sessionName: session.sessionName),
                session.securityToken, session.expiration > now ? nil : .distantPast
            )
        }
        guard let key = account.accessKeys.first(where: { $0.id == accessKeyID }) else { return nil }
        let principal: Principal
        if let user = key.user {
            principal = .user(accountID, name: account.users[user.lowercased()]?.name ?? user)
        } else {
            principal = .account(accountID)
        }
        return (key.secret, principal, nil, nil)
    }
}
