import CloudAPI
import CloudModel
import CloudSimulator
import KeyshareTesting
import Testing

/// `ClientToken` idempotency: the same token and parameters give the same resource; other
/// parameters give `IdempotentParameterMismatch`; tokens belong to one account.
@Suite("Idempotency")
struct IdempotencyTests {
    let f = ConformanceWorld().fixture

    func disk(size: Int = 20, token: String?) -> CreateDiskRequest {
        CreateDiskRequest(
            regionID: "cn-hangzhou", zoneID: "cn-hangzhou-h", diskCategory: "cloud_essd", size: size,
            clientToken: token)
    }

    func diskCount(_ cloud: SimulatedCloud, _ account: AccountID) async throws -> Int {
        try await cloud.describeDisks(DescribeDisksRequest(regionID: "cn-hangzhou"), context: .root(account)).totalCount
    }

    @Test("CreateDisk with the same token and parameters returns the same disk and creates one")
    func sameToken() async throws {
        let cloud = try Fixtures.simulator()
        let first = try await cloud.createDisk(disk(token: "ks-a"), context: f.root(f.sharee)).diskID
        let second = try await cloud.createDisk(disk(token: "ks-a"), context: f.root(f.sharee)).diskID
        #expect(first == second)
        #expect(try await diskCount(cloud, f.sharee) == 1)
    }

    @Test("CreateDisk with the same token and other parameters fails with IdempotentParameterMismatch")
    func mismatch() async throws {
        let cloud = try Fixtures.simulator()
        _ = try await cloud.createDisk(disk(token: "ks-a"), context: f.root(f.sharee))
        let outcome = await Outcome.of {
            _ = try await cloud.createDisk(disk(size: 40, token: "ks-a"), context: f.root(f.sharee))
        }
        #expect(outcome == .error("IdempotentParameterMismatch", 400))
        #expect(try await diskCount(cloud, f.sharee) == 1)
    }

    @Test("different tokens, or none, create different disks")
    func differentTokens() async throws {
        let cloud = try Fixtures.simulator()
        let a = try await cloud.createDisk(disk(token: "ks-a"), context: f.root(f.sharee)).diskID
        let b = try await cloud.createDisk(disk(token: "ks-b"), context: f.root(f.sharee)).diskID
        let c = try await cloud.createDisk(disk(token: nil), context: f.root(f.sharee)).diskID
        let d = try await cloud.createDisk(disk(token: nil), context: f.root(f.sharee)).diskID
        #expect(Set([a, b, c, d]).count == 4)
    }

    @Test("a token used in one account means nothing in another")
    func tokensPerAccount() async throws {
        let cloud = try Fixtures.simulator()
        let mine = try await cloud.createDisk(disk(token: "ks-a"), context: f.root(f.sharees[0])).diskID
        let theirs = try await cloud.createDisk(disk(size: 40, token: "ks-a"), context: f.root(f.sharees[1])).diskID
        #expect(mine != theirs)
        #expect(try await diskCount(cloud, f.sharees[1]) == 1)
    }

    @Test("an encrypted CreateDisk retried with its token after success returns the same disk")
    func encryptedRetry() async throws {
        let cloud = try Fixtures.simulator()
        try await SeedProcedure.prepareDiskEncryptRole(in: f.sharee, cloud: cloud)
        try await SeedProcedure.grantKey(f, to: [f.sharee], cloud: cloud)
        let first = try await SeedProcedure.createEncryptedDisk(as: f.sharee, keyID: f.keyID, cloud: cloud, clientToken: "ks-e")
        let again = try await SeedProcedure.createEncryptedDisk(as: f.sharee, keyID: f.keyID, cloud: cloud, clientToken: "ks-e")
        #expect(first == again)
    }

    @Test("CreateSnapshot and CopySnapshot honour their tokens")
    func snapshots() async throws {
        let cloud = try Fixtures.simulator()
        let diskID = try await cloud.createDisk(disk(token: nil), context: f.root(f.sharee)).diskID
        await cloud.advanceClock(by: ECSStaging.settle)
        let request = CreateSnapshotRequest(diskID: diskID, clientToken: "ks-s")
        let first = try await cloud.createSnapshot(request, context: f.root(f.sharee)).snapshotID
        #expect(try await cloud.createSnapshot(request, context: f.root(f.sharee)).snapshotID == first)
        await cloud.advanceClock(by: ECSStaging.settle)
        let copy = CopySnapshotRequest(
            regionID: "cn-hangzhou", snapshotID: first, destinationRegionID: "cn-shanghai",
            destinationSnapshotName: "copy", clientToken: "ks-c")
        let copied = try await cloud.copySnapshot(copy, context: f.root(f.sharee)).snapshotID
        #expect(try await cloud.copySnapshot(copy, context: f.root(f.sharee)).snapshotID == copied)
    }

    @Test("SetKeyPolicy with the same document twice succeeds; CreateRole twice does not")
    func naturalIdempotency() async throws {
        let cloud = try Fixtures.simulator()
        try await SeedProcedure.prepareDiskEncryptRole(in: f.sharee, cloud: cloud)
        try await SeedProcedure.grantKey(f, to: [f.sharee], cloud: cloud)
        try await SeedProcedure.grantKey(f, to: [f.sharee], cloud: cloud)
        let again = await Outcome.of { try await SeedProcedure.prepareDiskEncryptRole(in: f.sharee, cloud: cloud) }
        #expect(again == .error("EntityAlreadyExists.Role", 409))
    }
}
