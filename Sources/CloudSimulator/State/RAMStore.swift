import CloudModel

/// Whether a policy is one of Alibaba's (`System`) or the account's own (`Custom`).
enum PolicyType: String, Codable, Sendable {
    /// One of Alibaba's policies.
    case system = "System"
    /// The account's own policy.
    case custom = "Custom"

    /// Parses the wire value, which RAM compares exactly.
    init?(wire: String) { self.init(rawValue: wire) }
}

/// A policy attached to a role or user.
struct AttachedPolicy: Codable, Sendable, Hashable {
    /// System or custom.
    var type: PolicyType
    /// The policy name.
    var name: String
    /// When it was attached (`YYYY-MM-DDTHH:MM:SSZ`).
    var attachDate: String
}

/// A RAM role.
struct RAMRole: Codable, Sendable {
    /// The numeric role id.
    var roleID: String
    /// The name with its original case (the ARN keeps it).
    var name: String
    /// The description.
    var description: String
    /// The trust policy.
    var trust: StoredPolicy
    /// The longest STS session, in seconds.
    var maxSessionDuration: Int
    /// Creation time.
    var createDate: String
    /// Last update.
    var updateDate: String
    /// Attached policies in attach order.
    var attached: [AttachedPolicy]
    /// Creation order, for `ListRoles`.
    var order: Int
}

/// One version of a custom policy.
struct PolicyVersion: Codable, Sendable {
    /// `v1`, `v2`, …
    var id: String
    /// The document.
    var document: StoredPolicy
    /// Creation time.
    var createDate: String
}

/// A custom RAM policy with up to five versions.
struct CustomPolicy: Codable, Sendable {
    /// The name as created.
    var name: String
    /// The description.
    var description: String
    /// Versions, oldest first.
    var versions: [PolicyVersion]
    /// The default version id.
    var defaultVersion: String
    /// The number of the next version.
    var nextVersion: Int
    /// Creation time.
    var createDate: String
    /// Last update.
    var updateDate: String
    /// How many roles and users have it attached.
    var attachmentCount: Int

    /// The default version's document.
    var defaultDocument: StoredPolicy {
        versions.first { $0.id == defaultVersion }?.document ?? versions[versions.count - 1].document
    }
}

/// A RAM user (world-defined).
struct RAMUser: Codable, Sendable {
    /// The numeric user id.
    var userID: String
    /// The name.
    var name: String
    /// Attached policies.
    var attached: [AttachedPolicy]
}
