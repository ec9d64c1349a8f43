import CloudAPI
import CloudModel

/// Where a ``KeyPolicyWriter`` reads and writes one key's policy: the cloud, or a fake in tests
/// that plays a concurrent writer between a write and its read-back.
package protocol KeyPolicyStore: Sendable {
    /// The policy text, as `GetKeyPolicy` returns it.
    func read() async throws -> String
    /// Replaces the policy (`SetKeyPolicy`).
    func write(_ text: String) async throws
    /// Shares left on the key's instance; nil when the instance reports no `vpc` quota.
    func quotaLeft() async throws -> Int?
    /// The instance's access-management quota (limit and left), for a reservation's refusal to
    /// name; nil when the instance reports none.
    func quota() async throws -> ShareQuota?
}

/// The access-management (`vpc`) quota of a KMS instance: every VPC bound and every account a key
/// policy names uses one unit of it.
package struct ShareQuota: Sendable, Hashable {
    /// The instance's `VpcNum`; nil when only what is left is known.
    package var limit: Int?
    /// Units left.
    package var left: Int

    /// A quota of `limit` units with `left` left.
    package init(limit: Int?, left: Int) {
        self.limit = limit
        self.left = left
    }
}

extension KeyPolicyStore {
    /// What is left, limit unknown: for stores that report only ``quotaLeft()``.
    package func quota() async throws -> ShareQuota? {
        try await quotaLeft().map { ShareQuota(limit: nil, left: $0) }
    }
}

/// A key's policy in the cloud, read and written as the key owner's root identity.
package struct CloudKeyPolicyStore: KeyPolicyStore {
    private let cloud: any Cloud
    private let key: SharedKey
    private let context: CallContext

    /// The policy of `key` in `cloud`.
    package init(cloud: any Cloud, key: SharedKey) {
        self.cloud = cloud
        self.key = key
        context = CallContext.root(key.owner, region: key.region)
    }

    package func read() async throws -> String {
        try await cloud.call(GetKeyPolicyRequest(keyID: key.keyID), context: context).policy
    }

    package func write(_ text: String) async throws {
        _ = try await cloud.call(SetKeyPolicyRequest(keyID: key.keyID, policy: text), context: context)
    }

    package func quotaLeft() async throws -> Int? {
        try await quota()?.left
    }

    package func quota() async throws -> ShareQuota? {
        guard let instanceID = key.instanceID else { return nil }
        let infos = try await cloud.call(
            GetKmsInstanceQuotaInfosRequest(kmsInstanceID: instanceID, resourceType: "vpc"), context: context)
        guard let vpc = infos.kmsInstanceQuotaInfos.first(where: { $0.resourceType == "vpc" }) else { return nil }
        return ShareQuota(limit: vpc.resourceQuota, left: max(0, vpc.resourceQuota - vpc.usedQuantity))
    }
}
