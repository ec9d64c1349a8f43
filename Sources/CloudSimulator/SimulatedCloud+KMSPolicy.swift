import CloudAPI
import CloudModel
import Foundation

// Key policies and the KMS 3.0 instance access-management quota (alibaba-api.md §2.2–2.3).
extension SimulatedCloud {
    /// Validates a key policy: grammar and size via the policy parser, then every named role or
    /// user must exist in its account (400 `InvalidParameter` naming the principal).
    func checkKeyPolicy(_ text: String, owner: AccountID) throws -> (policy: StoredPolicy, shared: Set<AccountID>) {
        try checkKeyPolicy(Self.parseDocument(text, kind: .keyPolicy), owner: owner)
    }

    /// ``checkKeyPolicy(_:owner:)`` for a policy parsed beforehand: its grammar error (if any) is
    /// raised here, at the same point of the call as before, so error precedence does not change.
    func checkKeyPolicy(_ parsed: Result<StoredPolicy, PolicyError>, owner: AccountID) throws
        -> (policy: StoredPolicy, shared: Set<AccountID>)
    {
        let policy: StoredPolicy
        do {
            policy = try parsed.get()
        } catch {
            throw CloudError.policy(error)
        }
        // A shared key's policy names one role name in ~490 accounts: lower-case it once, not per entry.
        var lowered: (name: String, lower: String) = ("", "")
        func lower(_ name: String) -> String {
            if name != lowered.name { lowered = (name, name.lowercased()) }
            return lowered.lower
        }
        for principal in KMSNames.namedRoles(of: policy.document) {
            switch principal {
            case .role(let account, let name)
            where accounts[account]?.roles.index(forKey: lower(name)) == nil
                || !isRoleVisible(name, in: account):
                throw CloudError.invalidParameter(
                    "Policy", "the principal \(principal) does not exist: create role \(name) in account \(account) first.")
            case .user(let account, let name) where accounts[account]?.users[name.lowercased()] == nil:
                throw CloudError.invalidParameter(
                    "Policy", "the principal \(principal) does not exist: create user \(name) in account \(account) first.")
            default:
                continue
            }
        }
        return (policy, KMSNames.externalAccounts(of: policy.document, owner: owner))
    }

    /// Units of the instance's quota in use: bound VPCs + accounts named by its keys' policies +
    /// accounts revoked less than 5 simulated minutes ago.
    func usedShareQuota(_ instance: KMSInstanceState) -> Int {
        let moment = now
        let pending = instance.pendingReleases.filter { $0.value > moment && instance.shareCounts[$0.key] == nil }.count
        return instance.boundVPCs + instance.shareCounts.count + pending
    }

    /// Refuses a policy that would name more accounts than `VpcNum` allows
    /// (400 `Rejected.ShareQuotaExceedLimit`); policies adding no account always pass.
    func checkShareQuota(_ instance: KMSInstanceState, region: RegionState, keyID: KMSKeyID?, newAccounts: Set<AccountID>) throws
    {
        let moment = now
        var added = 0
        for account in newAccounts where instance.shareCounts[account.rawValue] == nil {
            if let release = instance.pendingReleases[account.rawValue], release > moment { continue }
            added += 1
        }
        guard added > 0 else { return }
        guard usedShareQuota(instance) + added <= instance.vpcNum else { throw CloudError.shareQuotaExceedLimit }
    }

    /// Moves the instance's per-account counts from `old` to `new`; accounts no key names any
    /// more are released 5 simulated minutes later.
    func applyShareChange(_ instanceID: KMSInstanceID, region: RegionState, old: Set<AccountID>, new: Set<AccountID>) {
        // Taken out while it changes: a copy left in `region.instances` made every write copy the
        // instance's per-account counts (one per shared account) before changing one.
        guard var instance = region.instances.removeValue(forKey: instanceID) else { return }
        defer { region.instances[instanceID] = instance }
        let moment = now
        if instance.pendingReleases.contains(where: { $0.value <= moment }) {
            instance.pendingReleases = instance.pendingReleases.filter { $0.value > moment }
        }
        var added = 0
        for account in new where !old.contains(account) {
            added += 1
            instance.shareCounts[account.rawValue, default: 0] += 1
            instance.pendingReleases[account.rawValue] = nil
        }
        // Grants only add accounts: then `old` ⊆ `new` and nothing is released.
        guard old.count + added != new.count else { return }
        for account in old where !new.contains(account) {
            let remaining = (instance.shareCounts[account.rawValue] ?? 1) - 1
            if remaining > 0 {
                instance.shareCounts[account.rawValue] = remaining
            } else {
                instance.shareCounts[account.rawValue] = nil
                instance.pendingReleases[account.rawValue] = moment.addingTimeInterval(300)
            }
        }
    }

