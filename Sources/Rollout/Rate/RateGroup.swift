/// The API groups calls are paced in: KMS's documented quota groups, and one group per other
/// product. Names are the ones `--rate`, a playbook's `rate` field and the simulator's faults use.
package enum RateGroup: String, Sendable, Hashable, CaseIterable {
    /// KMS CreateKey.
    case kmsCreate = "kms-create"
    /// KMS cryptographic calls (Encrypt, Decrypt, GenerateDataKey).
    case kmsCrypto = "kms-crypto"
    /// KMS metadata reads (DescribeKey, List*, Get*).
    case kmsRead = "kms-read"
    /// KMS state, alias, tag and policy changes.
    case kmsWrite = "kms-write"
    /// Every STS call (AssumeRole is the one with a documented limit).
    case sts
    /// Every RAM call.
    case ram
    /// Every ECS call.
    case ecs
    /// Every ResourceManager call.
    case resourceManager = "resourcemanager"
    /// Every Resource Sharing call.
    case resourceSharing = "resourcesharing"

    /// The limit Alibaba documents, in requests per second per account (KMS: per account and
    /// region, for AES/SM4 keys), or nil when it documents none (alibaba-api.md §1.7).
    package var documentedLimit: Double? {
        switch self {
        case .kmsCreate: 10
        case .kmsCrypto: 750
        case .kmsRead: 20
        case .kmsWrite: 10
        case .sts: 100
        // ListAccounts, the strictest of the Resource Directory reads keyshare makes (20 per second;
        // ListFoldersForParent and GetAccount allow 50).
        case .resourceManager: 20
        case .ram, .ecs, .resourceSharing: nil
        }
    }

    /// The pace keyshare keeps by default, in requests per second per account (and region, for
    /// regional products): 80 % of a documented limit, leaving room for other clients of the
    /// account and for the skew between our clock and the server's window; for undocumented
    /// groups a conservative guess (inferred, see README "Rate limits").
    package var defaultRate: Double {
        if let documentedLimit { return documentedLimit * 0.8 }
        switch self {
        case .ram: return 10
        case .ecs: return 20
        case .resourceSharing: return 5
        default: return 5
        }
    }

    /// Whether a group's bucket is per region as well as per account (KMS, ECS and Resource
    /// Sharing are regional products; RAM, STS quotas and ResourceManager are account-wide).
    package var isRegional: Bool {
        switch self {
        case .kmsCreate, .kmsCrypto, .kmsRead, .kmsWrite, .ecs, .resourceSharing: true
        case .sts, .ram, .resourceManager: false
        }
    }

    /// The group a KMS action belongs to.
    package static func kms(action: String) -> RateGroup {
        if action == "CreateKey" { return .kmsCreate }
        if ["Encrypt", "Decrypt", "GenerateDataKey"].contains(action) { return .kmsCrypto }
        if ["Describe", "List", "Get"].contains(where: { action.hasPrefix($0) }) { return .kmsRead }
        return .kmsWrite
    }
}
