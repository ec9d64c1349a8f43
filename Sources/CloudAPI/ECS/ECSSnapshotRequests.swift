// ECS snapshot requests. Fields mirror the wire parameters of the same name.

/// `CreateSnapshot`.
package struct CreateSnapshotRequest: CloudRequest, Hashable {
    package typealias Response = CreateSnapshotResponse
    package static let product = CloudProduct.ecs
    package static let action = "CreateSnapshot"
    package static let operation = CloudOperation.createSnapshot
    package var diskID: String
    package var snapshotName: String?
    package var description: String?
    package var clientToken: String?
    package var tag: [KeyValueTag]?
    enum CodingKeys: String, CodingKey {
        case diskID = "DiskId"
        case snapshotName = "SnapshotName"
        case description = "Description"
        case clientToken = "ClientToken"
        case tag = "Tag"
    }
    /// Creates the request.
    package init(
        diskID: String, snapshotName: String? = nil, description: String? = nil,
        clientToken: String? = nil, tag: [KeyValueTag]? = nil
    ) {
        self.diskID = diskID
        self.snapshotName = snapshotName
        self.description = description
        self.clientToken = clientToken
        self.tag = tag
    }
}

/// The answer to `CreateSnapshot`.
package struct CreateSnapshotResponse: Codable, Sendable, Hashable {
    package var snapshotID: String
    enum CodingKeys: String, CodingKey { case snapshotID = "SnapshotId" }
    /// Wraps the new snapshot's id.
    package init(snapshotID: String) { self.snapshotID = snapshotID }
}

/// A snapshot as `DescribeSnapshots` lists it.
package struct SnapshotInfo: Codable, Sendable, Hashable {
    package var snapshotID: String
    package var snapshotName: String
    package var description: String
    package var sourceDiskID: String
    package var sourceDiskSize: Int
    /// `progressing`, `accomplished`, `failed`.
    package var status: String
    package var progress: String
    package var encrypted: Bool
    package var kmsKeyID: String
    package var creationTime: String
    package var tags: ResourceTags
    enum CodingKeys: String, CodingKey {
        case snapshotID = "SnapshotId"
        case snapshotName = "SnapshotName"
        case description = "Description"
        case sourceDiskID = "SourceDiskId"
        case sourceDiskSize = "SourceDiskSize"
        case status = "Status"
        case progress = "Progress"
        case encrypted = "Encrypted"
        case kmsKeyID = "KMSKeyId"
        case creationTime = "CreationTime"
        case tags = "Tags"
    }
    /// Creates a snapshot description.
    package init(
        snapshotID: String, snapshotName: String, description: String, sourceDiskID: String,
        sourceDiskSize: Int, status: String, progress: String, encrypted: Bool, kmsKeyID: String,
        creationTime: String, tags: [ResourceTag]
    ) {
        self.snapshotID = snapshotID
        self.snapshotName = snapshotName
        self.description = description
        self.sourceDiskID = sourceDiskID
        self.sourceDiskSize = sourceDiskSize
        self.status = status
        self.progress = progress
        self.encrypted = encrypted
        self.kmsKeyID = kmsKeyID
        self.creationTime = creationTime
        self.tags = ResourceTags(tag: tags)
    }
}

/// `DescribeSnapshots`.
package struct DescribeSnapshotsRequest: CloudRequest, Hashable {
    package typealias Response = DescribeSnapshotsResponse
    package static let product = CloudProduct.ecs
    package static let action = "DescribeSnapshots"
    package static let operation = CloudOperation.describeSnapshots
    package var regionID: String
    /// JSON text: `["s-1","s-2"]`.
    package var snapshotIDs: String?
    package var diskID: String?
    package var encrypted: Bool?
    package var kmsKeyID: String?
    package var tag: [KeyValueTag]?
    package var pageNumber: Int?
    package var pageSize: Int?
    enum CodingKeys: String, CodingKey {
        case regionID = "RegionId"
        case snapshotIDs = "SnapshotIds"
        case diskID = "DiskId"
        case encrypted = "Encrypted"
        case kmsKeyID = "KMSKeyId"
        case tag = "Tag"
        case pageNumber = "PageNumber"
        case pageSize = "PageSize"
    }
    /// Creates the request.
    package init(
        regionID: String, snapshotIDs: String? = nil, diskID: String? = nil, encrypted: Bool? = nil,
        kmsKeyID: String? = nil, tag: [KeyValueTag]? = nil, pageNumber: Int? = nil, pageSize: Int? = nil
    ) {
        self.regionID = regionID
        self.snapshotIDs = snapshotIDs
        self.diskID = diskID
        self.encrypted = encrypted
        self.kmsKeyID = kmsKeyID
        self.tag = tag
        self.pageNumber = pageNumber
        self.pageSize = pageSize
    }
}

