import CloudAPI
import CloudModel
import CloudSimulator
import KeyshareTesting

/// The actions a capture sent, recorded by a `HandlerCloud` in front of the simulator.
actor CaptureCallLog {
    /// Every action in the order sent.
    private(set) var actions: [String] = []

    /// Records one action.
    func record(_ action: String) { actions.append(action) }

    /// `cloud` with every call recorded here first; `failing` answers chosen calls with an error instead.
    nonisolated func recording(
        _ cloud: SimulatedCloud,
        failing: @escaping @Sendable (any CloudRequest, CallContext) -> CloudError? = { _, _ in nil }
    )
        -> HandlerCloud
    {
        HandlerCloud { request, context in
            await self.record(type(of: request).action)
            if let error = failing(request, context) { throw error }
            return try await cloud.call(request, context: context)
        }
    }
}

/// What a caller can observe of an organisation through read calls, as text lines: the directory
/// entries, and for each account and role the capture kept, DescribeKey, GetKeyPolicy, the quota,
/// GetRole, ListPoliciesForRole and the custom policies' default documents. Generated ids (role
/// ids, key versions) are left out: the twin makes its own.
enum Observation {
    /// The lines for `accounts` (their non-placeholder roles, their keys and instances in `regions`),
    /// after the directory's entries when `directory`.
    static func lines(
        of cloud: SimulatedCloud, accounts: [World.Account], regions: [RegionID],
        directory: Bool
    ) async throws -> [String] {
        var lines: [String] = []
        let owner = CaptureCase.owner
        if directory {
            let listed = try await cloud.listAccounts(
                ListAccountsRequest(pageSize: 100, includeTags: true), context: .root(owner))
            for info in listed.accounts.account.sorted(by: { $0.accountID < $1.accountID }) {
                lines.append(
                    "account \(info.accountID) \(info.displayName) \(info.folderID) \(info.resourceDirectoryPath) "
                        + "\((info.tags?.tag ?? []).map { "\($0.key)=\($0.value ?? "")" })")
            }
        }
        for account in accounts {
            for role in account.roles where role.description != placeholder {
                let info = try await cloud.getRole(GetRoleRequest(roleName: role.name), context: .root(account.id)).role
                lines.append(
                    "role \(account.id) \(info.roleName) \(info.arn) \(info.description) \(info.maxSessionDuration) "
                        + (info.assumeRolePolicyDocument ?? ""))
                let attached = try await cloud.listPoliciesForRole(
                    ListPoliciesForRoleRequest(roleName: role.name),
                    context: .root(account.id)
                ).policies.policy
                for policy in attached.sorted(by: { ($0.policyType, $0.policyName) < ($1.policyType, $1.policyName) }) {
                    var line = "attached \(account.id) \(role.name) \(policy.policyType):\(policy.policyName)"
                    if policy.policyType == "Custom" {
                        let read = try await cloud.getPolicy(
                            GetPolicyRequest(policyName: policy.policyName),
                            context: .root(account.id))
                        line +=
                            " \(read.policy.description) \(read.policy.defaultVersion) \(read.defaultPolicyVersion.policyDocument)"
                    }
                    lines.append(line)
                }
            }
            for region in regions {
                let context = CallContext.root(account.id, region: region)
                for instance in account.kmsInstances where instance.region == region.rawValue {
                    let quota = try await cloud.getKmsInstanceQuotaInfos(
                        GetKmsInstanceQuotaInfosRequest(kmsInstanceID: instance.id), context: context)
                    lines.append(
                        "quota \(instance.id) "
                            + quota.kmsInstanceQuotaInfos
                            .map { "\($0.resourceType)=\($0.usedQuantity)/\($0.resourceQuota)" }.sorted().joined(separator: ","))
                }
                let aliases = try await cloud.listAliases(ListAliasesRequest(pageSize: 100), context: context).aliases.alias
                lines.append(
                    "aliases \(account.id) \(region) "
                        + aliases.map { "\($0.aliasName)=\($0.keyID)" }.sorted().joined(separator: ","))
                for key in account.keys where key.region == region.rawValue {
                    guard let id = key.id else { continue }
                    let meta = try await cloud.describeKey(DescribeKeyRequest(keyID: id), context: context).keyMetadata
                    lines.append(
                        "key \(meta.keyID) \(meta.arn) \(meta.keyState) \(meta.keySpec) \(meta.keyUsage) \(meta.origin) "
                            + "\(meta.protectionLevel) \(meta.dkmsInstanceID ?? "-") \(meta.creator) \(meta.creationDate) "
                            + "\(meta.description) \(meta.deleteDate ?? "-") \(meta.automaticRotation)")
                    if key.instance != nil {
                        let policy = try await cloud.getKeyPolicy(GetKeyPolicyRequest(keyID: id), context: context).policy
                        lines.append("policy \(id) \(policy)")
                    }
                }
            }
        }
        return lines
    }

    /// The description capture gives the roles it makes up.
    static let placeholder = WorldCapture.placeholderDescription
}
