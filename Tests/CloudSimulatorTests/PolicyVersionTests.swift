import CloudAPI
import CloudModel
import CloudSimulator
import Foundation
import KeyshareTesting
import Testing

/// `SetDefaultPolicyVersion` and `DeletePolicyVersion` against a custom policy `Versioned` of the
/// first sharee holding v1, v2 (the default) and v3, each with its own document.
@Suite("RAM policy versions")
struct PolicyVersionTests {
    static let f = ConformanceWorld().fixture
    static let policy = "Versioned"

    /// The document of version `n`: each version allows a different action, so the default one is recognisable.
    static func document(_ n: Int) -> String { PolicyFixture(.allow(["kms:Action\(n)"])).json }

    /// A simulator whose sharee has `Versioned` at v1, v2 (default), v3, and RAM users: `carol`
    /// (nothing), `dora` (only SetDefaultPolicyVersion on `Versioned`), `erin` (AliyunRAMFullAccess).
    static func cloud() async throws -> SimulatedCloud {
        var spec = ConformanceWorld().world
        let own = "acs:ram::\(f.sharee):policy/\(policy)"
        spec.editAccount(f.sharee.rawValue) {
            $0.policies.append(
                .init(name: "SetDefaultOnly", document: PolicyFixture(.allow(["ram:SetDefaultPolicyVersion"], on: [own]))))
            $0.users += [
                .init(name: "carol"), .init(name: "dora", policies: ["Custom:SetDefaultOnly"]),
                .init(name: "erin", policies: ["System:AliyunRAMFullAccess"]),
            ]
        }
        let cloud = try Fixtures.simulator(world: spec)
        let root = f.root(f.sharee)
        _ = try await cloud.createPolicy(CreatePolicyRequest(policyName: policy, policyDocument: document(1)), context: root)
        _ = try await cloud.createPolicyVersion(
            CreatePolicyVersionRequest(
                policyName: policy, policyDocument: document(2),
                setAsDefault: true), context: root)
        _ = try await cloud.createPolicyVersion(
            CreatePolicyVersionRequest(policyName: policy, policyDocument: document(3)),
            context: root)
        return cloud
    }

    /// The default version and its document's action number, as GetPolicy reports them.
    static func inForce(_ cloud: SimulatedCloud) async throws -> (String, String) {
        let read = try await cloud.getPolicy(GetPolicyRequest(policyName: policy), context: f.root(f.sharee))
        let document = read.defaultPolicyVersion.policyDocument
        let number = document.range(of: "kms:Action").map { String(document[$0.upperBound...].prefix(1)) } ?? "?"
        #expect(read.policy.defaultVersion == read.defaultPolicyVersion.versionID)
        return (read.defaultPolicyVersion.versionID, number)
    }

    @Test(
        "SetDefaultPolicyVersion answers per the reference and puts the chosen version's document in force",
        arguments: [
            // (policy, version, outcome, default version afterwards)
            (policy, "v1", Outcome.success, "v1"),
            (policy, "v3", .success, "v3"),
            (policy, "v2", .success, "v2"), // already the default: nothing changes
            (policy, "v4", .error("EntityNotExist.Policy.Version", 404), "v2"),
            (policy, "v10", .error("EntityNotExist.Policy.Version", 404), "v2"),
            ("NoSuchPolicy", "v1", .error("EntityNotExist.Policy", 404), "v2"),
            // A System policy has no versions to choose.
            ("AliyunKMSFullAccess", "v1", .error("EntityNotExist.Policy", 404), "v2"),
            (policy, "2", .error("InvalidParameter.VersionId.Format", 400), "v2"),
            (policy, "v0", .error("InvalidParameter.VersionId.Format", 400), "v2"),
            (policy, "v01", .error("InvalidParameter.VersionId.Format", 400), "v2"),
            (policy, "V1", .error("InvalidParameter.VersionId.Format", 400), "v2"),
            (policy, "v1 ", .error("InvalidParameter.VersionId.Format", 400), "v2"),
            (policy, "", .error("MissingParameter", 400), "v2"),
            ("", "v1", .error("MissingParameter", 400), "v2"),
            ("bad_name", "v1", .error("InvalidParameter.PolicyName.InvalidChars", 400), "v2"),
        ])
    func setDefault(name: String, version: String, expected: Outcome, after: String) async throws {
        let cloud = try await Self.cloud()
        let outcome = await Outcome.of {
            _ = try await cloud.setDefaultPolicyVersion(
                SetDefaultPolicyVersionRequest(policyName: name, versionID: version),
                context: Self.f.root(Self.f.sharee))
        }
        #expect(outcome == expected)
        let (inForce, number) = try await Self.inForce(cloud)
        #expect(inForce == after)
        #expect("v\(number)" == after, "the document in force is not the default version's")
    }

