import CloudAPI
import CloudModel

extension CloudConformance {
    /// RAM: role and policy life cycle and its error codes (§3).
    static let ramChecks: [ConformanceCheck] = [
        ConformanceCheck("GetRole of a missing role fails with EntityNotExist.Role") { run in
            try await run.expectFailure("GetRole", code: "EntityNotExist.Role", httpStatus: 404) {
                try await run.cloud.getRole(GetRoleRequest(roleName: "NoSuchRole"), context: run.fixture.root(run.fixture.sharee))
            }
        },
        ConformanceCheck("CreateRole answers with the role ARN and refuses a duplicate with EntityAlreadyExists.Role") { run in
            let f = run.fixture
            let created = try await run.expectSuccess("CreateRole") {
                try await run.cloud.createRole(
                    CreateRoleRequest(
                        roleName: SeedPolicies.diskEncryptRole,
                        assumeRolePolicyDocument: SeedPolicies.ecsServiceTrust.json), context: f.root(f.sharee))
            }
            let arn = SeedPolicies.roleARN(f.sharee, SeedPolicies.diskEncryptRole)
            try run.expect(
                created.role.arn.lowercased() == arn.lowercased(), "the ARN is acs:ram::<uid>:role/<name>", created.role.arn)
            try await run.expectFailure("CreateRole again", code: "EntityAlreadyExists.Role", httpStatus: 409) {
                try await run.cloud.createRole(
                    CreateRoleRequest(
                        roleName: SeedPolicies.diskEncryptRole,
                        assumeRolePolicyDocument: SeedPolicies.ecsServiceTrust.json), context: f.root(f.sharee))
            }
            let fetched = try await run.expectSuccess("GetRole") {
                try await run.cloud.getRole(GetRoleRequest(roleName: SeedPolicies.diskEncryptRole), context: f.root(f.sharee))
            }
            try run.expect(
                fetched.role.assumeRolePolicyDocument?.contains("ecs.aliyuncs.com") == true,
                "GetRole returns the trust policy")
        },
        ConformanceCheck("custom policies: duplicate, missing, attach twice, detach unattached, delete an attached role") { run in
            let f = run.fixture
            let root = f.root(f.sharee)
            let document = SeedPolicies.diskEncryptPolicyDocument().json
            try await run.expectSuccess("CreateRole") {
                try await run.cloud.createRole(
                    CreateRoleRequest(
                        roleName: SeedPolicies.diskEncryptRole,
                        assumeRolePolicyDocument: SeedPolicies.ecsServiceTrust.json),
                    context: root)
            }
            try await run.expectSuccess("CreatePolicy") {
                try await run.cloud.createPolicy(
                    CreatePolicyRequest(
                        policyName: SeedPolicies.diskEncryptPolicy,
                        policyDocument: document), context: root)
            }
            try await run.expectFailure("CreatePolicy again", code: "EntityAlreadyExists.Policy", httpStatus: 409) {
                try await run.cloud.createPolicy(
                    CreatePolicyRequest(
                        policyName: SeedPolicies.diskEncryptPolicy,
                        policyDocument: document), context: root)
            }
            try await run.expectFailure("GetPolicy of a missing policy", code: "EntityNotExist.Policy", httpStatus: 404) {
                try await run.cloud.getPolicy(GetPolicyRequest(policyName: "NoSuchPolicy"), context: root)
            }
            try await run.expectFailure("attach a missing policy", code: "EntityNotExist.Policy", httpStatus: 404) {
                try await run.cloud.attachPolicyToRole(
                    AttachPolicyToRoleRequest(policyName: "NoSuchPolicy", roleName: SeedPolicies.diskEncryptRole), context: root)
            }
            try await run.expectFailure("attach to a missing role", code: "EntityNotExist.Role", httpStatus: 404) {
                try await run.cloud.attachPolicyToRole(
                    AttachPolicyToRoleRequest(policyName: SeedPolicies.diskEncryptPolicy, roleName: "NoSuchRole"), context: root)
            }
            try await run.expectFailure("detach an unattached policy", code: "EntityNotExist.Role.Policy", httpStatus: 404) {
                try await run.cloud.detachPolicyFromRole(
                    DetachPolicyFromRoleRequest(
                        policyName: SeedPolicies.diskEncryptPolicy, roleName: SeedPolicies.diskEncryptRole),
                    context: root)
            }
            try await run.expectSuccess("attach") {
                try await run.cloud.attachPolicyToRole(
                    AttachPolicyToRoleRequest(policyName: SeedPolicies.diskEncryptPolicy, roleName: SeedPolicies.diskEncryptRole),
                    context: root)
            }
            try await run.expectFailure("attach again", code: "EntityAlreadyExists.Role.Policy", httpStatus: 409) {
                try await run.cloud.attachPolicyToRole(
                    AttachPolicyToRoleRequest(policyName: SeedPolicies.diskEncryptPolicy, roleName: SeedPolicies.diskEncryptRole),
                    context: root)
            }
            let attached = try await run.expectSuccess("ListPoliciesForRole") {
                try await run.cloud.listPoliciesForRole(
                    ListPoliciesForRoleRequest(roleName: SeedPolicies.diskEncryptRole),
                    context: root)
            }
            try run.expect(
                attached.policies.policy.map(\.policyName) == [SeedPolicies.diskEncryptPolicy],
                "the role lists the attached policy")
            try await run.expectFailure(
                "delete a role with attached policies", code: "DeleteConflict.Role.Policy", httpStatus: 409
            ) {
                try await run.cloud.deleteRole(DeleteRoleRequest(roleName: SeedPolicies.diskEncryptRole), context: root)
            }
        },
        ConformanceCheck("malformed and oversized policy documents are refused with their codes") { run in
            let root = run.fixture.root(run.fixture.sharee)
            let wrongVersion = PolicyFixture([.allow(["kms:*"])], version: "2").json
            try await run.expectFailure("Version 2", code: "MalformedPolicyDocument", httpStatus: 400) {
                try await run.cloud.createPolicy(
                    CreatePolicyRequest(policyName: "WrongVersion", policyDocument: wrongVersion),
                    context: root)
            }
            try await run.expectFailure("not JSON", code: "MalformedPolicyDocument", httpStatus: 400) {
                try await run.cloud.createPolicy(
                    CreatePolicyRequest(policyName: "NotJSON", policyDocument: "{\"Version\":"),
                    context: root)
            }
            let largest = PolicyFixture(.allow(["kms:Encrypt"])).padded(toBytes: 6_144)!
            try await run.expectSuccess("6,144 bytes") {
                try await run.cloud.createPolicy(
                    CreatePolicyRequest(policyName: "Largest", policyDocument: largest.json),
                    context: root)
            }
            let tooLarge = PolicyFixture(.allow(["kms:Encrypt"])).padded(toBytes: 6_145)!
            try await run.expectFailure("6,145 bytes", code: "InvalidParameter.PolicyDocument.Length", httpStatus: 400) {
                try await run.cloud.createPolicy(
                    CreatePolicyRequest(policyName: "TooLarge", policyDocument: tooLarge.json),
                    context: root)
            }
        },
        ConformanceCheck("role names are limited to 64 characters of A-Za-z0-9.-") { run in
            let root = run.fixture.root(run.fixture.sharee)
            let trust = SeedPolicies.ecsServiceTrust.json
            try await run.expectFailure("invalid characters", code: "InvalidParameter.RoleName.InvalidChars", httpStatus: 400) {
                try await run.cloud.createRole(
                    CreateRoleRequest(roleName: "bad name!", assumeRolePolicyDocument: trust), context: root)
            }
            try await run.expectFailure("65 characters", code: "InvalidParameter.RoleName.Length", httpStatus: 400) {
                try await run.cloud.createRole(
                    CreateRoleRequest(
                        roleName: String(repeating: "r", count: 65),
                        assumeRolePolicyDocument: trust), context: root)
            }
            try await run.expectSuccess("64 characters") {
                try await run.cloud.createRole(
                    CreateRoleRequest(
                        roleName: String(repeating: "r", count: 64),
                        assumeRolePolicyDocument: trust), context: root)
            }
        },
    ]
}
