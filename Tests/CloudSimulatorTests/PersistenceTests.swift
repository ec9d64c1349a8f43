import CloudAPI
import CloudModel
import CloudSimulator
import Foundation
import KeyshareTesting
import Testing

/// With a state file, every mutation is committed before the call returns, and a simulator
/// opened on the file (instead of the world) sees everything.
@Suite("Persistence")
struct PersistenceTests {
    let world = ConformanceWorld(sharees: 2)
    var f: ConformanceFixture { world.fixture }

    /// Everything the checks compare after a reopen, read through the API.
    struct Observed: Equatable {
        var roles: [String]
        var attached: [String]
        var keyPolicy: String
        var keyState: String
        var disks: [DiskInfo]
        var quotaUsed: Int
        var aliasKeyID: String
    }

    func observe(_ cloud: SimulatedCloud) async throws -> Observed {
        let root = f.root(f.sharee)
        let roles = try await cloud.listRoles(ListRolesRequest(), context: root).roles.role.map(\.roleName).sorted()
        let attached = try await cloud.listPoliciesForRole(
            ListPoliciesForRoleRequest(roleName: SeedPolicies.diskEncryptRole),
            context: root
        ).policies.policy.map(\.policyName)
        let policy = try await cloud.getKeyPolicy(GetKeyPolicyRequest(keyID: f.keyID), context: f.ownerRoot).policy
        let state = try await cloud.describeKey(DescribeKeyRequest(keyID: f.keyID), context: f.ownerRoot).keyMetadata.keyState
        let disks = try await cloud.describeDisks(DescribeDisksRequest(regionID: "cn-hangzhou"), context: root).disks.disk
        let quota = try await cloud.getKmsInstanceQuotaInfos(
            GetKmsInstanceQuotaInfosRequest(kmsInstanceID: f.instanceID, resourceType: "vpc"), context: f.ownerRoot)
        let alias = try await cloud.describeKey(DescribeKeyRequest(keyID: "alias/persisted"), context: f.ownerRoot).keyMetadata
            .keyID
        return Observed(
            roles: roles, attached: attached, keyPolicy: policy, keyState: state, disks: disks,
            quotaUsed: quota.kmsInstanceQuotaInfos.first { $0.resourceType == "vpc" }?.usedQuantity ?? -1,
            aliasKeyID: alias)
    }

    /// The seed plus a few more mutations, made on `cloud`.
    func mutate(_ cloud: SimulatedCloud) async throws {
        _ = try await SeedProcedure.run(f, sharee: f.sharee, cloud: cloud)
        _ = try await cloud.createAlias(CreateAliasRequest(aliasName: "alias/persisted", keyID: f.keyID), context: f.ownerRoot)
        await cloud.advanceClock(by: ECSStaging.settle)
        _ = try await cloud.disableKey(DisableKeyRequest(keyID: f.keyID), context: f.ownerRoot)
    }

    func stateFile() throws -> (directory: URL, file: URL) {
        let directory = try Fixtures.temporaryDirectory()
        return (directory, directory.appendingPathComponent("state.sqlite"))
    }

    @Test("mutate, drop the simulator, reopen from the file: everything is there, and a second reopen is identical")
    func roundTrip() async throws {
        let (directory, file) = try stateFile()
        defer { try? FileManager.default.removeItem(at: directory) }
        var cloud: SimulatedCloud? = try Fixtures.simulator(world, stateFile: file)
        try await mutate(try #require(cloud))
        let before = try await observe(try #require(cloud))
        cloud = nil
        let reopened = try Fixtures.simulator(ConformanceWorld(sharees: 1), stateFile: file)
        let after = try await observe(reopened)
        #expect(after == before)
        #expect(after.disks.count == 1 && after.disks.first?.encrypted == true && after.disks.first?.status == "Available")
        #expect(after.keyState == "Disabled")
        #expect(after.roles.contains(SeedPolicies.diskEncryptRole))
        let again = try Fixtures.simulator(ConformanceWorld(sharees: 1), stateFile: file)
        #expect(try await observe(again) == after)
    }

    @Test("each call is committed before it returns: a copy taken while the simulator lives has it")
    func committedBeforeReturn() async throws {
        let (directory, file) = try stateFile()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cloud = try Fixtures.simulator(world, stateFile: file)
        try await mutate(cloud)
        let expected = try await observe(cloud)
        let copyDirectory = directory.appendingPathComponent("copy", isDirectory: true)
        try FileManager.default.createDirectory(at: copyDirectory, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasPrefix("state.sqlite") {
            try FileManager.default.copyItem(
                at: directory.appendingPathComponent(name), to: copyDirectory.appendingPathComponent(name))
        }
        let copy = try Fixtures.simulator(world, stateFile: copyDirectory.appendingPathComponent("state.sqlite"))
        #expect(try await observe(copy) == expected)
        _ = cloud
    }

    @Test("the simulated clock survives a reopen: a pending quota release still happens on time")
    func clockSurvives() async throws {
        let (directory, file) = try stateFile()
        defer { try? FileManager.default.removeItem(at: directory) }
        let small = ConformanceWorld(sharees: 2, vpcNum: 1)
        let f = small.fixture
        var cloud: SimulatedCloud? = try Fixtures.simulator(small, stateFile: file)
        let first = try #require(cloud)
        for sharee in f.sharees { try await SeedProcedure.prepareDiskEncryptRole(in: sharee, cloud: first) }
        try await SeedProcedure.grantKey(f, to: [f.sharees[0]], cloud: first)
        try await SeedProcedure.grantKey(f, to: [], cloud: first)
        await first.advanceClock(by: 200)
        cloud = nil
        let reopened = try Fixtures.simulator(small, stateFile: file)
        let early = await Outcome.of { try await SeedProcedure.grantKey(f, to: [f.sharees[1]], cloud: reopened) }
        #expect(early == .error("Rejected.ShareQuotaExceedLimit", 400), "200 s after the revoke: still held")
        await reopened.advanceClock(by: 101)
        let late = await Outcome.of { try await SeedProcedure.grantKey(f, to: [f.sharees[1]], cloud: reopened) }
        #expect(late == .success, "301 s after the revoke: released")
    }

    @Test("a refused call leaves the state file unchanged")
    func failuresDoNotPersist() async throws {
        let (directory, file) = try stateFile()
        defer { try? FileManager.default.removeItem(at: directory) }
        var cloud: SimulatedCloud? = try Fixtures.simulator(world, stateFile: file)
        let first = try #require(cloud)
        let refused = await Outcome.of { try await SeedProcedure.grantKey(f, to: [f.sharee], cloud: first) }
        #expect(refused == .error("InvalidParameter", 400))
        let policy = try await first.getKeyPolicy(GetKeyPolicyRequest(keyID: f.keyID), context: f.ownerRoot).policy
        cloud = nil
        let reopened = try Fixtures.simulator(world, stateFile: file)
        #expect(try await reopened.getKeyPolicy(GetKeyPolicyRequest(keyID: f.keyID), context: f.ownerRoot).policy == policy)
    }
}
