import CloudAPI
import CloudModel
import CloudSimulator
import KeyshareTesting

/// ECS (§6) and Resource Sharing (§6.6) codes.
enum ECSErrorCodeCases {
    /// A key id nobody owns.
    static let unknownKey = "key-hzz0000000000000000none"

    /// Every ECS and Resource Sharing scenario.
    static let all: [ErrorCodeCase] = [
        ErrorCodeCase("InvalidParameter.KMSKeyId.NotFound", 404, "encrypted CreateDisk with an unknown key") { cloud, f in
            try await setup("prepare role") { try await SeedProcedure.prepareDiskEncryptRole(in: f.sharee, cloud: cloud) }
            _ = try await SeedProcedure.createEncryptedDisk(as: f.sharee, keyID: unknownKey, cloud: cloud)
        },
        ErrorCodeCase("InvalidParameter.KMSKeyId.KMSUnauthorized", 403, "encrypted CreateDisk without the disk-encrypt role") {
            cloud, f in
            _ = try await SeedProcedure.createEncryptedDisk(as: f.sharee, keyID: f.keyID, cloud: cloud)
        },
        ErrorCodeCase("InvalidParameter.KMSKeyId.CMKUnauthorized", 403, "encrypted CreateDisk without the key-policy grant") {
            cloud, f in
            try await setup("prepare role") { try await SeedProcedure.prepareDiskEncryptRole(in: f.sharee, cloud: cloud) }
            _ = try await SeedProcedure.createEncryptedDisk(as: f.sharee, keyID: f.keyID, cloud: cloud)
        },
        ErrorCodeCase("InvalidParameter.KMSKeyId.CMKNotEnabled", 403, "encrypted CreateDisk with a disabled key") { cloud, f in
            try await setup("seed") {
                try await SeedProcedure.prepareDiskEncryptRole(in: f.sharee, cloud: cloud)
                try await SeedProcedure.grantKey(f, to: [f.sharee], cloud: cloud)
                _ = try await cloud.disableKey(DisableKeyRequest(keyID: f.keyID), context: f.ownerRoot)
            }
            _ = try await SeedProcedure.createEncryptedDisk(as: f.sharee, keyID: f.keyID, cloud: cloud)
        },
        ErrorCodeCase("InvalidEncrypted.NotMatchKmsKeyId", 400, "CreateDisk with KMSKeyId and Encrypted=false") { cloud, f in
            _ = try await SeedProcedure.createEncryptedDisk(as: f.sharee, keyID: f.keyID, cloud: cloud, encrypted: false)
        },
        ErrorCodeCase("IdempotentParameterMismatch", 400, "CreateDisk reusing a ClientToken with another size") { cloud, f in
            let request = CreateDiskRequest(
                regionID: "cn-hangzhou", zoneID: "cn-hangzhou-h", diskCategory: "cloud_essd", size: 20,
                clientToken: "ks-token")
            try await setup("first CreateDisk") { _ = try await cloud.createDisk(request, context: f.root(f.sharee)) }
            var other = request
            other.size = 40
            _ = try await cloud.createDisk(other, context: f.root(f.sharee))
        },
        ErrorCodeCase("MissingParameter", 400, "CreateDisk with neither Size nor SnapshotId") { cloud, f in
            _ = try await cloud.createDisk(
                CreateDiskRequest(regionID: "cn-hangzhou", zoneID: "cn-hangzhou-h", diskCategory: "cloud_essd"),
                context: f.root(f.sharee))
        },
        ErrorCodeCase("InvalidDiskCategory.ValueNotSupported", 400, "CreateDisk with category floppy") { cloud, f in
            _ = try await cloud.createDisk(
                CreateDiskRequest(
                    regionID: "cn-hangzhou", zoneID: "cn-hangzhou-h", diskCategory: "floppy",
                    size: 20), context: f.root(f.sharee))
        },
        ErrorCodeCase("InvalidSnapshotId.NotFound", 404, "CreateDisk from an unknown snapshot") { cloud, f in
            _ = try await cloud.createDisk(
                CreateDiskRequest(
                    regionID: "cn-hangzhou", zoneID: "cn-hangzhou-h", diskCategory: "cloud_essd",
                    snapshotID: "s-none0000000000000"), context: f.root(f.sharee))
        },
        ErrorCodeCase("InvalidSnapshotId.NotFound", 403, "CopySnapshot of an unknown snapshot (CopySnapshot lists it as 403)") {
            cloud, f in
            _ = try await cloud.copySnapshot(
                CopySnapshotRequest(
                    regionID: "cn-hangzhou", snapshotID: "s-none0000000000000",
                    destinationRegionID: "cn-hangzhou"), context: f.root(f.sharee))
        },
        ErrorCodeCase("InvalidDiskId.NotFound", 404, "DeleteDisk of an unknown disk") { cloud, f in
            _ = try await cloud.deleteDisk(DeleteDiskRequest(diskID: "d-none0000000000000"), context: f.root(f.sharee))
        },
        ErrorCodeCase("InvalidImageId.NotFound", 404, "CopyImage of an unknown image") { cloud, f in
            _ = try await cloud.copyImage(
                CopyImageRequest(regionID: "cn-hangzhou", imageID: "m-none0000000000000"),
                context: f.root(f.sharee))
        },
        ErrorCodeCase("InvalidEncrypted.NotSupportDecrypt", 403, "CopySnapshot of an encrypted snapshot with Encrypted=false") {
            cloud, f in
            let snapshot = try await setup("encrypted snapshot") { try await ECSStaging.encryptedSnapshot(cloud, f) }
            _ = try await cloud.copySnapshot(
                CopySnapshotRequest(
                    regionID: "cn-hangzhou", snapshotID: snapshot,
                    destinationRegionID: "cn-shanghai", encrypted: false),
                context: f.root(f.sharee))
        },
        ErrorCodeCase("AssumeRoleError", 403, "sharing an encrypted image without AliyunECSShareEncryptImageDefaultRole") {
            cloud, f in
            let image = try await setup("encrypted image") { try await ECSStaging.encryptedImage(cloud, f) }
            _ = try await cloud.modifyImageSharePermission(
                ModifyImageSharePermissionRequest(regionID: "cn-hangzhou", imageID: image, addAccount: [f.sharees[1].rawValue]),
                context: f.root(f.sharee))
        },
        ErrorCodeCase("InvalidAccount.NotFound", 404, "sharing an image with an account that does not exist") { cloud, f in
            let image = try await setup("encrypted image") { try await ECSStaging.encryptedImage(cloud, f) }
            try await setup("share role") {
                try await ECSStaging.prepareShareImageRole(
                    cloud, f, trust: SeedPolicies.shareTrust(recipients: [AccountID("2999999999999999")!]))
            }
            _ = try await cloud.modifyImageSharePermission(
                ModifyImageSharePermissionRequest(regionID: "cn-hangzhou", imageID: image, addAccount: ["2999999999999999"]),
                context: f.root(f.sharee))
        },
        ErrorCodeCase("InvalidAccount.Forbbiden", 404, "sharing an image with its own account") { cloud, f in
            let image = try await setup("encrypted image") { try await ECSStaging.encryptedImage(cloud, f) }
            try await setup("share role") {
                try await ECSStaging.prepareShareImageRole(cloud, f, trust: SeedPolicies.shareTrust(recipients: [f.sharee]))
            }
            _ = try await cloud.modifyImageSharePermission(
                ModifyImageSharePermissionRequest(regionID: "cn-hangzhou", imageID: image, addAccount: [f.sharee.rawValue]),
                context: f.root(f.sharee))
        },
        ErrorCodeCase("ShareWithYourself", 409, "a resource share targeting its own account") { cloud, f in
            let snapshot = try await setup("encrypted snapshot") { try await ECSStaging.encryptedSnapshot(cloud, f) }
            _ = try await cloud.createResourceShare(
                CreateResourceShareRequest(
                    resourceShareName: "self", resources: [SharedResource(resourceType: "Snapshot", resourceID: snapshot)],
                    targets: [f.sharee.rawValue]), context: f.root(f.sharee))
        },
        ErrorCodeCase("InvalidParameter.ResourceType", 400, "a resource share of an unsupported resource type") { cloud, f in
            _ = try await cloud.createResourceShare(
                CreateResourceShareRequest(
                    resourceShareName: "bucket", resources: [SharedResource(resourceType: "Bucket", resourceID: "b-1")],
                    targets: [f.sharees[1].rawValue]), context: f.root(f.sharee))
        },
    ]
}
