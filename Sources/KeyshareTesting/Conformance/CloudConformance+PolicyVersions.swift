import CloudAPI
import CloudModel

extension CloudConformance {
    /// RAM policy versions: choosing the default back and deleting the others, as undo does (§3).
    static let policyVersionChecks: [ConformanceCheck] = [
        ConformanceCheck(
            "SetDefaultPolicyVersion puts an earlier version back in force; DeletePolicyVersion removes the later one, never the default"
        ) { run in
            let f = run.fixture
            let root = f.root(f.sharee)
            let policy = SeedPolicies.diskEncryptPolicy
            try await run.expectSuccess("CreatePolicy") {
                try await run.cloud.createPolicy(
                    CreatePolicyRequest(
                        policyName: policy,
                        policyDocument: SeedPolicies.diskEncryptPolicyDocument().json),
                    context: root)
            }
            let created = try await run.expectSuccess("CreatePolicyVersion") {
                try await run.cloud.createPolicyVersion(
                    CreatePolicyVersionRequest(
                        policyName: policy, policyDocument: PolicyFixture(.allow(["kms:Decrypt"])).json,
                        setAsDefault: true), context: root)
            }
            let added = created.policyVersion.versionID
            try run.expect(added == "v2", "the second version is v2", added)
            try await run.expectFailure(
                "delete the default version", code: "DeleteConflict.Policy.Version.Default", httpStatus: 409
            ) {
                try await run.cloud.deletePolicyVersion(
                    DeletePolicyVersionRequest(policyName: policy, versionID: added), context: root)
            }
            try await run.expectFailure("set a missing version", code: "EntityNotExist.Policy.Version", httpStatus: 404) {
                try await run.cloud.setDefaultPolicyVersion(
                    SetDefaultPolicyVersionRequest(policyName: policy, versionID: "v9"),
                    context: root)
            }
            try await run.expectFailure("set a version of a missing policy", code: "EntityNotExist.Policy", httpStatus: 404) {
                try await run.cloud.setDefaultPolicyVersion(
                    SetDefaultPolicyVersionRequest(policyName: "NoSuchPolicy", versionID: "v1"),
                    context: root)
            }
            try await run.expectSuccess("SetDefaultPolicyVersion v1") {
                try await run.cloud.setDefaultPolicyVersion(
                    SetDefaultPolicyVersionRequest(policyName: policy, versionID: "v1"),
                    context: root)
            }
            let read = try await run.expectSuccess("GetPolicy") {
                try await run.cloud.getPolicy(GetPolicyRequest(policyName: policy), context: root)
            }
            try run.expect(
                read.defaultPolicyVersion.versionID == "v1" && read.policy.defaultVersion == "v1",
                "v1 is in force again", read.defaultPolicyVersion.versionID)
            try await run.expectSuccess("DeletePolicyVersion v2") {
                try await run.cloud.deletePolicyVersion(
                    DeletePolicyVersionRequest(policyName: policy, versionID: added), context: root)
            }
            try await run.expectFailure("delete v2 again", code: "EntityNotExist.Policy.Version", httpStatus: 404) {
                try await run.cloud.deletePolicyVersion(
                    DeletePolicyVersionRequest(policyName: policy, versionID: added), context: root)
            }
            try await run.expectSuccess("DeletePolicy with only its default version left") {
                try await run.cloud.deletePolicy(DeletePolicyRequest(policyName: policy), context: root)
            }
        }
    ]
}
