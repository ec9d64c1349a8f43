/// The Resource Sharing request types.
package enum ResourceSharingOperations {
    /// Every Resource Sharing operation keyshare knows.
    package static let all: [any CloudRequest.Type] = CloudOperations.all(of: .resourceSharing)
}

/// A shared resource in a request (`Resources.N.ResourceType` / `Resources.N.ResourceId`).
package struct SharedResource: Codable, Sendable, Hashable {
    /// `Snapshot` for ECS snapshots.
    package var resourceType: String
    package var resourceID: String
    enum CodingKeys: String, CodingKey {
        case resourceType = "ResourceType"
        case resourceID = "ResourceId"
    }
    /// Creates a reference.
    package init(resourceType: String, resourceID: String) {
        self.resourceType = resourceType
        self.resourceID = resourceID
    }
}

/// A resource share as the service describes it (`ResourceShare`).
package struct ResourceShareInfo: Codable, Sendable, Hashable {
    package var resourceShareID: String
    package var resourceShareName: String
    package var resourceShareOwner: String
    /// `Active`, `Pending`, `Deleting`, `Deleted`.
    package var resourceShareStatus: String
    package var allowExternalTargets: Bool
    package var createTime: String
    package var updateTime: String
    enum CodingKeys: String, CodingKey {
        case resourceShareID = "ResourceShareId"
        case resourceShareName = "ResourceShareName"
        case resourceShareOwner = "ResourceShareOwner"
        case resourceShareStatus = "ResourceShareStatus"
        case allowExternalTargets = "AllowExternalTargets"
        case createTime = "CreateTime"
        case updateTime = "UpdateTime"
    }
    /// Creates a share description.
    package init(
        resourceShareID: String, resourceShareName: String, resourceShareOwner: String,
        resourceShareStatus: String, allowExternalTargets: Bool, createTime: String, updateTime: String
    ) {
        self.resourceShareID = resourceShareID
        self.resourceShareName = resourceShareName
        self.resourceShareOwner = resourceShareOwner
        self.resourceShareStatus = resourceShareStatus
        self.allowExternalTargets = allowExternalTargets
        self.createTime = createTime
        self.updateTime = updateTime
    }
}
