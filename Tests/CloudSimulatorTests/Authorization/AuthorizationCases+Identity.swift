import KeyshareTesting

/// Groups J and K: AssumeRole (trust policy and the caller's permission) and calls inside the
/// caller's own account (RAM, Resource Directory, ECS reads).
enum IdentityCases {
    typealias W = AuthorizationWorld
    /// RAM/STS's refusal: 403 `NoPermission`.
    static let noPermission = Outcome.error("NoPermission", 403)
    /// The Resource Directory member access role.
    static let accessRole = "ResourceDirectoryAccountAccessRole"

    /// A role `Deployer` in the sharee account with `trust`.
    static func deployer(_ trust: PolicyFixture) -> AuthorizationCase.PartyRole {
        AuthorizationCase.PartyRole(party: .sharee, role: .init(name: "Deployer", trust: trust))
    }

    /// A trust policy allowing `principals` to assume the role, optionally conditioned, plus `extra` statements.
    static func trust(
        _ principals: [String: [String]], condition: [String: [String: [String]]]? = nil,
        extra: [PolicyFixture.Statement] = []
    ) -> PolicyFixture {
        PolicyFixture([.init(effect: "Allow", action: ["sts:AssumeRole"], principal: principals, condition: condition)] + extra)
    }

    /// Group J (24 rows).
    static let assumeRole: [AuthorizationCase] = {
        let ops = AuthorizationCase.Caller.user(.owner, "bob")
        let toAccess = AuthorizationCase.Call.assumeRole(.sharee, role: accessRole)
        let toDeployer = AuthorizationCase.Call.assumeRole(.sharee, role: "Deployer")
        let accessARN = "acs:ram::\(W.sharee):role/\(accessRole)"
        func row(
            _ name: String, _ caller: AuthorizationCase.Caller, _ call: AuthorizationCase.Call, _ expected: Outcome,
            policy: PolicyFixture? = nil, system: [String] = [], roles: [AuthorizationCase.PartyRole] = [],
            sourceIP: String = "10.1.2.3"
        ) -> AuthorizationCase {
            AuthorizationCase(
                name: "AssumeRole: \(name)", caller: caller, call: call, expected: expected, callerPolicy: policy,
                callerSystemPolicies: system, roles: roles, sourceIP: sourceIP)
        }
        let trustsOwnerBob = deployer(trust(["RAM": ["acs:ram::\(W.owner):user/bob"]]))
        let trustsOwnerRoot = deployer(trust(["RAM": ["acs:ram::\(W.owner):root"]]))
        return [
            row("management root into a member's access role", .root(.owner), toAccess, .success),
            row("another member's root into the access role", .root(.third), toAccess, noPermission),
            row(
                "the member's own root into its access role (trusts the management account only)", .root(.sharee), toAccess,
                noPermission),
            row("management user without permission", ops, toAccess, noPermission),
            row("management user with AliyunSTSAssumeRoleAccess", ops, toAccess, .success, system: ["AliyunSTSAssumeRoleAccess"]),
            row(
                "management user allowed on exactly that role ARN", ops, toAccess, .success,
                policy: W.policy(.allow(["sts:AssumeRole"], on: [accessARN]))),
            row(
                "management user allowed on roles of another account", ops, toAccess, noPermission,
                policy: W.policy(.allow(["sts:AssumeRole"], on: ["acs:ram::\(W.third):role/*"]))),
            row(
                "management user allowed but denied sts:AssumeRole", ops, toAccess, noPermission,
                policy: W.policy(.allow(["sts:*"]), .deny(["sts:AssumeRole"]))),
            row("management user with sts:*", ops, toAccess, .success, policy: W.policy(.allow(["sts:*"]))),
            row("management user with sts:Assume*", ops, toAccess, .success, policy: W.policy(.allow(["sts:Assume*"]))),
            row(
                "management user with sts:AssumeRoleX", ops, toAccess, noPermission, policy: W.policy(.allow(["sts:AssumeRoleX"]))
            ),
            row("management user with ram:AssumeRole", ops, toAccess, noPermission, policy: W.policy(.allow(["ram:AssumeRole"]))),
            row("management user with kms:* only", ops, toAccess, noPermission, system: ["AliyunKMSFullAccess"]),
            row(
                "trust names bob, bob calls", ops, toDeployer, .success, system: ["AliyunSTSAssumeRoleAccess"],
                roles: [trustsOwnerBob]),
            row("trust names bob, admin calls", .user(.owner, "admin"), toDeployer, noPermission, roles: [trustsOwnerBob]),
            row("trust names bob, the owner root calls", .root(.owner), toDeployer, noPermission, roles: [trustsOwnerBob]),
            row(
                "trust names the owner account, bob with permission calls", ops, toDeployer, .success,
                system: ["AliyunSTSAssumeRoleAccess"], roles: [trustsOwnerRoot]),
            row(
                "trust names the owner account, a third account calls", .root(.third), toDeployer, noPermission,
                roles: [trustsOwnerRoot]),
            row(
                "trust names the owner account but denies bob", ops, toDeployer, noPermission,
                system: ["AliyunSTSAssumeRoleAccess"],
                roles: [
                    deployer(
                        trust(
                            ["RAM": ["acs:ram::\(W.owner):root"]],
                            extra: [
                                .init(
                                    effect: "Deny", action: ["sts:AssumeRole"],
                                    principal: ["RAM": ["acs:ram::\(W.owner):user/bob"]])
                            ]))
                ]),
            row(
                "trust names only the ECS service, the owner root calls", .root(.owner), toDeployer, noPermission,
                roles: [deployer(trust(["Service": ["ecs.aliyuncs.com"]]))]),
            row(
                "trust names only the ECS service, the sharee root calls", .root(.sharee), toDeployer, noPermission,
                roles: [deployer(trust(["Service": ["ecs.aliyuncs.com"]]))]),
            row(
                "trust condition on 10.0.0.0/8 met", .root(.owner), toDeployer, .success,
                roles: [
                    deployer(
                        trust(
                            ["RAM": ["acs:ram::\(W.owner):root"]],
                            condition: ["IpAddress": ["acs:SourceIp": ["10.0.0.0/8"]]]))
                ]),
            row(
                "trust condition on 192.168.0.0/16 not met", .root(.owner), toDeployer, noPermission,
                roles: [
                    deployer(
                        trust(
                            ["RAM": ["acs:ram::\(W.owner):root"]],
                            condition: ["IpAddress": ["acs:SourceIp": ["192.168.0.0/16"]]]))
                ]),
            row(
                "a role that does not exist", .root(.owner), .assumeRole(.sharee, role: "NoSuchRole"),
                .error("EntityNotExist.Role", 404)),
        ]
    }()

