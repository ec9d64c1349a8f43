import CloudModel
import CloudSimulator
import KeyshareTesting

/// The organisation every truth-table row starts from: the owner (management account) with a KMS
/// instance and two keys, a sharee and a third member account, and a few RAM users.
enum AuthorizationWorld {
    /// The key owner (management account).
    static let owner = AuthorizationCase.Party.owner.rawValue
    /// The account the key is shared with.
    static let sharee = AuthorizationCase.Party.sharee.rawValue
    /// An account the key is not shared with.
    static let third = AuthorizationCase.Party.third.rawValue
    /// The owner's KMS 3.0 instance.
    static let instanceID = "kst-hzz6aa1b2c3d4e5f6"
    /// The key under test.
    static let keyID = "key-hzz6aa1b2c3d4e5f6a7b8"
    /// Another key of the owner, for policies scoped to the wrong key.
    static let otherKeyID = "key-hzz6bb1b2c3d4e5f6a7b8"
    /// The shared key's alias (only the owner can use it).
    static let alias = "alias/shared-disk-key"
    /// The shared key's ARN.
    static let keyARN = "acs:kms:cn-hangzhou:\(owner):key/\(keyID)"
    /// The other key's ARN.
    static let otherKeyARN = "acs:kms:cn-hangzhou:\(owner):key/\(otherKeyID)"

    /// How a row's `KeyRef` is spelled in the `KeyId` parameter.
    static func reference(_ ref: AuthorizationCase.KeyRef) -> String {
        switch ref {
        case .arn: keyARN
        case .id: keyID
        case .alias: alias
        case .otherRegionARN: "acs:kms:cn-shanghai:\(owner):key/\(keyID)"
        case .otherKeyARN: otherKeyARN
        }
    }

    /// `id` as an account UID (the parties' UIDs are 16 digits).
    static func uid(_ id: String) -> AccountID {
        guard let account = AccountID(id) else { preconditionFailure("party UID \(id) is not 16 digits") }
        return account
    }

    /// The base world with the shared key's policy and state set.
    static func base(keyPolicy: PolicyFixture?, keyState: KeyState) -> World {
        World(
            defaultRegion: "cn-hangzhou",
            resourceDirectory: .init(
                id: "rd-k3s1", managementAccount: uid(owner),
                folders: [
                    .init(id: "fd-prod", name: "prod"), .init(id: "fd-dev", name: "dev"),
                ]),
            accounts: [
                .init(
                    id: uid(owner), name: "security",
                    users: [.init(name: "admin", policies: ["System:AdministratorAccess"]), .init(name: "bob")],
                    kmsInstances: [.init(id: instanceID, region: "cn-hangzhou", vpcNum: 20, boundVPCs: 0)],
                    keys: [
                        .init(id: keyID, instance: instanceID, alias: alias, state: keyState, policy: keyPolicy),
                        .init(id: otherKeyID, instance: instanceID),
                    ]),
                .init(
                    id: uid(sharee), name: "member-1", folder: "fd-prod",
                    users: [.init(name: "alice"), .init(name: "bob")]),
                .init(id: uid(third), name: "member-2", folder: "fd-dev", users: [.init(name: "alice")]),
            ]
        )
    }

    // MARK: Policy shorthands used by the rows

    /// A RAM principal block.
    static func ram(_ arns: String...) -> [String: [String]] { ram(arns) }

    /// A RAM principal block from a list.
    static func ram(_ arns: [String]) -> [String: [String]] { ["RAM": arns] }

    /// A key policy: the owner's default statement plus `statements`.
    static func keyPolicy(_ statements: PolicyFixture.Statement...) -> PolicyFixture {
        PolicyFixture([SeedPolicies.defaultKeyPolicyStatement(owner: AuthorizationCase.Party.owner.id)] + statements)
    }

    /// A key policy without the default statement: only `admin` of the owner manages the key.
    static func adminOnlyKeyPolicy(_ statements: PolicyFixture.Statement...) -> PolicyFixture {
        PolicyFixture([.allow(["kms:*"], principal: ram("acs:ram::\(owner):user/admin"))] + statements)
    }

    /// An identity policy.
    static func policy(_ statements: PolicyFixture.Statement...) -> PolicyFixture { PolicyFixture(statements) }
}