    package nonisolated func setKeyPolicy(_ request: SetKeyPolicyRequest, context: CallContext) async throws
        -> EmptyResponse
    {
        // Parsing a policy of up to 32 KB is pure: doing it before entering the actor keeps every
        // other account's calls from queueing behind it.
        try await setKeyPolicy(request, parsed: Self.parseDocument(request.policy, kind: .keyPolicy), context: context)
    }

    private func setKeyPolicy(
        _ request: SetKeyPolicyRequest, parsed: Result<StoredPolicy, PolicyError>,
        context: CallContext
    ) async throws -> EmptyResponse {
        try await perform(.kmsWrite, context) {
            guard !request.policy.isEmpty else { throw CloudError.missingParameter("Policy") }
            var (key, location) = try resolveKey(request.keyID, context)
            try authorizeKey(context, action: "kms:SetKeyPolicy", key: key, location: location)
            guard let instanceID = key.instanceID else { throw CloudError.keyPolicyUnsupported }
            if let name = request.policyName, name != "default" { throw CloudError.policyNotFound }
            let checked = try checkKeyPolicy(parsed, owner: location.owner)
            guard let region = accounts[location.owner]?.region(location.region) else { throw CloudError.keyNotFound }
            guard let instance = region.instances[instanceID] else { throw CloudError.dkmsInstanceNotFound }
            try checkShareQuota(
                instance, region: region, keyID: key.id,
                newAccounts: checked.shared.filter { !key.sharedAccounts.contains($0) })
            applyShareChange(instanceID, region: region, old: key.sharedAccounts, new: checked.shared)
            key.policy = checked.policy
            key.sharedAccounts = checked.shared
            store(key, at: location)
            return EmptyResponse()
        }
    }

    package func getKeyPolicy(_ request: GetKeyPolicyRequest, context: CallContext) async throws -> GetKeyPolicyResponse {
        try await perform(.kmsRead, context) {
            let (key, location) = try resolveKey(request.keyID, context)
            try authorizeKey(context, action: "kms:GetKeyPolicy", key: key, location: location)
            guard let policy = key.policy else { throw CloudError.keyPolicyUnsupported }
            if let name = request.policyName, name != "default" { throw CloudError.policyNotFound }
            return GetKeyPolicyResponse(policy: policy.text)
        }
    }

    /// The caller's instance, `Forbidden.DKMSInstanceNotFound` otherwise.
    private func ownInstance(_ id: String, _ context: CallContext, action: String) throws -> (
        KMSInstanceState, RegionState, AccountState
    ) {
        guard !id.isEmpty else { throw CloudError.missingParameter("KmsInstanceId") }
        let account = try callerAccount(context)
        let resource = ResourceName(
            service: "kms", region: context.region.rawValue, account: account.id.rawValue,
            resource: "keystore/\(id)")
        try authorizeIdentity(
            context, action: action, resource: resource,
            denial: .kmsNoPermission(action: action, resource: resource.description))
        guard let instanceID = KMSInstanceID(id), let region = account.regions[context.region.rawValue],
            let instance = region.instances[instanceID]
        else {
            throw CloudError.dkmsInstanceNotFound
        }
        return (instance, region, account)
    }