    @Test(
        "DeletePolicyVersion removes a version other than the default and refuses the rest",
        arguments: [
            // (policy, version, outcome, the versions SetDefaultPolicyVersion still finds afterwards)
            (policy, "v3", Outcome.success, ["v1", "v2"]),
            (policy, "v1", .success, ["v2", "v3"]),
            (policy, "v2", .error("DeleteConflict.Policy.Version.Default", 409), ["v1", "v2", "v3"]),
            (policy, "v4", .error("EntityNotExist.Policy.Version", 404), ["v1", "v2", "v3"]),
            ("NoSuchPolicy", "v1", .error("EntityNotExist.Policy", 404), ["v1", "v2", "v3"]),
            ("AliyunKMSFullAccess", "v1", .error("EntityNotExist.Policy", 404), ["v1", "v2", "v3"]),
            (policy, "x3", .error("InvalidParameter.VersionId.Format", 400), ["v1", "v2", "v3"]),
            (policy, "", .error("MissingParameter", 400), ["v1", "v2", "v3"]),
        ])
    func delete(name: String, version: String, expected: Outcome, remaining: [String]) async throws {
        let cloud = try await Self.cloud()
        let root = Self.f.root(Self.f.sharee)
        let outcome = await Outcome.of {
            _ = try await cloud.deletePolicyVersion(
                DeletePolicyVersionRequest(policyName: name, versionID: version), context: root)
        }
        #expect(outcome == expected)
        #expect(try await Self.inForce(cloud).0 == "v2", "deleting a version changed the default")
        var found: [String] = []
        for candidate in ["v1", "v2", "v3"] {
            let probe = await Outcome.of {
                _ = try await cloud.setDefaultPolicyVersion(
                    SetDefaultPolicyVersionRequest(policyName: Self.policy, versionID: candidate),
                    context: root)
            }
            if probe == .success { found.append(candidate) }
        }
        #expect(found == remaining)
    }

    @Test("a deleted version is gone for good: deleting it again is 404, and DeletePolicy works once only the default is left")
    func deleteThenDeletePolicy() async throws {
        let cloud = try await Self.cloud()
        let root = Self.f.root(Self.f.sharee)
        let deletePolicy = {
            await Outcome.of { _ = try await cloud.deletePolicy(DeletePolicyRequest(policyName: Self.policy), context: root) }
        }
        #expect(await deletePolicy() == .error("DeleteConflict.Policy.Version", 409))
        for version in ["v3", "v1"] {
            _ = try await cloud.deletePolicyVersion(
                DeletePolicyVersionRequest(policyName: Self.policy, versionID: version), context: root)
        }
        let again = await Outcome.of {
            _ = try await cloud.deletePolicyVersion(
                DeletePolicyVersionRequest(policyName: Self.policy, versionID: "v3"), context: root)
        }
        #expect(again == .error("EntityNotExist.Policy.Version", 404))
        #expect(await deletePolicy() == .success)
    }

    @Test(
        "both calls are authorized as ram:<Action> on the policy: a RAM user without that permission is refused and nothing changes",
        arguments: [
            // (user, call, outcome)
            ("carol", "set", Outcome.error("NoPermission", 403)),
            ("carol", "delete", .error("NoPermission", 403)),
            ("dora", "set", .success),
            ("dora", "delete", .error("NoPermission", 403)),
            ("dora", "set another policy", .error("NoPermission", 403)),
            ("erin", "set", .success),
            ("erin", "delete", .success),
            ("erin", "set another policy", .error("EntityNotExist.Policy", 404)),
        ])
    func authorization(user: String, call: String, expected: Outcome) async throws {
        let cloud = try await Self.cloud()
        let context = CallContext(principal: .user(Self.f.sharee, name: user), region: Self.f.region)
        let outcome = await Outcome.of {
            switch call {
            case "set":
                _ = try await cloud.setDefaultPolicyVersion(
                    SetDefaultPolicyVersionRequest(policyName: Self.policy, versionID: "v1"),
                    context: context)
            case "delete":
                _ = try await cloud.deletePolicyVersion(
                    DeletePolicyVersionRequest(policyName: Self.policy, versionID: "v1"),
                    context: context)
            default:
                _ = try await cloud.setDefaultPolicyVersion(
                    SetDefaultPolicyVersionRequest(policyName: "Other", versionID: "v1"),
                    context: context)
            }
        }
        #expect(outcome == expected)
        let changed = outcome == .success
        #expect(try await Self.inForce(cloud).0 == (changed && call == "set" ? "v1" : "v2"))
    }

    @Test("both are writes: a plan's shadow applies them to its copy only and counts them as calls a run would send")
    func planShadow() async throws {
        #expect(SetDefaultPolicyVersionRequest.isMutating && DeletePolicyVersionRequest.isMutating)
        let cloud = try await Self.cloud()
        let overlay = try await cloud.detachedCopy()
        let shadow = ShadowCloud(copy: overlay)
        let root = Self.f.root(Self.f.sharee)
        _ = try await shadow.setDefaultPolicyVersion(
            SetDefaultPolicyVersionRequest(policyName: Self.policy, versionID: "v1"), context: root)
        _ = try await shadow.deletePolicyVersion(
            DeletePolicyVersionRequest(policyName: Self.policy, versionID: "v2"), context: root)
        #expect(shadow.mutatingCalls == ["SetDefaultPolicyVersion": 1, "DeletePolicyVersion": 1])
        #expect(try await Self.inForce(overlay).0 == "v1")
        #expect(try await Self.inForce(cloud).0 == "v2", "the plan changed the real cloud")
    }
}
