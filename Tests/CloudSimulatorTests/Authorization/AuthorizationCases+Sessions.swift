import KeyshareTesting

/// Groups L and M: assumed-role sessions as callers, key administration across accounts, and
/// SetKeyPolicy's check that named roles exist.
enum SessionAndAdminCases {
    typealias W = AuthorizationWorld
    /// KMS's refusal: 403 `Forbidden.NoPermission`.
    static let denied = KMSMatrixCases.denied
    /// The sharee's role `KeyUser`, whose sessions call in group M.
    static let keyUserRole = "acs:ram::\(W.sharee):role/KeyUser"

    /// A role `name` in `party` trusting its own account, with `policies` attached.
    static func role(_ party: AuthorizationCase.Party, _ name: String, policies: [String] = []) -> AuthorizationCase.PartyRole {
        AuthorizationCase.PartyRole(
            party: party,
            role: .init(
                name: name,
                trust: PolicyFixture(
                    .init(
                        effect: "Allow", action: ["sts:AssumeRole"],
                        principal: ["RAM": ["acs:ram::\(party.rawValue):root"]])),
                policies: policies))
    }

    /// Group M: a session of a role calls Encrypt (13 rows).
    static let sessions: [AuthorizationCase] = {
        let session = AuthorizationCase.Caller.session(.sharee, role: "KeyUser")
        func row(
            _ name: String, _ expected: Outcome, caller: AuthorizationCase.Caller = session,
            call: AuthorizationCase.Call = .encrypt(.arn), keyPolicy: PolicyFixture?, policy: PolicyFixture? = nil,
            system: [String] = ["AliyunKMSFullAccess"], roles: [AuthorizationCase.PartyRole] = []
        ) -> AuthorizationCase {
            AuthorizationCase(
                name: "session: \(name)", caller: caller, call: call, expected: expected, keyPolicy: keyPolicy,
                callerPolicy: policy, callerSystemPolicies: system, roles: roles)
        }
        func granting(_ principal: String) -> PolicyFixture {
            W.keyPolicy(.allow(SeedPolicies.keyUserActions, principal: W.ram(principal)))
        }
        let ownerOps = AuthorizationCase.Caller.session(.owner, role: "OwnerOps")
        return [
            row("key policy grants the role, role allows kms", .success, keyPolicy: granting(keyUserRole)),
            row("key policy names the role in lower case", .success, keyPolicy: granting("acs:ram::\(W.sharee):role/keyuser")),
            row("key policy grants every identity of the sharee", .success, keyPolicy: granting("acs:ram::\(W.sharee):*")),
            row("key policy names a user, not the role", denied, keyPolicy: granting("acs:ram::\(W.sharee):user/alice")),
            row(
                "key policy names another role of the sharee", denied, keyPolicy: granting("acs:ram::\(W.sharee):role/KeyUser2"),
                roles: [role(.sharee, "KeyUser2")]),
            row(
                "key policy names a longer role name", denied, keyPolicy: granting("acs:ram::\(W.sharee):role/KeyUsers"),
                roles: [role(.sharee, "KeyUsers")]),
            row("key policy names the role, the role has no policy", denied, keyPolicy: granting(keyUserRole), system: []),
            row(
                "key policy names the role, the role's policy denies Encrypt", denied, keyPolicy: granting(keyUserRole),
                policy: W.policy(.deny(["kms:Encrypt"]))),
            row(
                "a same-named role of a third account", denied, caller: .session(.third, role: "KeyUser"),
                keyPolicy: granting(keyUserRole), roles: [role(.sharee, "KeyUser")]),
            row("default key policy", denied, keyPolicy: nil),
            row(
                "owner role with kms RAM policy, key policy names only admin", .success, caller: ownerOps, call: .encrypt(.id),
                keyPolicy: W.adminOnlyKeyPolicy()),
            row(
                "owner role without policies, key policy names only admin", denied, caller: ownerOps, call: .encrypt(.id),
                keyPolicy: W.adminOnlyKeyPolicy(), system: []),
            row(
                "owner role without policies, key policy names the role", .success, caller: ownerOps, call: .encrypt(.id),
                keyPolicy: W.adminOnlyKeyPolicy(.allow(["kms:Encrypt"], principal: W.ram("acs:ram::\(W.owner):role/OwnerOps"))),
                system: []),
        ]
    }()

    /// Group L: administration across accounts is never granted; SetKeyPolicy checks roles (10 rows).
    static let administration: [AuthorizationCase] = {
        let fullToSharee = W.keyPolicy(.allow(["kms:*"], principal: W.ram("acs:ram::\(W.sharee):*")))
        func withRole(_ principal: String) -> PolicyFixture {
            W.keyPolicy(.allow(SeedPolicies.keyUserActions, principal: W.ram(principal)))
        }
        let adminOnly = W.adminOnlyKeyPolicy()
        return [
            AuthorizationCase(
                name: "sharee root disables the owner's key by ARN although the key policy grants kms:*",
                caller: .root(.sharee), call: .disableKeyNamed(.arn), expected: denied, keyPolicy: fullToSharee),
            AuthorizationCase(
                name: "sharee root replaces the owner's key policy by ARN although it grants kms:*",
                caller: .root(.sharee), call: .setKeyPolicy(.arn, fullToSharee), expected: denied,
                keyPolicy: fullToSharee),
            AuthorizationCase(
                name: "sharee user with AliyunKMSFullAccess disables the owner's key by ARN",
                caller: .user(.sharee, "alice"), call: .disableKeyNamed(.arn), expected: denied,
                keyPolicy: fullToSharee, callerSystemPolicies: ["AliyunKMSFullAccess"]),
            AuthorizationCase(
                name: "owner root grants a sharee role that does not exist",
                caller: .root(.owner), call: .setKeyPolicy(.id, withRole(keyUserRole)),
                expected: .error("InvalidParameter", 400)),
            AuthorizationCase(
                name: "owner root grants a sharee role that exists",
                caller: .root(.owner), call: .setKeyPolicy(.id, withRole(keyUserRole)), expected: .success,
                roles: [role(.sharee, "KeyUser")]),
            AuthorizationCase(
                name: "owner root grants a role of an account that does not exist",
                caller: .root(.owner), call: .setKeyPolicy(.id, withRole("acs:ram::2999999999999999:role/KeyUser")),
                expected: .error("InvalidParameter", 400)),
            AuthorizationCase(
                name: "owner root grants a same-named role of the wrong account",
                caller: .root(.owner), call: .setKeyPolicy(.id, withRole("acs:ram::\(W.third):role/KeyUser")),
                expected: .error("InvalidParameter", 400), roles: [role(.sharee, "KeyUser")]),
            AuthorizationCase(
                name: "owner user without policies replaces an admin-only key policy",
                caller: .user(.owner, "bob"), call: .setKeyPolicy(.id, adminOnly), expected: denied,
                keyPolicy: adminOnly),
            AuthorizationCase(
                name: "owner admin named by the key policy replaces it",
                caller: .user(.owner, "admin"), call: .setKeyPolicy(.id, adminOnly), expected: .success,
                keyPolicy: adminOnly),
            AuthorizationCase(
                name: "owner user with kms:SetKeyPolicy on the key replaces an admin-only key policy",
                caller: .user(.owner, "bob"), call: .setKeyPolicy(.id, adminOnly), expected: .success,
                keyPolicy: adminOnly,
                callerPolicy: W.policy(.allow(["kms:SetKeyPolicy"], on: [W.keyARN]))),
        ]
    }()
}