    /// Group K: calls in the caller's own account (18 rows).
    static let ownAccount: [AuthorizationCase] = {
        let alice = AuthorizationCase.Caller.user(.sharee, "alice")
        func row(
            _ name: String, _ caller: AuthorizationCase.Caller, _ call: AuthorizationCase.Call, _ expected: Outcome,
            policy: PolicyFixture? = nil, system: [String] = [], keyPolicy: PolicyFixture? = nil
        ) -> AuthorizationCase {
            AuthorizationCase(
                name: name, caller: caller, call: call, expected: expected, keyPolicy: keyPolicy,
                callerPolicy: policy, callerSystemPolicies: system)
        }
        let getAccess = AuthorizationCase.Call.getRole(accessRole)
        let adminOnly = W.adminOnlyKeyPolicy()
        return [
            row("GetRole with ReadOnlyAccess", alice, getAccess, .success, system: ["ReadOnlyAccess"]),
            row("GetRole without any policy", alice, getAccess, noPermission),
            row("GetRole with ram:Get*", alice, getAccess, .success, policy: W.policy(.allow(["ram:Get*"]))),
            row(
                "GetRole allowed on another role only", alice, getAccess, noPermission,
                policy: W.policy(.allow(["ram:GetRole"], on: ["acs:ram::\(W.sharee):role/Other"]))),
            row(
                "GetRole allowed on every role of the account", alice, getAccess, .success,
                policy: W.policy(.allow(["ram:GetRole"], on: ["acs:ram::\(W.sharee):role/*"]))),
            row("GetRole with ram:List* only", alice, getAccess, noPermission, policy: W.policy(.allow(["ram:List*"]))),
            row("CreateRole with ReadOnlyAccess", alice, .createRole("NewRole"), noPermission, system: ["ReadOnlyAccess"]),
            row("CreateRole with AliyunRAMFullAccess", alice, .createRole("NewRole"), .success, system: ["AliyunRAMFullAccess"]),
            row("CreateRole with AdministratorAccess", alice, .createRole("NewRole"), .success, system: ["AdministratorAccess"]),
            row(
                "CreateRole with AliyunKMSFullAccess", alice, .createRole("NewRole"), noPermission,
                system: ["AliyunKMSFullAccess"]),
            row(
                "CreateRole with ram:* but Deny ram:Create*", alice, .createRole("NewRole"), noPermission,
                policy: W.policy(.allow(["ram:*"]), .deny(["ram:Create*"]))),
            row(
                "ListAccounts by a management user with the RD read-only policy", .user(.owner, "bob"), .listAccounts, .success,
                system: ["AliyunResourceDirectoryReadOnlyAccess"]),
            row("ListAccounts by a management user without permission", .user(.owner, "bob"), .listAccounts, noPermission),
            row("DescribeDisks with ReadOnlyAccess", alice, .describeDisks, .success, system: ["ReadOnlyAccess"]),
            row("DescribeDisks without permission", alice, .describeDisks, .error("Forbidden.RAM", 403)),
            row(
                "owner user DescribeKey with ReadOnlyAccess (key policy names only admin)", .user(.owner, "bob"),
                .describeKey(.id),
                .success, system: ["ReadOnlyAccess"], keyPolicy: adminOnly),
            row(
                "owner user Encrypt with ReadOnlyAccess (key policy names only admin)", .user(.owner, "bob"), .encrypt(.id),
                KMSMatrixCases.denied, system: ["ReadOnlyAccess"], keyPolicy: adminOnly),
            row(
                "owner user Encrypt without policy (key policy names only admin)", .user(.owner, "bob"), .encrypt(.id),
                KMSMatrixCases.denied, keyPolicy: adminOnly),
        ]
    }()
}
