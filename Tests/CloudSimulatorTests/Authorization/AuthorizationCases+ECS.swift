import KeyshareTesting

/// Group I: encrypted CreateDisk, where ECS assumes the caller account's
/// AliyunECSDiskEncryptDefaultRole and KMS checks both the role's policies and the key policy.
enum DiskEncryptionCases {
    typealias W = AuthorizationWorld
    /// The role ECS assumes in the calling account.
    static let role = SeedPolicies.diskEncryptRole
    /// The role is missing or may not use KMS.
    static let kmsUnauthorized = Outcome.error("InvalidParameter.KMSKeyId.KMSUnauthorized", 403)
    /// The key's policy does not let the role use the key.
    static let cmkUnauthorized = Outcome.error("InvalidParameter.KMSKeyId.CMKUnauthorized", 403)

    /// The seed's disk-encrypt role in `party`, with `trust` and attached policies.
    static func diskRole(
        _ party: AuthorizationCase.Party, trust: PolicyFixture = SeedPolicies.ecsServiceTrust,
        policies: [String] = ["Custom:DiskEncrypt"]
    ) -> AuthorizationCase.PartyRole {
        AuthorizationCase.PartyRole(party: party, role: .init(name: role, trust: trust, policies: policies))
    }

    /// A key policy granting the seed's key-user actions to `principals`.
    static func granting(_ principals: String...) -> PolicyFixture {
        W.keyPolicy(.allow(SeedPolicies.keyUserActions, principal: W.ram(principals)))
    }

    /// The sharee's disk-encrypt role ARN.
    static let shareeRole = "acs:ram::\(W.sharee):role/\(role)"

    /// Group I (27 rows).
    static let all: [AuthorizationCase] = {
        // Every row's world gets the seed policy as custom policy "DiskEncrypt" in the sharee and third
        // accounts through `callerPolicy` on root (attached to nobody) — roles attach it by name.
        func row(
            _ name: String, _ expected: Outcome, caller: AuthorizationCase.Caller = .root(.sharee),
            keyID: String? = W.keyID, encrypted: Bool? = true, keyPolicy: PolicyFixture? = granting(shareeRole),
            keyState: String = "Enabled", roles: [AuthorizationCase.PartyRole] = [diskRole(.sharee)],
            rolePolicy: PolicyFixture = SeedPolicies.diskEncryptPolicyDocument(),
            callerSystemPolicies: [String] = []
        ) -> AuthorizationCase {
            var row = AuthorizationCase(
                name: "CreateDisk: \(name)", caller: caller,
                call: .createDisk(keyID: keyID, encrypted: encrypted), expected: expected,
                keyPolicy: keyPolicy, keyState: keyState, callerSystemPolicies: callerSystemPolicies,
                roles: roles)
            row.rolePolicy = rolePolicy
            return row
        }
        let ramTrust = PolicyFixture(
            .init(
                effect: "Allow", action: ["sts:AssumeRole"],
                principal: ["RAM": ["acs:ram::\(W.sharee):root"]]))
        let denyTrust = PolicyFixture(
            .init(effect: "Deny", action: ["sts:AssumeRole"], principal: ["Service": ["ecs.aliyuncs.com"]]))
        return [
            row("the whole seed setup", .success),
            row(
                "key policy names the role in lower case", .success,
                keyPolicy: granting("acs:ram::\(W.sharee):role/aliyunecsdiskencryptdefaultrole")),
            row("key policy grants every identity of the sharee", .success, keyPolicy: granting("acs:ram::\(W.sharee):*")),
            row(
                "role with AliyunKMSFullAccess instead of the custom policy", .success,
                roles: [diskRole(.sharee, policies: ["System:AliyunKMSFullAccess"])]),
            row(
                "Encrypted without KMSKeyId uses the service key and needs no role", .success, keyID: nil,
                keyPolicy: nil, roles: []),
            row("no disk-encrypt role", kmsUnauthorized, keyPolicy: nil, roles: []),
            row("role trusts the account, not ECS", kmsUnauthorized, roles: [diskRole(.sharee, trust: ramTrust)]),
            row("role trust denies ECS", kmsUnauthorized, roles: [diskRole(.sharee, trust: denyTrust)]),
            row("role without policies", kmsUnauthorized, roles: [diskRole(.sharee, policies: [])]),
            row(
                "role policy lacks GenerateDataKey", kmsUnauthorized,
                rolePolicy: SeedPolicies.diskEncryptPolicyDocument(withoutGenerateDataKey: true)),
            row(
                "role policy scoped to another key", kmsUnauthorized,
                rolePolicy: W.policy(.allow(["kms:*"], on: [W.otherKeyARN]))),
            row(
                "role policy denies kms:*", kmsUnauthorized,
                rolePolicy: PolicyFixture(SeedPolicies.diskEncryptPolicyDocument().statements + [.deny(["kms:*"])])),
            row("role policy allows ecs:* only", kmsUnauthorized, rolePolicy: W.policy(.allow(["ecs:*"]))),
            row("default key policy", cmkUnauthorized, keyPolicy: nil),
            row(
                "key policy names the role of a third account", cmkUnauthorized,
                keyPolicy: granting("acs:ram::\(W.third):role/\(role)"),
                roles: [diskRole(.sharee), diskRole(.third)]),
            row(
                "key policy names a user of the sharee", cmkUnauthorized,
                keyPolicy: granting("acs:ram::\(W.sharee):user/alice")),
            row(
                "key policy grants the role Encrypt and Decrypt only", cmkUnauthorized,
                keyPolicy: W.keyPolicy(.allow(["kms:Encrypt", "kms:Decrypt"], principal: W.ram(shareeRole)))),
            row(
                "key policy denies the role GenerateDataKey", cmkUnauthorized,
                keyPolicy: W.keyPolicy(
                    .allow(SeedPolicies.keyUserActions, principal: W.ram(shareeRole)),
                    .deny(["kms:GenerateDataKey"], principal: W.ram(shareeRole)))),
            row(
                "a third account whose role the key policy does not name", cmkUnauthorized, caller: .root(.third),
                roles: [diskRole(.sharee), diskRole(.third)]),
            row("disabled key", .error("InvalidParameter.KMSKeyId.CMKNotEnabled", 403), keyState: "Disabled"),
            row("key pending deletion", .error("InvalidParameter.KMSKeyId.CMKNotEnabled", 403), keyState: "PendingDeletion"),
            row("unknown key ID", .error("InvalidParameter.KMSKeyId.NotFound", 404), keyID: "key-hzz0000000000000000none"),
            row("KMSKeyId with Encrypted=false", .error("InvalidEncrypted.NotMatchKmsKeyId", 400), encrypted: false),
            row("KMSKeyId without Encrypted", .error("InvalidEncrypted.NotMatchKmsKeyId", 400), encrypted: nil),
            row("sharee user without ECS permission", .error("Forbidden.RAM", 403), caller: .user(.sharee, "alice")),
            row(
                "sharee user with AliyunECSFullAccess", .success, caller: .user(.sharee, "alice"),
                callerSystemPolicies: ["AliyunECSFullAccess"]),
            row(
                "sharee user with KMS but not ECS permission", .error("Forbidden.RAM", 403), caller: .user(.sharee, "alice"),
                callerSystemPolicies: ["AliyunKMSFullAccess"]),
        ]
    }()
}
