import CloudAPI
import CloudModel
import Foundation

/// The cloud `keyshare drift` runs a playbook on: every call passes through to the plan's shadow
/// (so nothing reaches the backend), and the recorder keeps what drift needs to speak per target —
/// each write the run would send with the state it would replace (read from the shadow just before,
/// a read), the roles the run looked up, and the keys whose policy it read or wrote.
package final class DriftRecorder: Cloud {
    private let inner: any Cloud
    private let ledger = DriftLedger()

    /// Records the calls sent to `inner` (the plan's shadow).
    package init(over inner: any Cloud) {
        self.inner = inner
    }

    /// The writes in the order they were sent.
    package var writes: [PlannedWrite] { ledger.writes }

    /// The roles the run looked up (`GetRole`), as ARNs, in first-lookup order.
    package var rolesLookedUp: [String] { ledger.roles }

    /// The keys whose policy the run read or wrote, in first-mention order.
    package var keys: [KeyReference] { ledger.keys }

    /// Forwards `request`, noting role lookups and key mentions, and recording writes with what
    /// they would replace (also a write the shadow refuses: a run would attempt it too).
    package func call<R: CloudRequest>(_ request: R, context: CallContext) async throws -> R.Response {
        if let lookup = request as? GetRoleRequest, let account = context.account {
            ledger.lookedUp("acs:ram::\(account):role/\(lookup.roleName)")
        }
        if let key = Self.keyID(of: request), let account = context.account {
            ledger.mention(KeyReference(keyID: key, owner: account, region: context.region))
        }
        guard R.isMutating else { return try await inner.call(request, context: context) }
        let subject = await subject(of: request, context: context)
        do {
            let response = try await inner.call(request, context: context)
            ledger.record(PlannedWrite(action: R.action, account: context.account, region: context.region, subject: subject))
            return response
        } catch {
            let code = (error as? CloudError)?.code ?? "\(type(of: error))"
            ledger.record(
                PlannedWrite(
                    action: R.action, account: context.account, region: context.region, subject: subject,
                    refusal: code))
            throw error
        }
    }

    /// What a write is about, with the current state read from the shadow where drift shows a
    /// difference (a read the shadow answers, or seeds from the backend with reads).
    private func subject(of request: some CloudRequest, context: CallContext) async -> WriteSubject {
        switch request {
        case let create as CreateRoleRequest:
            return .createRole(name: create.roleName)
        case let update as UpdateRoleRequest:
            guard let declared = update.newAssumeRolePolicyDocument else { return .updateRoleDescription(name: update.roleName) }
            let current = try? await inner.getRole(GetRoleRequest(roleName: update.roleName), context: context)
            return .updateRoleTrust(name: update.roleName, current: current?.role.assumeRolePolicyDocument, declared: declared)
        case let delete as DeleteRoleRequest:
            return .deleteRole(name: delete.roleName)
        case let create as CreatePolicyRequest:
            return .createPolicy(name: create.policyName)
        case let version as CreatePolicyVersionRequest:
            let current = try? await inner.getPolicy(
                GetPolicyRequest(policyName: version.policyName, policyType: "Custom"),
                context: context)
            return .createPolicyVersion(
                name: version.policyName, current: current?.defaultPolicyVersion.policyDocument,
                currentVersion: current?.defaultPolicyVersion.versionID, declared: version.policyDocument)
        case let attach as AttachPolicyToRoleRequest:
            return .attachPolicy(policy: attach.policyName, type: attach.policyType, role: attach.roleName)
        case let detach as DetachPolicyFromRoleRequest:
            return .detachPolicy(policy: detach.policyName, type: detach.policyType, role: detach.roleName)
        case let set as SetKeyPolicyRequest:
            let current = try? await inner.getKeyPolicy(GetKeyPolicyRequest(keyID: set.keyID), context: context)
            return .setKeyPolicy(keyID: set.keyID, current: current?.policy, declared: set.policy)
        case is CreateDiskRequest, is DeleteDiskRequest:
            return .verificationDisk
        default:
            return .other
        }
    }

    /// The key a key-policy call is about.
    private static func keyID(of request: some CloudRequest) -> String? {
        if let request = request as? SetKeyPolicyRequest { return request.keyID }
        if let request = request as? GetKeyPolicyRequest { return request.keyID }
        return nil
    }
}

/// A key as a call named it (ID, alias or ARN), with the account and region it was named in.
package struct KeyReference: Sendable, Hashable {
    /// `KeyId` as given.
    package var keyID: String
    /// The account that named it (the key's owner, for key-policy calls).
    package var owner: AccountID
    /// The region of the call.
    package var region: RegionID

    /// A key reference.
    package init(keyID: String, owner: AccountID, region: RegionID) {
        self.keyID = keyID
        self.owner = owner
        self.region = region
    }
}

/// The recorder's lists, shared by the run's concurrent targets.
private final class DriftLedger: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [PlannedWrite] = []
    private var roleSet: Set<String> = []
    private var roleList: [String] = []
    private var keySet: Set<KeyReference> = []
    private var keyList: [KeyReference] = []

    var writes: [PlannedWrite] { lock.withLock { recorded } }
    var roles: [String] { lock.withLock { roleList } }
    var keys: [KeyReference] { lock.withLock { keyList } }

    func record(_ write: PlannedWrite) { lock.withLock { recorded.append(write) } }

    func lookedUp(_ arn: String) {
        lock.withLock {
            if roleSet.insert(arn).inserted { roleList.append(arn) }
        }
    }

    func mention(_ key: KeyReference) {
        lock.withLock {
            if keySet.insert(key).inserted { keyList.append(key) }
        }
    }
}
