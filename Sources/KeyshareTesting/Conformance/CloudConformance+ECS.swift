import CloudAPI
import CloudModel

extension CloudConformance {
    /// ECS: ClientToken idempotency and the not-found codes of each resource (§6).
    static let ecsChecks: [ConformanceCheck] = [
        ConformanceCheck("DescribeZones lists the region's zones, and CreateDisk accepts a listed zone") { run in
            let f = run.fixture
            let zones = try await run.expectSuccess("DescribeZones") {
                try await run.cloud.describeZones(DescribeZonesRequest(regionID: f.region.rawValue), context: f.root(f.sharee))
            }
            let first = zones.zones.zone.first
            try run.expect(first != nil, "the region has at least one zone", "none listed")
            try run.expect(
                zones.zones.zone.allSatisfy { $0.zoneID.hasPrefix(f.region.rawValue) },
                "every zone belongs to the region", zones.zones.zone.map(\.zoneID).joined(separator: ", "))
            guard let zone = first?.zoneID else { return }
            _ = try await run.expectSuccess("CreateDisk in the first listed zone") {
                try await run.cloud.createDisk(
                    CreateDiskRequest(regionID: f.region.rawValue, zoneID: zone, diskCategory: "cloud_essd", size: 20),
                    context: f.root(f.sharee))
            }
        },
        ConformanceCheck("CreateDisk with a repeated ClientToken returns the same disk; other parameters are a mismatch") { run in
            let f = run.fixture
            try await run.expectSuccess("seed prerequisites") {
                try await SeedProcedure.prepareDiskEncryptRole(in: f.sharee, cloud: run.cloud)
                try await SeedProcedure.grantKey(f, to: [f.sharee], cloud: run.cloud)
            }
            let first = try await run.expectSuccess("CreateDisk with token") {
                try await SeedProcedure.createEncryptedDisk(
                    as: f.sharee, keyID: f.keyID, cloud: run.cloud, clientToken: "ks-token-1")
            }
            let second = try await run.expectSuccess("CreateDisk again with token") {
                try await SeedProcedure.createEncryptedDisk(
                    as: f.sharee, keyID: f.keyID, cloud: run.cloud, clientToken: "ks-token-1")
            }
            try run.expect(first == second, "the same token and parameters give the same disk", "\(first) vs \(second)")
            try await run.expectFailure("same token, other size", code: "IdempotentParameterMismatch", httpStatus: 400) {
                try await SeedProcedure.createEncryptedDisk(
                    as: f.sharee, keyID: f.keyID, cloud: run.cloud,
                    clientToken: "ks-token-1", size: 40)
            }
            let disks = try await run.expectSuccess("DescribeDisks") {
                try await run.cloud.describeDisks(DescribeDisksRequest(regionID: f.region.rawValue), context: f.root(f.sharee))
            }
            try run.expect(disks.totalCount == 1, "only one disk exists", "\(disks.totalCount)")
        },
        ConformanceCheck("unknown disks, snapshots and images fail with their NotFound codes") { run in
            let f = run.fixture
            let root = f.root(f.sharee)
            try await run.expectFailure("DeleteDisk", code: "InvalidDiskId.NotFound", httpStatus: 404) {
                try await run.cloud.deleteDisk(DeleteDiskRequest(diskID: "d-none0000000000000"), context: root)
            }
            try await run.expectFailure("CreateDisk from a missing snapshot", code: "InvalidSnapshotId.NotFound", httpStatus: 404)
            {
                try await run.cloud.createDisk(
                    CreateDiskRequest(
                        regionID: f.region.rawValue, zoneID: "cn-hangzhou-h", diskCategory: "cloud_essd",
                        snapshotID: "s-none0000000000000"), context: root)
            }
            try await run.expectFailure("ModifyImageSharePermission", code: "InvalidImageId.NotFound", httpStatus: 404) {
                try await run.cloud.modifyImageSharePermission(
                    ModifyImageSharePermissionRequest(
                        regionID: f.region.rawValue, imageID: "m-none0000000000000",
                        addAccount: [f.sharees[1].rawValue]), context: root)
            }
            try await run.expectFailure("CopyImage", code: "InvalidImageId.NotFound", httpStatus: 404) {
                try await run.cloud.copyImage(
                    CopyImageRequest(regionID: f.region.rawValue, imageID: "m-none0000000000000"),
                    context: root)
            }
        },
        ConformanceCheck("an unencrypted disk needs no key and reports Encrypted=false") { run in
            let f = run.fixture
            let created = try await run.expectSuccess("CreateDisk") {
                try await run.cloud.createDisk(
                    CreateDiskRequest(regionID: f.region.rawValue, zoneID: "cn-hangzhou-h", diskCategory: "cloud_essd", size: 20),
                    context: f.root(f.sharee))
            }
            let disks = try await run.expectSuccess("DescribeDisks") {
                try await run.cloud.describeDisks(
                    DescribeDisksRequest(regionID: f.region.rawValue, diskIDs: "[\"\(created.diskID)\"]"),
                    context: f.root(f.sharee))
            }
            try run.expect(disks.disks.disk.first?.encrypted == false, "the disk is not encrypted")
            try run.expect(disks.disks.disk.first?.kmsKeyID == "", "no KMSKeyId", disks.disks.disk.first?.kmsKeyID ?? "absent")
        },
        ConformanceCheck(
            "re-sharing an encrypted image needs AliyunECSShareEncryptImageDefaultRole trusted by the recipient's ECS"
        ) { run in
            let f = run.fixture
            let root = f.root(f.sharee)
            let recipient = f.sharees[1]
            let disk = try await run.expectSuccess("seed procedure") {
                try await SeedProcedure.run(f, sharee: f.sharee, cloud: run.cloud)
            }
            let snapshot = try await run.expectSuccess("CreateSnapshot of the encrypted disk") {
                try await run.cloud.createSnapshot(CreateSnapshotRequest(diskID: disk), context: root).snapshotID
            }
            let image = try await run.expectSuccess("CreateImage from the snapshot") {
                try await run.cloud.createImage(
                    CreateImageRequest(
                        regionID: f.region.rawValue, snapshotID: snapshot,
                        imageName: "conformance-encrypted"), context: root
                ).imageID
            }
            let share = ModifyImageSharePermissionRequest(
                regionID: f.region.rawValue, imageID: image,
                addAccount: [recipient.rawValue])
            try await run.expectFailure("share without the share role", code: "AssumeRoleError", httpStatus: 403) {
                try await run.cloud.modifyImageSharePermission(share, context: root)
            }
            try await run.expectSuccess("share role trusted by <recipient>@ecs.aliyuncs.com, granted on the key") {
                try await SeedProcedure.prepareShareImageRole(
                    in: f.sharee, f, trust: SeedPolicies.shareTrust(recipients: [recipient]),
                    cloud: run.cloud)
            }
            try await run.expectSuccess("share") { try await run.cloud.modifyImageSharePermission(share, context: root) }
            let shared = try await run.expectSuccess("DescribeImageSharePermission") {
                try await run.cloud.describeImageSharePermission(
                    DescribeImageSharePermissionRequest(regionID: f.region.rawValue, imageID: image), context: root)
            }
            try run.expect(shared.accounts.account.map(\.aliyunID) == [recipient.rawValue], "the recipient is listed")
        },
    ]
}
