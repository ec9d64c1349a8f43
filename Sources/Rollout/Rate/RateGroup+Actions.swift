/// Alibaba documents RAM, STS and ResourceManager limits per API and account ("API rate limit
/// dimension: regionId, API, ParentUid" on their quota pages), and they differ tenfold within a
/// product (RAM GetRole 100/s, AttachPolicyToRole 10/s): these groups are paced per action, so a
/// target's chain of different RAM calls never waits for the slowest API's pace.
extension RateGroup {
    /// Whether the documented pace of this group applies per action rather than to the group.
    package var pacesPerAction: Bool {
        switch self {
        case .ram, .sts, .resourceManager: true
        case .kmsCreate, .kmsCrypto, .kmsRead, .kmsWrite, .ecs, .resourceSharing: false
        }
    }

    /// The limit of `action` in requests per second per account: the per-API figure of the quota
    /// pages where there is one, else the group's (``documentedLimit``).
    package func documentedLimit(action: String) -> Double? {
        switch self {
        case .ram:
            // Documented: AttachPolicyToRole and DetachPolicyFromRole 10; CreateRole, DeleteRole,
            // CreatePolicyVersion and DeletePolicy 20; GetRole, ListPoliciesForRole, ListPolicies 100.
            // The other reads and writes are taken as their siblings' (inferred).
            if ["AttachPolicyToRole", "DetachPolicyFromRole"].contains(action) { return 10 }
            if action.hasPrefix("Get") || action.hasPrefix("List") { return 100 }
            return 20
        case .resourceManager:
            // ListAccounts 20 (one page of the quota table says 50: the lower is kept); folder
            // listing and GetAccount 50.
            return ["ListFoldersForParent", "GetAccount"].contains(action) ? 50 : 20
        case .sts:
            return 100
        default:
            return documentedLimit
        }
    }

    /// keyshare's default pace of `action`: 80 % of its documented limit, else the group's pace.
    package func defaultRate(action: String) -> Double {
        guard pacesPerAction, let limit = documentedLimit(action: action) else { return defaultRate }
        return limit * RateDefaults.headroom
    }
}
