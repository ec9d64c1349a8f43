import CloudAPI
import CloudModel

/// One key's room after a plan: its KMS instance's access-management quota and its policy size.
package struct KeyCapacity: Sendable, Hashable, Encodable {
    /// The key's ARN (`acs:kms:<region>:<uid>:key/<id>`).
    package var arn: String
    /// The key id.
    package var keyID: String
    /// `Enabled`, `Disabled`, `PendingDeletion`, …
    package var state: String
    /// The KMS instance the key lives in (nil: a default-service key, which has no such quota).
    package var instanceID: String?
    /// Units of the instance's access-management quota (`vpc`) in use after the change.
    package var quotaUsed: Int?
    /// The instance's access-management quota.
    package var quotaTotal: Int?
    /// Bytes of the key's policy after the change.
    package var policyBytes: Int
    /// The largest key policy KMS accepts.
    package var policyLimit: Int

    /// Units left (nil without an instance).
    package var quotaLeft: Int? {
        guard let quotaUsed, let quotaTotal else { return nil }
        return quotaTotal - quotaUsed
    }

    enum CodingKeys: String, CodingKey {
        case arn
        case keyID = "key_id"
        case state
        case instanceID = "instance_id"
        case quotaUsed = "quota_used"
        case quotaTotal = "quota_total"
        case quotaLeft = "quota_left"
        case policyBytes = "policy_bytes"
        case policyLimit = "policy_limit"
    }

    /// Every field, absent values as null, plus `quota_left`.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(arn, forKey: .arn)
        try container.encode(keyID, forKey: .keyID)
        try container.encode(state, forKey: .state)
        try container.encode(instanceID, forKey: .instanceID)
        try container.encode(quotaUsed, forKey: .quotaUsed)
        try container.encode(quotaTotal, forKey: .quotaTotal)
        try container.encode(quotaLeft, forKey: .quotaLeft)
        try container.encode(policyBytes, forKey: .policyBytes)
        try container.encode(policyLimit, forKey: .policyLimit)
    }
}

extension ShadowCloud {
    /// The key-policy limit of KMS, in bytes.
    package static let keyPolicyLimit = 32_768

    /// The capacity of every key whose policy the run read or wrote, read from the overlay as it
    /// is now (after the run's writes), one entry per key, in first-mention order. A key the overlay
    /// cannot describe is left out (the target that named it reports why).
    package func keyCapacities() async -> [KeyCapacity] {
        var result: [KeyCapacity] = []
        var seen: Set<String> = []
        for mention in mentionedKeys {
            let (owner, region) = Self.home(of: mention)
            guard let owner else { continue }
            let context = CallContext.root(owner, region: region)
            guard
                let key = try? await overlay.describeKey(DescribeKeyRequest(keyID: mention.keyID), context: context)
                    .keyMetadata, seen.insert(key.arn).inserted
            else { continue }
            let policy = try? await overlay.getKeyPolicy(
                GetKeyPolicyRequest(keyID: key.keyID, policyName: "default"),
                context: context
            ).policy
            var capacity = KeyCapacity(
                arn: key.arn, keyID: key.keyID, state: key.keyState, instanceID: key.dkmsInstanceID,
                policyBytes: policy?.utf8.count ?? 0, policyLimit: Self.keyPolicyLimit)
            if let instance = key.dkmsInstanceID, !instance.isEmpty,
                let quota = try? await overlay.getKmsInstanceQuotaInfos(
                    GetKmsInstanceQuotaInfosRequest(kmsInstanceID: instance, resourceType: "vpc"), context: context
                )
                .kmsInstanceQuotaInfos.first(where: { $0.resourceType == "vpc" })
            {
                capacity.quotaUsed = quota.usedQuantity
                capacity.quotaTotal = quota.resourceQuota
            }
            result.append(capacity)
        }
        return result
    }

    /// The account and region a key lives in: those of its ARN, else the caller's.
    private static func home(of mention: KeyMention) -> (AccountID?, RegionID) {
        let parts = mention.keyID.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 5, parts[0] == "acs", parts[1] == "kms", !parts[3].isEmpty {
            return (AccountID(String(parts[3])), RegionID(String(parts[2])))
        }
        return (mention.account, mention.region)
    }
}
