import CloudModel

/// The documents of the seed procedure (seed-ecs-cross-account-key-sharing.txt), word for word
/// where the seed gives them, so tests exercise exactly what users will paste.
package enum SeedPolicies {
    /// The role ECS assumes in the account that encrypts disks with a (shared) key.
    package static let diskEncryptRole = "AliyunECSDiskEncryptDefaultRole"
    /// The custom policy the sharee attaches to `diskEncryptRole`.
    package static let diskEncryptPolicy = "AliyunECSDiskEncryptCustomizedPolicy"
    /// The role ECS assumes to re-share an encrypted image.
    package static let shareImageRole = "AliyunECSShareEncryptImageDefaultRole"
    /// The role ECS assumes to re-share an encrypted snapshot.
    package static let shareSnapshotRole = "AliyunECSShareEncryptSnapshotDefaultRole"
    /// The custom policy attached to the share roles.
    package static let sharePolicy = "AliyunECSShareEncryptCustomizedPolicy"

    /// Trust of `diskEncryptRole`: the ECS service.
    package static let ecsServiceTrust = PolicyFixture(
        .init(effect: "Allow", action: ["sts:AssumeRole"], principal: ["Service": ["ecs.aliyuncs.com"]])
    )

    /// Trust of the share roles: ECS acting for each recipient (`<UID>@ecs.aliyuncs.com`).
    package static func shareTrust(recipients: [AccountID]) -> PolicyFixture {
        PolicyFixture(
            .init(
                effect: "Allow", action: ["sts:AssumeRole"],
                principal: ["Service": recipients.map { "\($0)@ecs.aliyuncs.com" }]))
    }

    /// The disk-encrypt role's policy from the seed: list/describe/tag on keys, and the three
    /// cryptographic actions on every key. `withoutGenerateDataKey` drops the action ECS needs most.
    package static func diskEncryptPolicyDocument(withoutGenerateDataKey: Bool = false) -> PolicyFixture {
        var crypto = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"]
        if withoutGenerateDataKey { crypto.removeLast() }
        return PolicyFixture(
            .allow(
                ["kms:List*", "kms:DescribeKey", "kms:TagResource", "kms:UntagResource"],
                on: ["acs:kms:*:*:*", "acs:kms:*:*:*/*"]),
            .allow(crypto, on: ["acs:kms:*:*:*/*"])
        )
    }

    /// The share roles' policy from the seed, scoped to one key of `owner` in `region`.
    package static func sharePolicyDocument(region: String, owner: AccountID, keyID: String) -> PolicyFixture {
        PolicyFixture(
            .allow(["kms:List*"], on: ["acs:kms:\(region):\(owner):key"]),
            .allow(
                [
                    "kms:DescribeKey", "kms:TagResource", "kms:UntagResource", "kms:Encrypt", "kms:Decrypt",
                    "kms:GenerateDataKey",
                ], on: ["acs:kms:\(region):\(owner):key/\(keyID)"])
        )
    }

    /// The statement of the default key policy (Sid `kms default key policy`: `kms:*` for the owner).
    package static func defaultKeyPolicyStatement(owner: AccountID) -> PolicyFixture.Statement {
        PolicyFixture.Statement(
            effect: "Allow", action: ["kms:*"], resource: ["*"],
            principal: ["RAM": ["acs:ram::\(owner):*"]], sid: "kms default key policy")
    }

    /// The key-usage actions granted to another account's role (reference §2.3 example).
    package static let keyUserActions = [
        "kms:List*", "kms:DescribeKey", "kms:Encrypt", "kms:Decrypt",
        "kms:GenerateDataKey",
    ]

    /// A key policy: the default statement plus key use for each of `principals` (role/user ARNs).
    package static func keyPolicy(owner: AccountID, granting principals: [String]) -> PolicyFixture {
        var statements = [defaultKeyPolicyStatement(owner: owner)]
        if !principals.isEmpty {
            statements.append(.allow(keyUserActions, on: ["*"], principal: ["RAM": principals]))
        }
        return PolicyFixture(statements)
    }

    /// `acs:ram::<account>:role/<name>`.
    package static func roleARN(_ account: AccountID, _ name: String) -> String {
        ResourceName.role(name, in: account).description
    }
}
