// ECS disk requests. Fields mirror the wire parameters of the same name.

/// `CreateDisk`.
package struct CreateDiskRequest: CloudRequest, Hashable {
    package typealias Response = CreateDiskResponse
    package static let product = CloudProduct.ecs
    package static let action = "CreateDisk"
    package static let operation = CloudOperation.createDisk
    package var regionID: String
    package var zoneID: String?
    package var diskCategory: String?
    /// GiB.
    package var size: Int?
    package var snapshotID: String?
    package var diskName: String?
    package var description: String?
    package var encrypted: Bool?
    /// The KMS key ID (a sharee passes the ID only, never the ARN).
    package var kmsKeyID: String?
    package var performanceLevel: String?
    package var clientToken: String?
    package var resourceGroupID: String?
    package var tag: [KeyValueTag]?
    enum CodingKeys: String, CodingKey {
        case regionID = "RegionId"
        case zoneID = "ZoneId"
        case diskCategory = "DiskCategory"
        case size = "Size"
        case snapshotID = "SnapshotId"
        case diskName = "DiskName"
        case description = "Description"
        case encrypted = "Encrypted"
        case kmsKeyID = "KMSKeyId"
        case performanceLevel = "PerformanceLevel"
        case clientToken = "ClientToken"
        case resourceGroupID = "ResourceGroupId"
        case tag = "Tag"
    }
    /// Creates the request.
    package init(
        regionID: String, zoneID: String? = nil, diskCategory: String? = nil, size: Int? = nil,
        snapshotID: String? = nil, diskName: String? = nil, description: String? = nil,
        encrypted: Bool? = nil, kmsKeyID: String? = nil, performanceLevel: String? = nil,
        clientToken: String? = nil, resourceGroupID: String? = nil, tag: [KeyValueTag]? = nil
    ) {
        self.regionID = regionID
        self.zoneID = zoneID
        self.diskCategory = diskCategory
        self.size = size
        self.snapshotID = snapshotID
        self.diskName = diskName
        self.description = description
        self.encrypted = encrypted
        self.kmsKeyID = kmsKeyID
        self.performanceLevel = performanceLevel
        self.clientToken = clientToken
        self.resourceGroupID = resourceGroupID
        self.tag = tag
    }
}

/// The answer to `CreateDisk`.
package struct CreateDiskResponse: Codable, Sendable, Hashable {
    package var diskID: String
    enum CodingKeys: String, CodingKey { case diskID = "DiskId" }
    /// Wraps the new disk's id.
    package init(diskID: String) { self.diskID = diskID }
}

/// A disk as `DescribeDisks` lists it.
package struct DiskInfo: Codable, Sendable, Hashable {
    package var diskID: String
    package var diskName: String
    package var description: String
    package var regionID: String
    package var zoneID: String
    package var category: String
    package var size: Int
    /// `system` or `data`.
    package var type: String
    /// `Creating`, `Available`, `In_use`, …
    package var status: String
    package var encrypted: Bool
    package var kmsKeyID: String
    package var performanceLevel: String
    package var sourceSnapshotID: String
    package var creationTime: String
    package var portable: Bool
    package var deleteWithInstance: Bool
    package var diskChargeType: String
    package var resourceGroupID: String
    package var tags: ResourceTags
    enum CodingKeys: String, CodingKey {
        case diskID = "DiskId"
        case diskName = "DiskName"
        case description = "Description"
        case regionID = "RegionId"
        case zoneID = "ZoneId"
        case category = "Category"
        case size = "Size"
        case type = "Type"
        case status = "Status"
        case encrypted = "Encrypted"
        case kmsKeyID = "KMSKeyId"
        case performanceLevel = "PerformanceLevel"
        case sourceSnapshotID = "SourceSnapshotId"
        case creationTime = "CreationTime"
        case portable = "Portable"
        case deleteWithInstance = "DeleteWithInstance"
        case diskChargeType = "DiskChargeType"
        case resourceGroupID = "ResourceGroupId"
        case tags = "Tags"
    }
    /// Creates a disk description.
    package init(
        diskID: String, diskName: String, description: String, regionID: String, zoneID: String,
        category: String, size: Int, type: String = "data", status: String, encrypted: Bool,
        kmsKeyID: String, performanceLevel: String, sourceSnapshotID: String, creationTime: String,
        portable: Bool = true, deleteWithInstance: Bool = false, diskChargeType: String = "PostPaid",
        resourceGroupID: String = "", tags: [ResourceTag]
    ) {
        self.diskID = diskID
        self.diskName = diskName
        self.description = description
        self.regionID = regionID
        self.zoneID = zoneID
        self.category = category
        self.size = size
        self.type = type
        self.status = status
        self.encrypted = encrypted
        self.kmsKeyID = kmsKeyID
        self.performanceLevel = performanceLevel
        self.sourceSnapshotID = sourceSnapshotID
        self.creationTime = creationTime
        self.portable = portable
        self.deleteWithInstance = deleteWithInstance
        self.diskChargeType = diskChargeType
        self.resourceGroupID = resourceGroupID
        self.tags = ResourceTags(tag: tags)
    }
}

