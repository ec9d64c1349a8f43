import CloudAPI
import CloudModel
import Foundation
import Synchronization

/// The KMS key an encrypted ECS resource uses: enough to find it and re-check access.
struct KeyReference: Codable, Sendable, Hashable {
    /// The owning account.
    var owner: AccountID
    /// The key's region.
    var region: String
    /// The key id (the only form ECS shows).
    var keyID: KMSKeyID
    /// Whether it is the account's ECS service key (`alias/acs/ecs`), which cannot be shared.
    var isServiceKey: Bool
}

/// A cloud disk.
struct DiskState: Codable, Sendable {
    /// The resource id.
    var id: String
    /// The display name.
    var name: String
    /// The description.
    var description: String
    /// The zone.
    var zoneID: String
    /// The disk category.
    var category: String
    /// The size in GiB.
    var size: Int
    /// The ESSD performance level.
    var performanceLevel: String
    /// The KMS key, when encrypted.
    var key: KeyReference?
    /// The snapshot the disk was made from, or empty.
    var sourceSnapshotID: String
    /// When it was created.
    var creationTime: String
    /// When it leaves `Creating`.
    var availableAt: Date
    /// The resource group.
    var resourceGroupID: String
    /// Its tags.
    var tags: [ResourceTag]
}

/// A snapshot of a disk.
struct SnapshotState: Codable, Sendable {
    /// The resource id.
    var id: String
    /// The display name.
    var name: String
    /// The description.
    var description: String
    /// The disk it was taken from.
    var sourceDiskID: String
    /// The size in GiB.
    var size: Int
    /// The KMS key, when encrypted.
    var key: KeyReference?
    /// When it was created.
    var creationTime: String
    /// When it becomes usable.
    var readyAt: Date
    /// Its tags.
    var tags: [ResourceTag]
}

/// An account an image is shared with.
struct ImageShare: Codable, Sendable {
    /// The account.
    var account: AccountID
    /// When it was shared.
    var sharedTime: String
}

/// A custom image.
struct ImageState: Codable, Sendable {
    /// The resource id.
    var id: String
    /// The display name.
    var name: String
    /// The description.
    var description: String
    /// The snapshot it was made from.
    var snapshotID: String
    /// The size in GiB.
    var size: Int
    /// The KMS key, when encrypted.
    var key: KeyReference?
    /// Whether it is a copy.
    var isCopied: Bool
    /// When it was created.
    var creationTime: String
    /// When it becomes usable.
    var readyAt: Date
    /// Its tags.
    var tags: [ResourceTag]
    /// The accounts it is shared with.
    var sharedWith: [ImageShare]
}

/// What a `ClientToken` was used for, so a retry returns the same resource.
struct ClientTokenRecord: Codable, Sendable {
    /// The request, canonically encoded without its token.
    var fingerprint: RequestFingerprint
    /// The id created by the first call.
    var resourceID: String
}

/// A request's canonical text without its token (``ECSRules/fingerprint(_:)``), rendered when first
/// needed: a retry with the token compares it, a saved state stores it (as the text, so state files
/// are unchanged). Rendering it at every create was a JSON encoding per verification disk.
final class RequestFingerprint: Codable, Sendable {
    private let render: @Sendable () -> String
    private let rendered: Mutex<String?>

    /// The fingerprint of `request`, rendered later.
    init(_ request: some Encodable & Sendable) {
        render = { ECSRules.fingerprint(request) }
        rendered = Mutex(nil)
    }

    /// A fingerprint read back from a saved state.
    init(text: String) {
        render = { text }
        rendered = Mutex(text)
    }

    /// The canonical text.
    var text: String {
        rendered.withLock { cached in
            if let cached { return cached }
            let text = render()
            cached = text
            return text
        }
    }

    convenience init(from decoder: any Decoder) throws {
        self.init(text: try decoder.singleValueContainer().decode(String.self))
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
