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
        let image = try await cloud.createImage(CreateImageRequest(regionID: f.region.rawValue, snapshotID: snapshot,
                                                                   imageName: "encrypted-image"),
                                                context: f.root(f.sharee)).imageID
        await cloud.advanceClock(by: settle)
        return image
    }

    /// Creates the image-share role in the sharee with `trust`, the seed's share policy, and (when
    /// `grant`) adds the role to the key policy next to the disk-encrypt role.
    static func prepareShareImageRole(_ cloud: SimulatedCloud, _ f: ConformanceFixture, trust: PolicyFixture,
                                      grant: Bool = true) async throws {
        let root = f.root(f.sharee)
        _ = try await cloud.createRole(CreateRoleRequest(roleName: SeedPolicies.shareImageRole,
                                                         assumeRolePolicyDocument: trust.json), context: root)
        let policy = SeedPolicies.sharePolicyDocument(region: f.region.rawValue, owner: f.owner, keyID: f.keyID)
        _ = try await cloud.createPolicy(CreatePolicyRequest(policyName: SeedPolicies.sharePolicy, policyDocument: policy.json),
                                         context: root)
        _ = try await cloud.attachPolicyToRole(AttachPolicyToRoleRequest(policyName: SeedPolicies.sharePolicy,
                                                                         roleName: SeedPolicies.shareImageRole), context: root)
        guard grant else { return }
        let principals = [SeedPolicies.roleARN(f.sharee, SeedPolicies.diskEncryptRole),
                          SeedPolicies.roleARN(f.sharee, SeedPolicies.shareImageRole)]
        _ = try await cloud.setKeyPolicy(
            SetKeyPolicyRequest(keyID: f.keyID, policy: SeedPolicies.keyPolicy(owner: f.owner, granting: principals).json),
            context: f.ownerRoot)
    }
}
