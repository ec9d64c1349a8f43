import CloudAPI
import CloudModel

/// A target of a resource share and whether it can use the resources yet.
struct ShareTarget: Codable, Sendable {
    /// The account.
    var account: AccountID
    /// `Associated`, or `Associating` while an external invitation is pending.
    var status: String
    /// The invitation an external target must accept.
    var invitationID: String?
}

/// A resource share owned by an account.
struct ResourceShareState: Codable, Sendable {
    /// The resource id.
    var id: String
    /// The display name.
    var name: String
    /// Whether accounts outside the directory may be targets.
    var allowExternalTargets: Bool
    /// The region.
    var region: String
    /// When it was created.
    var createTime: String
    /// When it last changed.
    var updateTime: String
    /// The shared resources.
    var resources: [SharedResource]
    /// The target accounts.
    var targets: [ShareTarget]
}

/// An invitation an account received.
struct InvitationState: Codable, Sendable {
    /// The resource id.
    var id: String
    /// The share.
    var shareID: String
    /// The share name.
    var shareName: String
    /// The owner of the share.
    var sender: AccountID
    /// Its status.
    var status: String
    /// When it was created.
    var createTime: String
}
