import CloudModel
import Foundation

/// A KMS 3.0 instance and its access-management quota.
struct KMSInstanceState: Codable, Sendable {
    /// `kst-…`.
    var id: KMSInstanceID
    /// Display name.
    var name: String
    /// The access-management quota (bound VPCs + accounts shared with).
    var vpcNum: Int
    /// The key quota.
    var keyNum: Int
    /// VPCs bound to the instance.
    var boundVPCs: Int
    /// Creation time.
    var createTime: String
    /// Accounts removed from every key policy, with the simulated time their unit is released.
    var pendingReleases: [String: Date]
    /// External account → how many of the instance's keys name it (in an Allow statement).
    var shareCounts: [String: Int]

    private enum CodingKeys: String, CodingKey {
        // The state file's name for bound VPCs predates the acronym rule: keep it so states load.
        case id, name, vpcNum, keyNum
        case boundVPCs = "boundVpcs"
        case createTime, pendingReleases, shareCounts
    }
}

/// A KMS key: metadata, state, policy and the secret material that really encrypts.
struct KMSKeyState: Codable, Sendable {
    /// The key id (`key-…` in instances, a UUID for default keys).
    var id: KMSKeyID
    /// The instance, nil for default keys (which do not support key policies).
    var instanceID: KMSInstanceID?
    /// `Aliyun_AES_256`, …
    var spec: String
    /// `ENCRYPT/DECRYPT` or `SIGN/VERIFY`.
    var usage: String
    /// `Aliyun_KMS` or `EXTERNAL`.
    var origin: String
    /// `SOFTWARE` or `HSM`.
    var protectionLevel: String
    /// The life-cycle state.
    var state: KeyState
    /// The description.
    var description: String
    /// Creation time.
    var creationDate: String
    /// When a scheduled deletion happens.
    var deleteDate: String?
    /// The primary version id.
    var versionID: String
    /// 256-bit AES-GCM key material.
    var material: Data
    /// The key policy (instance keys only).
    var policy: StoredPolicy?
    /// Other accounts the key policy names (counted against the instance quota).
    var sharedAccounts: Set<AccountID>
    /// Tags.
    var tags: [String: String]
    /// Aliases pointing at the key.
    var aliases: [String]

    /// Whether the spec is symmetric (ECS needs a symmetric key).
    var isSymmetric: Bool { spec.hasPrefix("Aliyun_") }
}
