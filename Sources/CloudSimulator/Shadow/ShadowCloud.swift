import CloudAPI
import CloudModel
import Foundation

/// The cloud of `keyshare plan`: every call, read or write, is answered by an overlay simulator
/// (a copy of the embedded simulator, or one seeded lazily from a remote backend's reads), so the
/// plan runs the real steps under the real authorization rules and nothing reaches the backend.
///
/// It counts the mutating calls that landed in the overlay (what a run would send) and remembers
/// the keys whose policy was read or written, to report their capacity after the change.
package final class ShadowCloud: Cloud {
    /// Where every call lands.
    package let overlay: SimulatedCloud
    /// Fills the overlay from a backend before a call about something it has not seen (nil: the
    /// overlay is a full copy already).
    private let seeder: ShadowSeeder?
    /// The remote backend, asked directly only for what no call can change (the directory, zones).
    private let backend: (any Cloud)?
    /// The remote credentials' account and the role they assume in members.
    private let owner: AccountID?
    private let accessRole: String
    private let ledger = ShadowLedger()

    /// A shadow over a full copy of a simulator (see `SimulatedCloud.detachedCopy()` and `snapshot`).
    package init(copy overlay: SimulatedCloud) {
        self.overlay = overlay
        seeder = nil
        backend = nil
        owner = nil
        accessRole = ""
    }

    /// A shadow over a remote backend: the overlay starts from `overlay` (the owner account and the
    /// directory's accounts) and learns the rest through `seeder`'s reads of `backend`.
    init(overlay: SimulatedCloud, seeder: ShadowSeeder, backend: any Cloud, owner: AccountID, accessRole: String) {
        self.overlay = overlay
        self.seeder = seeder
        self.backend = backend
        self.owner = owner
        self.accessRole = accessRole
    }

    /// Mutating calls that landed in the overlay, per action (`SetKeyPolicy: 3`).
    package var mutatingCalls: [String: Int] { ledger.mutations }

    /// What the overlay could not model of the backend (permissions of the real credentials, state
    /// it could not read): caveats the plan prints.
    package var caveats: [String] { get async { await seeder?.caveats ?? [] } }

    /// Whether a wire action changes the cloud: everything except reads (`Get…`, `List…`,
    /// `Describe…`), cryptographic calls, `AssumeRole` and `GetCallerIdentity`.
    package static func isMutating(action: String) -> Bool { CloudOperations.isMutating(action: action) }

    /// Sends `request` to the overlay after seeding what it is about; records writes and keys
    /// (every operation of `Cloud` is a `call`).
    package func call<R: CloudRequest>(_ request: R, context: CallContext) async throws -> R.Response {
        var context = context
        if let seeder, let backend {
            // Nothing a run sends changes the directory or the zones: the backend answers those.
            if R.product == .resourceManager || request is DescribeZonesRequest {
                return try await backend.call(request, context: context)
            }
            // The run reaches a member through its access role: the overlay authorizes that session.
            if case .account(let member) = context.principal, member != owner {
                context.principal = .assumedRole(member, roleName: accessRole, sessionName: "keyshare")
            }
            try await seeder.prepare(request, context: context, overlay: overlay)
        }
        if Self.isMutating(action: R.action) { ledger.count(R.action) }
        if let keyID = Self.keyID(of: request) { ledger.mention(KeyMention(keyID: keyID, context: context)) }
        return try await overlay.call(request, context: context)
    }

    /// The key a policy call is about (grants read and write key policies; other key calls are not
    /// what a plan reports capacity for).
    private static func keyID(of request: some CloudRequest) -> String? {
        if let request = request as? SetKeyPolicyRequest { return request.keyID }
        if let request = request as? GetKeyPolicyRequest { return request.keyID }
        return nil
    }

    /// The keys whose policy the run read or wrote, in first-mention order.
    var mentionedKeys: [KeyMention] { ledger.keys }
}

/// A key named by a call: its id, alias or ARN as given, and who asked where.
struct KeyMention: Hashable, Sendable {
    /// `KeyId` as the call named it.
    var keyID: String
    /// The caller's account.
    var account: AccountID?
    /// The call's region.
    var region: RegionID

    init(keyID: String, context: CallContext) {
        self.keyID = keyID
        account = context.account
        region = context.region
    }
}

/// The shadow's counters, shared by concurrent calls.
private final class ShadowLedger: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [String: Int] = [:]
    private var seen: Set<KeyMention> = []
    private var ordered: [KeyMention] = []

    var mutations: [String: Int] { lock.withLock { counts } }
    var keys: [KeyMention] { lock.withLock { ordered } }

    func count(_ action: String) { lock.withLock { counts[action, default: 0] += 1 } }

    func mention(_ key: KeyMention) {
        lock.withLock {
            if seen.insert(key).inserted { ordered.append(key) }
        }
    }
}
