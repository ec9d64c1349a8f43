import CloudAPI
import CloudModel
import CloudSimulator
import KeyshareTesting

/// RAM (§3.2), STS (§4) and ResourceManager (§5) codes.
enum IdentityErrorCodeCases {
    /// The ECS service trust used for roles the scenarios create.
    static let trust = SeedPolicies.ecsServiceTrust.json
    /// The seed policy used for custom policies the scenarios create.
    static let document = SeedPolicies.diskEncryptPolicyDocument().json

    /// Set-up: role `Encryptor` and policy `EncryptorPolicy` in the first sharee.
    static func createRoleAndPolicy(_ cloud: any Cloud, _ f: ConformanceFixture) async throws {
        try await setup("CreateRole") {
            _ = try await cloud.createRole(
                CreateRoleRequest(roleName: "Encryptor", assumeRolePolicyDocument: trust),
                context: f.root(f.sharee))
        }
        try await setup("CreatePolicy") {
            _ = try await cloud.createPolicy(
                CreatePolicyRequest(policyName: "EncryptorPolicy", policyDocument: document),
                context: f.root(f.sharee))
        }
    }

    /// RAM codes (§3.2).
    static let ram: [ErrorCodeCase] = [
        ErrorCodeCase("EntityNotExist.Role", 404, "GetRole of a missing role") { cloud, f in
            _ = try await cloud.getRole(GetRoleRequest(roleName: "Missing"), context: f.root(f.sharee))
        },
        ErrorCodeCase("EntityAlreadyExists.Role", 409, "CreateRole with a taken name") { cloud, f in
            try await createRoleAndPolicy(cloud, f)
            _ = try await cloud.createRole(
                CreateRoleRequest(roleName: "Encryptor", assumeRolePolicyDocument: trust),
                context: f.root(f.sharee))
        },
        ErrorCodeCase("EntityNotExist.Policy", 404, "GetPolicy of a missing custom policy") { cloud, f in
            _ = try await cloud.getPolicy(GetPolicyRequest(policyName: "Missing"), context: f.root(f.sharee))
        },
        ErrorCodeCase("EntityAlreadyExists.Policy", 409, "CreatePolicy with a taken name") { cloud, f in
            try await createRoleAndPolicy(cloud, f)
            _ = try await cloud.createPolicy(
                CreatePolicyRequest(policyName: "EncryptorPolicy", policyDocument: document),
                context: f.root(f.sharee))
        },
        ErrorCodeCase("EntityAlreadyExists.Role.Policy", 409, "AttachPolicyToRole twice") { cloud, f in
            try await createRoleAndPolicy(cloud, f)
            let attach = AttachPolicyToRoleRequest(policyName: "EncryptorPolicy", roleName: "Encryptor")
            try await setup("attach") { _ = try await cloud.attachPolicyToRole(attach, context: f.root(f.sharee)) }
            _ = try await cloud.attachPolicyToRole(attach, context: f.root(f.sharee))
        },
        ErrorCodeCase("EntityNotExist.Role.Policy", 404, "DetachPolicyFromRole of an unattached policy") { cloud, f in
            try await createRoleAndPolicy(cloud, f)
            _ = try await cloud.detachPolicyFromRole(
                DetachPolicyFromRoleRequest(policyName: "EncryptorPolicy", roleName: "Encryptor"),
                context: f.root(f.sharee))
        },
        ErrorCodeCase("DeleteConflict.Role.Policy", 409, "DeleteRole with an attached policy") { cloud, f in
            try await createRoleAndPolicy(cloud, f)
            try await setup("attach") {
                _ = try await cloud.attachPolicyToRole(
                    AttachPolicyToRoleRequest(policyName: "EncryptorPolicy", roleName: "Encryptor"),
                    context: f.root(f.sharee))
            }
            _ = try await cloud.deleteRole(DeleteRoleRequest(roleName: "Encryptor"), context: f.root(f.sharee))
        },
        ErrorCodeCase("MalformedPolicyDocument", 400, "CreatePolicy with Effect Maybe") { cloud, f in
            let bad = PolicyFixture(.init(effect: "Maybe", action: ["kms:*"], resource: ["*"])).json
            _ = try await cloud.createPolicy(
                CreatePolicyRequest(policyName: "Bad", policyDocument: bad), context: f.root(f.sharee))
        },
        ErrorCodeCase("InvalidParameter.RoleName.InvalidChars", 400, "CreateRole named with a space") { cloud, f in
            _ = try await cloud.createRole(
                CreateRoleRequest(roleName: "my role", assumeRolePolicyDocument: trust),
                context: f.root(f.sharee))
        },
        ErrorCodeCase("InvalidParameter.RoleName.Length", 400, "CreateRole with a 65-character name") { cloud, f in
            _ = try await cloud.createRole(
                CreateRoleRequest(roleName: String(repeating: "a", count: 65), assumeRolePolicyDocument: trust),
                context: f.root(f.sharee))
        },
        ErrorCodeCase("InvalidParameter.PolicyDocument.Length", 400, "CreatePolicy with 6,145 bytes") { cloud, f in
            let large = PolicyFixture(.allow(["kms:Encrypt"])).padded(toBytes: 6_145)!
            _ = try await cloud.createPolicy(
                CreatePolicyRequest(policyName: "Large", policyDocument: large.json),
                context: f.root(f.sharee))
        },
        ErrorCodeCase("InvalidParameter.PolicyName.InvalidChars", 400, "CreatePolicy named with an underscore") { cloud, f in
            _ = try await cloud.createPolicy(
                CreatePolicyRequest(policyName: "bad_name", policyDocument: document),
                context: f.root(f.sharee))
        },
        ErrorCodeCase("InvalidParameter.PolicyName.Length", 400, "CreatePolicy with a 129-character name") { cloud, f in
            _ = try await cloud.createPolicy(
                CreatePolicyRequest(policyName: String(repeating: "p", count: 129), policyDocument: document),
                context: f.root(f.sharee))
        },
        ErrorCodeCase("InvalidParameter.PolicyType", 400, "AttachPolicyToRole with PolicyType Managed") { cloud, f in
            try await createRoleAndPolicy(cloud, f)
            _ = try await cloud.attachPolicyToRole(
                AttachPolicyToRoleRequest(policyType: "Managed", policyName: "EncryptorPolicy", roleName: "Encryptor"),
                context: f.root(f.sharee))
        },
        ErrorCodeCase("InvalidParameter.Description.Length", 400, "CreatePolicy with a 1,025-character description") { cloud, f in
            _ = try await cloud.createPolicy(
                CreatePolicyRequest(
                    policyName: "Described", policyDocument: document,
                    description: String(repeating: "d", count: 1_025)), context: f.root(f.sharee))
        },
        ErrorCodeCase("LimitExceeded.Policy.Version", 409, "a sixth version of a policy without rotation") { cloud, f in
            try await createRoleAndPolicy(cloud, f)
            for version in 2...5 {
                try await setup("version \(version)") {
                    _ = try await cloud.createPolicyVersion(
                        CreatePolicyVersionRequest(policyName: "EncryptorPolicy", policyDocument: document),
                        context: f.root(f.sharee))
                }
            }
            _ = try await cloud.createPolicyVersion(
                CreatePolicyVersionRequest(policyName: "EncryptorPolicy", policyDocument: document, rotateStrategy: "None"),
                context: f.root(f.sharee))
        },
        ErrorCodeCase(
            "NoPermission", 403, "a RAM user without policies calls GetRole",
            world: {
                var spec = ConformanceWorld().world
                spec.editAccount(ConformanceWorld.shareeID(1)) { $0.users = [.init(name: "carol")] }
                return spec
            }()
        ) { cloud, f in
            _ = try await cloud.getRole(
                GetRoleRequest(roleName: "ResourceDirectoryAccountAccessRole"),
                context: CallContext(principal: .user(f.sharee, name: "carol")))
        },
    ]