/// `DescribeDisks`.
package struct DescribeDisksRequest: CloudRequest, Hashable {
    package typealias Response = DescribeDisksResponse
    package static let product = CloudProduct.ecs
    package static let action = "DescribeDisks"
    package static let operation = CloudOperation.describeDisks
    package var regionID: String
    package var zoneID: String?
    /// JSON text: `["d-1","d-2"]`, at most 100.
    package var diskIDs: String?
    package var status: String?
    package var encrypted: Bool?
    package var kmsKeyID: String?
    package var diskName: String?
    package var snapshotID: String?
    package var tag: [KeyValueTag]?
    package var pageNumber: Int?
    package var pageSize: Int?
    enum CodingKeys: String, CodingKey {
        case regionID = "RegionId"
        case zoneID = "ZoneId"
        case diskIDs = "DiskIds"
        case status = "Status"
        case encrypted = "Encrypted"
        case kmsKeyID = "KMSKeyId"
        case diskName = "DiskName"
        case snapshotID = "SnapshotId"
        case tag = "Tag"
        case pageNumber = "PageNumber"
        case pageSize = "PageSize"
    }
    /// Creates the request.
    package init(
        regionID: String, zoneID: String? = nil, diskIDs: String? = nil, status: String? = nil,
        encrypted: Bool? = nil, kmsKeyID: String? = nil, diskName: String? = nil,
        snapshotID: String? = nil, tag: [KeyValueTag]? = nil, pageNumber: Int? = nil,
        pageSize: Int? = nil
    ) {
        self.regionID = regionID
        self.zoneID = zoneID
        self.diskIDs = diskIDs
        self.status = status
        self.encrypted = encrypted
        self.kmsKeyID = kmsKeyID
        self.diskName = diskName
        self.snapshotID = snapshotID
        self.tag = tag
        self.pageNumber = pageNumber
        self.pageSize = pageSize
    }
}

/// The answer to `DescribeDisks`: `{"Disks":{"Disk":[…]}}`.
package struct DescribeDisksResponse: Codable, Sendable, Hashable {
    /// The `Disks` wrapper.
    package struct Disks: Codable, Sendable, Hashable {
        package var disk: [DiskInfo]
        enum CodingKeys: String, CodingKey { case disk = "Disk" }
        /// Wraps the list.
        package init(disk: [DiskInfo]) { self.disk = disk }
    }
    package var disks: Disks
    package var totalCount: Int
    package var pageNumber: Int
    package var pageSize: Int
    enum CodingKeys: String, CodingKey {
        case disks = "Disks"
        case totalCount = "TotalCount"
        case pageNumber = "PageNumber"
        case pageSize = "PageSize"
    }
    /// Creates a page.
    package init(disks: [DiskInfo], totalCount: Int, pageNumber: Int, pageSize: Int) {
        self.disks = Disks(disk: disks)
        self.totalCount = totalCount
        self.pageNumber = pageNumber
        self.pageSize = pageSize
    }
}

/// `DeleteDisk`.
package struct DeleteDiskRequest: CloudRequest, Hashable {
    package typealias Response = EmptyResponse
    package static let product = CloudProduct.ecs
    package static let action = "DeleteDisk"
    package static let operation = CloudOperation.deleteDisk
    package var diskID: String
    enum CodingKeys: String, CodingKey { case diskID = "DiskId" }
    /// Creates the request.
    package init(diskID: String) { self.diskID = diskID }
}

// The `Cloud` method of each operation above: a name for `call` with its request type.
extension Cloud {
    /// Creates a data disk, encrypted with `KMSKeyId` when `Encrypted` is true.
    package func createDisk(_ request: CreateDiskRequest, context: CallContext) async throws -> CreateDiskResponse {
        try await call(request, context: context)
    }
    /// Lists disks matching the filters.
    package func describeDisks(_ request: DescribeDisksRequest, context: CallContext) async throws -> DescribeDisksResponse {
        try await call(request, context: context)
    }
    /// Deletes an available disk.
    package func deleteDisk(_ request: DeleteDiskRequest, context: CallContext) async throws -> EmptyResponse {
        try await call(request, context: context)
    }
}