    package func getKmsInstance(_ request: GetKmsInstanceRequest, context: CallContext) async throws -> GetKmsInstanceResponse {
        try await perform(.kmsRead, context) {
            let (instance, _, account) = try ownInstance(request.kmsInstanceID, context, action: "kms:GetKmsInstance")
            let suffix = instance.id.rawValue.dropFirst(4)
            let vpcs = (0..<instance.boundVPCs).map { number in
                KmsInstance.BindVpc(
                    regionID: context.region.rawValue, vpcID: "vpc-\(suffix)\(number)",
                    vpcOwnerID: account.id.rawValue, vSwitchID: "vsw-\(suffix)\(number)")
            }
            return GetKmsInstanceResponse(
                kmsInstance: KmsInstance(
                    instanceID: instance.id.rawValue, instanceName: instance.name, status: "Connected",
                    createTime: instance.createTime,
                    spec: 1000, keyNum: instance.keyNum, secretNum: "0", vpcNum: instance.vpcNum, vpcID: vpcs.first?.vpcID,
                    bindVpcs: vpcs, chargeType: "PREPAY"))
        }
    }

    package func listKmsInstances(_ request: ListKmsInstancesRequest, context: CallContext) async throws
        -> ListKmsInstancesResponse
    {
        try await perform(.kmsRead, context) {
            let account = try callerAccount(context)
            let resource = ResourceName(
                service: "kms", region: context.region.rawValue, account: account.id.rawValue,
                resource: "keystore")
            try authorizeIdentity(
                context, action: "kms:ListKmsInstances", resource: resource,
                denial: .kmsNoPermission(action: "kms:ListKmsInstances", resource: resource.description))
            let (page, size) = try Paging.numbered(request.pageNumber, request.pageSize, defaultSize: 20, maxSize: 100)
            let all = (account.regions[context.region.rawValue]?.instances.keys.sorted() ?? [])
            let items = Paging.slice(all, page: page, size: size).map {
                ListKmsInstancesResponse.Item(
                    kmsInstanceID: $0.rawValue,
                    kmsInstanceARN: "acs:kms:\(context.region.rawValue):\(account.id.rawValue):keystore/\($0.rawValue)")
            }
            return ListKmsInstancesResponse(kmsInstances: items, totalCount: all.count, pageNumber: page, pageSize: size)
        }
    }

    package func getKmsInstanceQuotaInfos(_ request: GetKmsInstanceQuotaInfosRequest, context: CallContext) async throws
        -> GetKmsInstanceQuotaInfosResponse
    {
        try await perform(.kmsRead, context) {
            let (instance, region, _) = try ownInstance(request.kmsInstanceID, context, action: "kms:GetKmsInstanceQuotaInfos")
            let keys = region.keys.values.filter { $0.instanceID == instance.id }.count
            var infos = [
                GetKmsInstanceQuotaInfosResponse.QuotaInfo(
                    resourceType: "key", resourceQuota: instance.keyNum, usedQuantity: keys),
                .init(resourceType: "secret", resourceQuota: 0, usedQuantity: 0),
                .init(resourceType: "qps", resourceQuota: 1000, usedQuantity: 0),
                .init(resourceType: "vpc", resourceQuota: instance.vpcNum, usedQuantity: usedShareQuota(instance)),
            ]
            if let type = request.resourceType {
                guard ["key", "secret", "qps", "vpc"].contains(type) else {
                    throw CloudError.invalidParameter("ResourceType", "must be key, secret, qps or vpc, got '\(type)'.")
                }
                infos = infos.filter { $0.resourceType == type }
            }
            return GetKmsInstanceQuotaInfosResponse(kmsInstanceID: instance.id.rawValue, kmsInstanceQuotaInfos: infos)
        }
    }
}

// The requests this file answers: `SimulatedCloud.call` finds each behaviour through these.
extension SetKeyPolicyRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.setKeyPolicy(self, context: context)
    }
}
extension GetKeyPolicyRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.getKeyPolicy(self, context: context)
    }
}
extension GetKmsInstanceRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.getKmsInstance(self, context: context)
    }
}
extension ListKmsInstancesRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.listKmsInstances(self, context: context)
    }
}
extension GetKmsInstanceQuotaInfosRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.getKmsInstanceQuotaInfos(self, context: context)
    }
}