/// The answer to `DescribeSnapshots`: `{"Snapshots":{"Snapshot":[…]}}`.
package struct DescribeSnapshotsResponse: Codable, Sendable, Hashable {
    /// The `Snapshots` wrapper.
    package struct Snapshots: Codable, Sendable, Hashable {
        package var snapshot: [SnapshotInfo]
        enum CodingKeys: String, CodingKey { case snapshot = "Snapshot" }
        /// Wraps the list.
        package init(snapshot: [SnapshotInfo]) { self.snapshot = snapshot }
    }
    package var snapshots: Snapshots
    package var totalCount: Int
    package var pageNumber: Int
    package var pageSize: Int
    enum CodingKeys: String, CodingKey {
        case snapshots = "Snapshots"
        case totalCount = "TotalCount"
        case pageNumber = "PageNumber"
        case pageSize = "PageSize"
    }
    /// Creates a page.
    package init(snapshots: [SnapshotInfo], totalCount: Int, pageNumber: Int, pageSize: Int) {
        self.snapshots = Snapshots(snapshot: snapshots)
        self.totalCount = totalCount
        self.pageNumber = pageNumber
        self.pageSize = pageSize
    }
}

/// `CopySnapshot`: to another region, optionally encrypting with a key there.
package struct CopySnapshotRequest: CloudRequest, Hashable {
    package typealias Response = CopySnapshotResponse
    package static let product = CloudProduct.ecs
    package static let action = "CopySnapshot"
    package static let operation = CloudOperation.copySnapshot
    package var regionID: String
    package var snapshotID: String
    package var destinationRegionID: String
    package var destinationSnapshotName: String?
    package var destinationSnapshotDescription: String?
    package var retentionDays: Int?
    package var encrypted: Bool?
    package var kmsKeyID: String?
    package var clientToken: String?
    package var tag: [KeyValueTag]?
    enum CodingKeys: String, CodingKey {
        case regionID = "RegionId"
        case snapshotID = "SnapshotId"
        case destinationRegionID = "DestinationRegionId"
        case destinationSnapshotName = "DestinationSnapshotName"
        case destinationSnapshotDescription = "DestinationSnapshotDescription"
        case retentionDays = "RetentionDays"
        case encrypted = "Encrypted"
        case kmsKeyID = "KMSKeyId"
        case clientToken = "ClientToken"
        case tag = "Tag"
    }
    /// Creates the request.
    package init(
        regionID: String, snapshotID: String, destinationRegionID: String,
        destinationSnapshotName: String? = nil, destinationSnapshotDescription: String? = nil,
        retentionDays: Int? = nil, encrypted: Bool? = nil, kmsKeyID: String? = nil,
        clientToken: String? = nil, tag: [KeyValueTag]? = nil
    ) {
        self.regionID = regionID
        self.snapshotID = snapshotID
        self.destinationRegionID = destinationRegionID
        self.destinationSnapshotName = destinationSnapshotName
        self.destinationSnapshotDescription = destinationSnapshotDescription
        self.retentionDays = retentionDays
        self.encrypted = encrypted
        self.kmsKeyID = kmsKeyID
        self.clientToken = clientToken
        self.tag = tag
    }
}

/// The answer to `CopySnapshot`.
package struct CopySnapshotResponse: Codable, Sendable, Hashable {
    package var snapshotID: String
    enum CodingKeys: String, CodingKey { case snapshotID = "SnapshotId" }
    /// Wraps the copy's id.
    package init(snapshotID: String) { self.snapshotID = snapshotID }
}

// The `Cloud` method of each operation above: a name for `call` with its request type.
extension Cloud {
    /// Snapshots a disk.
    package func createSnapshot(_ request: CreateSnapshotRequest, context: CallContext) async throws -> CreateSnapshotResponse {
        try await call(request, context: context)
    }
    /// Lists snapshots.
    package func describeSnapshots(_ request: DescribeSnapshotsRequest, context: CallContext) async throws
        -> DescribeSnapshotsResponse
    {
        try await call(request, context: context)
    }
    /// Copies a snapshot, optionally re-encrypting it with another key.
    package func copySnapshot(_ request: CopySnapshotRequest, context: CallContext) async throws -> CopySnapshotResponse {
        try await call(request, context: context)
    }
}
