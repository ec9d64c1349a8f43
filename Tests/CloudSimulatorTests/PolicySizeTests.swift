import CloudAPI
import CloudModel
import CloudSimulator
import KeyshareTesting
import Testing

/// Document size limits at their boundaries, through the API: 6,144 bytes for RAM policies,
/// 32,768 bytes for key policies, 2,048 for STS session policies.
@Suite("Policy size limits")
struct PolicySizeTests {
    let f = ConformanceWorld().fixture

    @Test("the padding helper hits the exact byte count")
    func paddingIsExact() throws {
        for size in [2_048, 6_144, 6_145, 32_768, 32_769] {
            let text = try #require(PolicyFixture(.allow(["kms:Encrypt"])).padded(toBytes: size))
            #expect(text.byteCount == size)
        }
    }

    @Test("CreatePolicy accepts 6,144 bytes and refuses 6,145", arguments: [(6_144, true), (6_145, false)])
    func createPolicy(size: Int, accepted: Bool) async throws {
        let cloud = try Fixtures.simulator()
        let document = try #require(PolicyFixture(.allow(["kms:Encrypt"])).padded(toBytes: size))
        let outcome = await Outcome.of {
            _ = try await cloud.createPolicy(
                CreatePolicyRequest(policyName: "Sized", policyDocument: document.json),
                context: f.root(f.sharee))
        }
        #expect(outcome == (accepted ? .success : .error("InvalidParameter.PolicyDocument.Length", 400)))
    }

    @Test("CreatePolicyVersion accepts 6,144 bytes and refuses 6,145", arguments: [(6_144, true), (6_145, false)])
    func createPolicyVersion(size: Int, accepted: Bool) async throws {
        let cloud = try Fixtures.simulator()
        _ = try await cloud.createPolicy(
            CreatePolicyRequest(policyName: "Sized", policyDocument: PolicyFixture(.allow(["kms:*"])).json),
            context: f.root(f.sharee))
        let document = try #require(PolicyFixture(.allow(["kms:Encrypt"])).padded(toBytes: size))
        let outcome = await Outcome.of {
            _ = try await cloud.createPolicyVersion(
                CreatePolicyVersionRequest(policyName: "Sized", policyDocument: document.json),
                context: f.root(f.sharee))
        }
        #expect(outcome == (accepted ? .success : .error("InvalidParameter.PolicyDocument.Length", 400)))
    }

    /// A key policy of exactly `size` bytes: the default statement plus owner-only padding.
    func keyPolicy(size: Int) throws -> PolicyFixture {
        try #require(
            SeedPolicies.keyPolicy(owner: f.owner, granting: [])
                .padded(toBytes: size, principal: ["RAM": ["acs:ram::\(f.owner):*"]]))
    }

    @Test("SetKeyPolicy accepts 32,768 bytes and refuses 32,769", arguments: [(32_768, true), (32_769, false)])
    func setKeyPolicy(size: Int, accepted: Bool) async throws {
        let cloud = try Fixtures.simulator()
        let policy = try keyPolicy(size: size)
        #expect(policy.byteCount == size)
        let outcome = await Outcome.of {
            _ = try await cloud.setKeyPolicy(SetKeyPolicyRequest(keyID: f.keyID, policy: policy.json), context: f.ownerRoot)
        }
        #expect(outcome == (accepted ? .success : .error("InvalidParameter", 400)))
        if accepted {
            let stored = try await cloud.getKeyPolicy(GetKeyPolicyRequest(keyID: f.keyID), context: f.ownerRoot).policy
            #expect(stored.contains("kms:DescribeKey***"), "the accepted policy is the one stored")
        }
    }

    @Test("CreateKey accepts a 32,768-byte policy and refuses 32,769", arguments: [(32_768, true), (32_769, false)])
    func createKey(size: Int, accepted: Bool) async throws {
        let cloud = try Fixtures.simulator()
        let policy = try keyPolicy(size: size)
        let outcome = await Outcome.of {
            _ = try await cloud.createKey(
                CreateKeyRequest(dkmsInstanceID: f.instanceID, policy: policy.json), context: f.ownerRoot)
        }
        #expect(outcome == (accepted ? .success : .error("InvalidParameter", 400)))
    }

    @Test("AssumeRole accepts a 2,048-byte session policy and refuses 2,049", arguments: [(2_048, true), (2_049, false)])
    func sessionPolicy(size: Int, accepted: Bool) async throws {
        let cloud = try Fixtures.simulator()
        let policy = try #require(PolicyFixture(.allow(["kms:Encrypt"])).padded(toBytes: size))
        let arn = SeedPolicies.roleARN(f.sharee, "ResourceDirectoryAccountAccessRole")
        let outcome = await Outcome.of {
            _ = try await cloud.assumeRole(
                AssumeRoleRequest(roleARN: arn, roleSessionName: "sized", policy: policy.json),
                context: f.ownerRoot)
        }
        #expect(outcome == (accepted ? .success : .error("InvalidParameter.PolicySize", 400)))
    }
}