    /// The first sharee's ResourceDirectoryAccountAccessRole, which the owner may assume.
    static let accessRoleARN = "acs:ram::\(ConformanceWorld.shareeID(1)):role/ResourceDirectoryAccountAccessRole"

    /// STS codes (§4).
    static let sts: [ErrorCodeCase] = [
        ErrorCodeCase("InvalidParameter.RoleArn", 400, "AssumeRole with a bare role name") { cloud, f in
            _ = try await cloud.assumeRole(
                AssumeRoleRequest(roleARN: "ResourceDirectoryAccountAccessRole", roleSessionName: "s1"),
                context: f.ownerRoot)
        },
        ErrorCodeCase("InvalidParameter.RoleSessionName", 400, "AssumeRole with a session name containing a space") { cloud, f in
            _ = try await cloud.assumeRole(
                AssumeRoleRequest(roleARN: accessRoleARN, roleSessionName: "my session"), context: f.ownerRoot)
        },
        ErrorCodeCase("InvalidParameter.DurationSeconds", 400, "AssumeRole for 899 seconds") { cloud, f in
            _ = try await cloud.assumeRole(
                AssumeRoleRequest(roleARN: accessRoleARN, roleSessionName: "s1", durationSeconds: 899),
                context: f.ownerRoot)
        },
        ErrorCodeCase("InvalidParameter.DurationSeconds", 400, "AssumeRole beyond the role's MaxSessionDuration") { cloud, f in
            _ = try await cloud.assumeRole(
                AssumeRoleRequest(roleARN: accessRoleARN, roleSessionName: "s1", durationSeconds: 3_601),
                context: f.ownerRoot)
        },
        ErrorCodeCase("InvalidParameter.PolicyGrammar", 400, "AssumeRole with a session policy that is not JSON") { cloud, f in
            _ = try await cloud.assumeRole(
                AssumeRoleRequest(roleARN: accessRoleARN, roleSessionName: "s1", policy: "{not json"),
                context: f.ownerRoot)
        },
        ErrorCodeCase("InvalidParameter.PolicySize", 400, "AssumeRole with a 2,049-byte session policy") { cloud, f in
            let large = PolicyFixture(.allow(["kms:Encrypt"])).padded(toBytes: 2_049)!
            _ = try await cloud.assumeRole(
                AssumeRoleRequest(roleARN: accessRoleARN, roleSessionName: "s1", policy: large.json),
                context: f.ownerRoot)
        },
        ErrorCodeCase("NoPermission", 403, "a member assumes another member's access role") { cloud, f in
            _ = try await cloud.assumeRole(
                AssumeRoleRequest(roleARN: accessRoleARN, roleSessionName: "s1"), context: f.root(f.sharees[1]))
        },
        ErrorCodeCase("Throttling.User", 400, "the 101st AssumeRole of one account within a second") { cloud, f in
            await cloud.setFaults(.documentedLimits)
            let request = AssumeRoleRequest(roleARN: accessRoleARN, roleSessionName: "burst")
            for call in 1...100 {
                try await setup("AssumeRole \(call)") { _ = try await cloud.assumeRole(request, context: f.ownerRoot) }
            }
            _ = try await cloud.assumeRole(request, context: f.ownerRoot)
        },
        ErrorCodeCase("EntityNotExist.Role", 404, "AssumeRole of a missing role") { cloud, f in
            _ = try await cloud.assumeRole(
                AssumeRoleRequest(roleARN: "acs:ram::\(f.sharee):role/Missing", roleSessionName: "s1"),
                context: f.ownerRoot)
        },
    ]

