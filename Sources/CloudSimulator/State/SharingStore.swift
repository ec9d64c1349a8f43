import CloudAPI
import CloudModel

/// A target of a resource share and whether it can use the resources yet.
struct ShareTarget: Codable, Sendable {
    var account: AccountID
    /// `Associated`, or `Associating` while an external invitation is pending.
    var status: String
    var invitationID: String?
}

/// A resource share owned by an account.
struct ResourceShareState: Codable, Sendable {
    var id: String
    var name: String
    var allowExternalTargets: Bool
    var region: String
    var createTime: String
    var updateTime: String
    var resources: [SharedResource]
    var targets: [ShareTarget]
}

/// An invitation an account received.
struct InvitationState: Codable, Sendable {
    var id: String
    var shareID: String
    var shareName: String
    var sender: AccountID
    var status: String
    var createTime: String
}
