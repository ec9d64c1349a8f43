import CloudAPI
import CloudModel
import Foundation

/// Everything one account owns, persisted as one row: RAM, STS sessions, and per region KMS and
/// ECS. A class so the actor mutates it in place.
final class AccountState: Codable {
    /// The UID.
    let id: AccountID
    /// Display name.
    var name: String
    /// RD folder (members).
    var folderID: String?
    /// Account tags.
    var tags: [String: String]
    /// When it joined the directory (`…SS.sssZ`).
    var joinTime: String
    /// Static access keys from the world.
    var accessKeys: [World.AccessKey]
    /// RAM users by lower-cased name.
    var users: [String: RAMUser] = [:]
    /// RAM roles by lower-cased name.
    var roles: [String: RAMRole] = [:]
    /// Custom policies by name.
    var policies: [String: CustomPolicy] = [:]
    /// The next role creation order.
    var nextRoleOrder = 0
    /// Per-region KMS and ECS state.
    var regions: [String: RegionState] = [:]
    /// Live STS credentials of this account's roles, by AccessKeyId.
    var sessions: [String: STSSession] = [:]
    /// Session policies by lower-cased `role/session`, for calls made with those credentials.
    var sessionPolicies: [String: StoredPolicy] = [:]
    /// ClientToken records by `Action/token`.
    var clientTokens: [String: ClientTokenRecord] = [:]
    /// Resource shares this account owns.
    var shares: [String: ResourceShareState] = [:]
    /// Invitations this account received.
    var invitations: [String: InvitationState] = [:]

    /// Creates an empty account.
    init(
        id: AccountID, name: String, folderID: String?, tags: [String: String], joinTime: String,
        accessKeys: [World.AccessKey]
    ) {
        self.id = id
        self.name = name
        self.folderID = folderID
        self.tags = tags
        self.joinTime = joinTime
        self.accessKeys = accessKeys
    }

    /// The region's state, created on first use.
    func region(_ name: String) -> RegionState {
        if let existing = regions[name] { return existing }
        let created = RegionState()
        regions[name] = created
        return created
    }
}

/// KMS and ECS resources of one account in one region.
final class RegionState: Codable {
    /// KMS instances by id.
    var instances: [KMSInstanceID: KMSInstanceState] = [:]
    /// Keys by id.
    var keys: [KMSKeyID: KMSKeyState] = [:]
    /// Alias name → key id.
    var aliases: [String: KMSKeyID] = [:]
    /// The ECS service key (`alias/acs/ecs`), created on first default encryption.
    var serviceKeyID: KMSKeyID?
    /// Disks by id.
    var disks: [String: DiskState] = [:]
    /// Snapshots by id.
    var snapshots: [String: SnapshotState] = [:]
    /// Images by id.
    var images: [String: ImageState] = [:]

    /// Creates an empty region.
    init() {}
}

/// An assumed-role session's credentials.
struct STSSession: Codable, Sendable {
    /// `STS.…`.
    var accessKeyID: String
    /// The secret.
    var secret: String
    /// The SecurityToken.
    var securityToken: String
    /// The session identity.
    var roleName: String
    /// The RoleSessionName.
    var sessionName: String
    /// When the credentials stop working.
    var expiration: Date
    /// The session policy narrowing the role's permissions.
    var policy: StoredPolicy?
}

/// The Resource Directory.
struct DirectoryState: Codable, Sendable {
    /// The resource id.
    var id: String
    /// The root folder (`r-…`).
    var rootFolderID: String
    /// The management account.
    var managementAccount: AccountID
    /// The folders.
    var folders: [World.Folder]
}

/// Global, small state persisted in one row: the clock, the id generator and the directory.
struct CloudMeta: Codable, Sendable {
    /// Seconds the clock was advanced.
    var clockOffset: TimeInterval
    /// The id generator.
    var ids: IDGenerator
    /// The directory, when the world has one.
    var directory: DirectoryState?
    /// The world's default region.
    var defaultRegion: String
    /// The world's zones per region (nil: the default zones; see `World.zones`).
    var zones: [String: [String]]?
}