    /// ResourceManager codes (§5).
    static let resourceManager: [ErrorCodeCase] = [
        ErrorCodeCase(
            "EntityNotExists.ResourceDirectory", 404, "ListAccounts in an organisation without a resource directory",
            world: {
                var spec = ConformanceWorld().world
                spec.resourceDirectory = nil
                for index in spec.accounts.indices { spec.accounts[index].folder = nil }
                return spec
            }()
        ) { cloud, f in
            _ = try await cloud.listAccounts(ListAccountsRequest(), context: f.ownerRoot)
        },
        ErrorCodeCase("EntityNotExists.Account", 404, "GetAccount of an account outside the directory") { cloud, f in
            _ = try await cloud.getAccount(GetAccountRequest(accountID: "2999999999999999"), context: f.ownerRoot)
        },
        ErrorCodeCase("InvalidParameter.AccountId", 400, "GetAccount with letters for an id") { cloud, f in
            _ = try await cloud.getAccount(GetAccountRequest(accountID: "not-an-account"), context: f.ownerRoot)
        },
        ErrorCodeCase("MissingParameter.AccountId", 400, "GetAccount with an empty id") { cloud, f in
            _ = try await cloud.getAccount(GetAccountRequest(accountID: ""), context: f.ownerRoot)
        },
    ]
}
