/// One account a rollout acts on, with what the inventory knows about it.
///
/// Rollout knows nothing about clouds: the id is the account UID as text, and the Runner turns it
/// into a typed `AccountID` when it builds the target's account handle.
package struct RolloutTarget: Sendable, Hashable, Codable {
    /// The account UID (unique within a rollout).
    package var id: String
    /// A display name (the account's name in the directory or the inventory file).
    package var name: String
    /// The Resource Directory folder, when the inventory knows it.
    package var folder: String?
    /// Tags such as `env` and `team`, used by inventory filters and shown by reporters.
    package var tags: [String: String]

    /// Creates a target; the name defaults to the id.
    package init(id: String, name: String? = nil, folder: String? = nil, tags: [String: String] = [:]) {
        self.id = id
        self.name = name ?? id
        self.folder = folder
        self.tags = tags
    }
}
