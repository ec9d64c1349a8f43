import CloudAPI
import CloudModel
import CloudSimulator
import KeyshareTesting
import Testing

/// The KMS instance's access-management quota (`VpcNum`): used = bound VPCs + distinct external
/// accounts named in the instance's key policies; released 5 simulated minutes after a revoke.
@Suite("KMS share quota")
struct QuotaTests {
    func used(_ cloud: SimulatedCloud, _ f: ConformanceFixture) async throws -> Int {
        let answer = try await cloud.getKmsInstanceQuotaInfos(
            GetKmsInstanceQuotaInfosRequest(kmsInstanceID: f.instanceID, resourceType: "vpc"), context: f.ownerRoot)
        return try #require(answer.kmsInstanceQuotaInfos.first { $0.resourceType == "vpc" }).usedQuantity
    }

    func setPolicy(_ cloud: SimulatedCloud, _ f: ConformanceFixture, keyID: String? = nil, _ principals: [String]) async
        -> Outcome
    {
        let policy = SeedPolicies.keyPolicy(owner: f.owner, granting: principals)
        return await Outcome.of {
            _ = try await cloud.setKeyPolicy(
                SetKeyPolicyRequest(keyID: keyID ?? f.keyID, policy: policy.json), context: f.ownerRoot)
        }
    }

    /// A second role in `account`, so one sharee can be named twice.
    func addRole(_ name: String, in account: AccountID, _ cloud: SimulatedCloud) async throws {
        _ = try await cloud.createRole(
            CreateRoleRequest(roleName: name, assumeRolePolicyDocument: SeedPolicies.ecsServiceTrust.json),
            context: .root(account))
    }

    @Test("bound VPCs count and the owner's own principals do not")
    func boundVPCsCount() async throws {
        let world = ConformanceWorld(sharees: 1, vpcNum: 5, boundVPCs: 3)
        let cloud = try Fixtures.simulator(world)
        let f = world.fixture
        #expect(try await used(cloud, f) == 3)
        #expect(await setPolicy(cloud, f, ["acs:ram::\(f.owner):root"]) == .success)
        #expect(try await used(cloud, f) == 3)
    }

    @Test("two roles of one sharee count once, and so does the same sharee on two keys of the instance")
    func distinctAccountsCountOnce() async throws {
        let world = ConformanceWorld(sharees: 2, vpcNum: 3, boundVPCs: 1)
        let cloud = try Fixtures.simulator(world)
        let f = world.fixture
        try await addRole("RoleA", in: f.sharee, cloud)
        try await addRole("RoleB", in: f.sharee, cloud)
        #expect(
            await setPolicy(cloud, f, [SeedPolicies.roleARN(f.sharee, "RoleA"), SeedPolicies.roleARN(f.sharee, "RoleB")])
                == .success)
        #expect(try await used(cloud, f) == 2)
        let second = try await cloud.createKey(CreateKeyRequest(dkmsInstanceID: f.instanceID), context: f.ownerRoot)
        #expect(await setPolicy(cloud, f, keyID: second.keyMetadata.keyID, [SeedPolicies.roleARN(f.sharee, "RoleA")]) == .success)
        #expect(try await used(cloud, f) == 2)
        try await addRole("RoleA", in: f.sharees[1], cloud)
        #expect(
            await setPolicy(
                cloud, f, keyID: second.keyMetadata.keyID,
                [SeedPolicies.roleARN(f.sharee, "RoleA"), SeedPolicies.roleARN(f.sharees[1], "RoleA")]) == .success)
        #expect(try await used(cloud, f) == 3, "quota 3 = 1 VPC + 2 accounts, exactly full")
    }

    @Test("the grant that would pass VpcNum is refused and one that reaches it exactly is not")
    func boundary() async throws {
        let world = ConformanceWorld(sharees: 3, vpcNum: 3, boundVPCs: 1)
        let cloud = try Fixtures.simulator(world)
        let f = world.fixture
        for sharee in f.sharees { try await addRole("KeyUser", in: sharee, cloud) }
        let roles = f.sharees.map { SeedPolicies.roleARN($0, "KeyUser") }
        #expect(await setPolicy(cloud, f, Array(roles.prefix(2))) == .success)
        #expect(await setPolicy(cloud, f, roles) == .error("Rejected.ShareQuotaExceedLimit", 400))
        #expect(try await used(cloud, f) == 3)
    }

    @Test("a revoked account keeps its quota unit for 5 simulated minutes")
    func releaseDelay() async throws {
        let world = ConformanceWorld(sharees: 2, vpcNum: 2, boundVPCs: 1)
        let cloud = try Fixtures.simulator(world)
        let f = world.fixture
        for sharee in f.sharees { try await addRole("KeyUser", in: sharee, cloud) }
        let first = SeedPolicies.roleARN(f.sharees[0], "KeyUser")
        let second = SeedPolicies.roleARN(f.sharees[1], "KeyUser")
        #expect(await setPolicy(cloud, f, [first]) == .success)
        #expect(await setPolicy(cloud, f, []) == .success)
        #expect(try await used(cloud, f) == 2, "just revoked: still held")
        #expect(await setPolicy(cloud, f, [second]) == .error("Rejected.ShareQuotaExceedLimit", 400))
        await cloud.advanceClock(by: 299)
        #expect(await setPolicy(cloud, f, [second]) == .error("Rejected.ShareQuotaExceedLimit", 400), "4:59 later: still held")
        await cloud.advanceClock(by: 2)
        #expect(try await used(cloud, f) == 1, "5:01 later: released")
        #expect(await setPolicy(cloud, f, [second]) == .success)
        #expect(try await used(cloud, f) == 2)
    }

    @Test("re-granting an account inside its release window reuses its unit")
    func regrantInsideWindow() async throws {
        let world = ConformanceWorld(sharees: 1, vpcNum: 2, boundVPCs: 1)
        let cloud = try Fixtures.simulator(world)
        let f = world.fixture
        try await addRole("KeyUser", in: f.sharee, cloud)
        let role = SeedPolicies.roleARN(f.sharee, "KeyUser")
        #expect(await setPolicy(cloud, f, [role]) == .success)
        #expect(await setPolicy(cloud, f, []) == .success)
        await cloud.advanceClock(by: 60)
        #expect(await setPolicy(cloud, f, [role]) == .success)
        await cloud.advanceClock(by: 600)
        #expect(try await used(cloud, f) == 2, "still granted, so never released")
    }
}
