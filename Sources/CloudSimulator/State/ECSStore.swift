import CloudAPI
import CloudModel
import Foundation

/// The KMS key an encrypted ECS resource uses: enough to find it and re-check access.
struct KeyReference: Codable, Sendable, Hashable {
    /// The owning account.
    var owner: AccountID
    /// The key's region.
    var region: String
    /// The key id (the only form ECS shows).
    var keyID: String
    /// Whether it is the account's ECS service key (`alias/acs/ecs`), which cannot be shared.
    var isServiceKey: Bool
}

/// A cloud disk.
struct DiskState: Codable, Sendable {
    var id: String
    var name: String
    var description: String
    var zoneID: String
    var category: String
    var size: Int
    var performanceLevel: String
    var key: KeyReference?
    var sourceSnapshotID: String
    var creationTime: String
    var availableAt: Date
    var resourceGroupID: String
    var tags: [ResourceTag]
}

/// A snapshot of a disk.
struct SnapshotState: Codable, Sendable {
    var id: String
    var name: String
    var description: String
    var sourceDiskID: String
    var size: Int
    var key: KeyReference?
    var creationTime: String
    var readyAt: Date
    var tags: [ResourceTag]
}

/// An account an image is shared with.
struct ImageShare: Codable, Sendable {
    var account: AccountID
    var sharedTime: String
}

/// A custom image.
struct ImageState: Codable, Sendable {
    var id: String
    var name: String
    var description: String
    var snapshotID: String
    var size: Int
    var key: KeyReference?
    var isCopied: Bool
    var creationTime: String
    var readyAt: Date
    var tags: [ResourceTag]
    var sharedWith: [ImageShare]
}

/// What a `ClientToken` was used for, so a retry returns the same resource.
struct ClientTokenRecord: Codable, Sendable {
    /// The request, canonically encoded without its token.
    var fingerprint: String
    /// The id created by the first call.
    var resourceID: String
}
