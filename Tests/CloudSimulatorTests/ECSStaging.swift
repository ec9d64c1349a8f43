import CloudAPI
import CloudModel
import CloudSimulator
import KeyshareTesting

/// Builds encrypted ECS resources in a sharee through the seed procedure, moving the simulated
/// clock so each resource is ready before the next step (disks and snapshots are asynchronous).
enum ECSStaging {
    /// Generous time for any asynchronous ECS step to finish in the simulator.
    static let settle: Double = 3_600

    /// A disk encrypted with the shared key in `sharee`, available.
    static func encryptedDisk(_ cloud: SimulatedCloud, _ f: ConformanceFixture, sharee: AccountID? = nil) async throws -> String {
        let account = sharee ?? f.sharee
        let disk = try await SeedProcedure.run(f, sharee: account, cloud: cloud)
        await cloud.advanceClock(by: settle)
        return disk
    }

    /// A snapshot of an encrypted disk, accomplished.
    static func encryptedSnapshot(_ cloud: SimulatedCloud, _ f: ConformanceFixture) async throws -> String {
        let disk = try await encryptedDisk(cloud, f)
        let snapshot = try await cloud.createSnapshot(CreateSnapshotRequest(diskID: disk), context: f.root(f.sharee)).snapshotID
        await cloud.advanceClock(by: settle)
        return snapshot
    }

    /// A custom image made from an encrypted snapshot, available.
    static func encryptedImage(_ cloud: SimulatedCloud, _ f: ConformanceFixture) async throws -> String {
        let snapshot = try await encryptedSnapshot(cloud, f)
        let image = try await cloud.createImage(
            CreateImageRequest(
                regionID: f.region.rawValue, snapshotID: snapshot,
                imageName: "encrypted-image"),
            context: f.root(f.sharee)
        ).imageID
        await cloud.advanceClock(by: settle)
        return image
    }

    /// Creates the image-share role in the sharee with `trust` (see `SeedProcedure.prepareShareImageRole`).
    static func prepareShareImageRole(
        _ cloud: SimulatedCloud, _ f: ConformanceFixture, trust: PolicyFixture,
        grant: Bool = true
    ) async throws {
        try await SeedProcedure.prepareShareImageRole(in: f.sharee, f, trust: trust, grant: grant, cloud: cloud)
    }
}
