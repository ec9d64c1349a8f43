/// Elastic Compute Service (2014-05-26): encrypted disks, snapshots, images and image sharing.
package protocol ECSAPI: Sendable {
    /// Creates a data disk, encrypted with `KMSKeyId` when `Encrypted` is true.
    func createDisk(_ request: CreateDiskRequest, context: CallContext) async throws -> CreateDiskResponse
    /// Lists disks matching the filters.
    func describeDisks(_ request: DescribeDisksRequest, context: CallContext) async throws -> DescribeDisksResponse
    /// Deletes an available disk.
    func deleteDisk(_ request: DeleteDiskRequest, context: CallContext) async throws -> EmptyResponse
    /// Snapshots a disk.
    func createSnapshot(_ request: CreateSnapshotRequest, context: CallContext) async throws -> CreateSnapshotResponse
    /// Lists snapshots.
    func describeSnapshots(_ request: DescribeSnapshotsRequest, context: CallContext) async throws
        -> DescribeSnapshotsResponse
    /// Copies a snapshot, optionally re-encrypting it with another key.
    func copySnapshot(_ request: CopySnapshotRequest, context: CallContext) async throws -> CopySnapshotResponse
    /// Creates a custom image from a snapshot.
    func createImage(_ request: CreateImageRequest, context: CallContext) async throws -> CreateImageResponse
    /// Lists images.
    func describeImages(_ request: DescribeImagesRequest, context: CallContext) async throws -> DescribeImagesResponse
    /// Copies an own or shared image, optionally encrypting it.
    func copyImage(_ request: CopyImageRequest, context: CallContext) async throws -> CopyImageResponse
    /// Shares an image with accounts or stops sharing it.
    func modifyImageSharePermission(_ request: ModifyImageSharePermissionRequest, context: CallContext)
        async throws -> EmptyResponse
    /// Lists the accounts an image is shared with.
    func describeImageSharePermission(_ request: DescribeImageSharePermissionRequest, context: CallContext)
        async throws -> DescribeImageSharePermissionResponse
    /// Lists the zones of a region (where disks can be created).
    func describeZones(_ request: DescribeZonesRequest, context: CallContext) async throws -> DescribeZonesResponse
}

/// The ECS request types.
package enum ECSOperations {
    /// Every ECS operation keyshare knows.
    package static let all: [any CloudRequest.Type] = CloudOperations.all(of: .ecs)
}

/// A tag as ECS answers it (`TagKey`/`TagValue`); requests use ``KeyValueTag`` (`Tag.N.Key`).
package struct ResourceTag: Codable, Sendable, Hashable {
    package var tagKey: String
    package var tagValue: String
    enum CodingKeys: String, CodingKey {
        case tagKey = "TagKey"
        case tagValue = "TagValue"
    }
    /// Creates a tag.
    package init(tagKey: String, tagValue: String) {
        self.tagKey = tagKey
        self.tagValue = tagValue
    }
}

/// The `Tags` wrapper of ECS answers: `{"Tag":[…]}`.
package struct ResourceTags: Codable, Sendable, Hashable {
    package var tag: [ResourceTag]
    enum CodingKeys: String, CodingKey { case tag = "Tag" }
    /// Wraps the list.
    package init(tag: [ResourceTag]) { self.tag = tag }
}
