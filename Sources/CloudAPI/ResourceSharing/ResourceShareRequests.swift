// Resource Sharing requests. Fields mirror the wire parameters of the same name.

/// `CreateResourceShare`.
package struct CreateResourceShareRequest: CloudRequest, Hashable {
    package typealias Response = CreateResourceShareResponse
    package static let product = CloudProduct.resourceSharing
    package static let action = "CreateResourceShare"
    package static let operation = CloudOperation.createResourceShare
    package var resourceShareName: String
    package var resources: [SharedResource]?
    /// Account UIDs (or `rd-…`/`fd-…` directory targets).
    package var targets: [String]?
    package var allowExternalTargets: Bool?
    package var permissionNames: [String]?
    enum CodingKeys: String, CodingKey {
        case resourceShareName = "ResourceShareName"
        case resources = "Resources"
        case targets = "Targets"
        case allowExternalTargets = "AllowExternalTargets"
        case permissionNames = "PermissionNames"
    }
    /// Creates the request.
    package init(
        resourceShareName: String, resources: [SharedResource]? = nil, targets: [String]? = nil,
        allowExternalTargets: Bool? = nil, permissionNames: [String]? = nil
    ) {
        self.resourceShareName = resourceShareName
        self.resources = resources
        self.targets = targets
        self.allowExternalTargets = allowExternalTargets
        self.permissionNames = permissionNames
    }
}

/// The answer to `CreateResourceShare`.
package struct CreateResourceShareResponse: Codable, Sendable, Hashable {
    package var resourceShare: ResourceShareInfo
    enum CodingKeys: String, CodingKey { case resourceShare = "ResourceShare" }
    /// Wraps the share.
    package init(resourceShare: ResourceShareInfo) { self.resourceShare = resourceShare }
}

/// `AssociateResourceShare`.
package struct AssociateResourceShareRequest: CloudRequest, Hashable {
    package typealias Response = AssociateResourceShareResponse
    package static let product = CloudProduct.resourceSharing
    package static let action = "AssociateResourceShare"
    package static let operation = CloudOperation.associateResourceShare
    package var resourceShareID: String
    package var resources: [SharedResource]?
    package var targets: [String]?
    enum CodingKeys: String, CodingKey {
        case resourceShareID = "ResourceShareId"
        case resources = "Resources"
        case targets = "Targets"
    }
    /// Creates the request.
    package init(resourceShareID: String, resources: [SharedResource]? = nil, targets: [String]? = nil) {
        self.resourceShareID = resourceShareID
        self.resources = resources
        self.targets = targets
    }
}

/// One association of a share with a resource or a target.
package struct ResourceShareAssociation: Codable, Sendable, Hashable {
    package var resourceShareID: String
    package var entityID: String
    /// `Snapshot` for resources, `Account` for targets.
    package var entityType: String
    /// `Resource` or `Target`.
    package var associationType: String
    /// `Associating`, `Associated`, `Failed`, …
    package var associationStatus: String
    enum CodingKeys: String, CodingKey {
        case resourceShareID = "ResourceShareId"
        case entityID = "EntityId"
        case entityType = "EntityType"
        case associationType = "AssociationType"
        case associationStatus = "AssociationStatus"
    }
    /// Creates an association.
    package init(
        resourceShareID: String, entityID: String, entityType: String, associationType: String,
        associationStatus: String
    ) {
        self.resourceShareID = resourceShareID
        self.entityID = entityID
        self.entityType = entityType
        self.associationType = associationType
        self.associationStatus = associationStatus
    }
}

/// The answer to `AssociateResourceShare` (a plain array).
package struct AssociateResourceShareResponse: Codable, Sendable, Hashable {
    package var resourceShareAssociations: [ResourceShareAssociation]
    enum CodingKeys: String, CodingKey { case resourceShareAssociations = "ResourceShareAssociations" }
    /// Wraps the associations.
    package init(resourceShareAssociations: [ResourceShareAssociation]) {
        self.resourceShareAssociations = resourceShareAssociations
    }
}

/// `ListResourceShares`.
package struct ListResourceSharesRequest: CloudRequest, Hashable {
    package typealias Response = ListResourceSharesResponse
    package static let product = CloudProduct.resourceSharing
    package static let action = "ListResourceShares"
    package static let operation = CloudOperation.listResourceShares
    /// `Self` or `OtherAccounts`.
    package var resourceOwner: String
    package var resourceShareIDs: [String]?
    package var resourceShareStatus: String?
    package var maxResults: Int?
    package var nextToken: String?
    enum CodingKeys: String, CodingKey {
        case resourceOwner = "ResourceOwner"
        case resourceShareIDs = "ResourceShareIds"
        case resourceShareStatus = "ResourceShareStatus"
        case maxResults = "MaxResults"
        case nextToken = "NextToken"
    }
    /// Creates the request.
    package init(
        resourceOwner: String, resourceShareIDs: [String]? = nil, resourceShareStatus: String? = nil,
        maxResults: Int? = nil, nextToken: String? = nil
    ) {
        self.resourceOwner = resourceOwner
        self.resourceShareIDs = resourceShareIDs
        self.resourceShareStatus = resourceShareStatus
        self.maxResults = maxResults
        self.nextToken = nextToken
    }
}

/// The answer to `ListResourceShares` (a plain array).
package struct ListResourceSharesResponse: Codable, Sendable, Hashable {
    package var resourceShares: [ResourceShareInfo]
    package var nextToken: String?
    enum CodingKeys: String, CodingKey {
        case resourceShares = "ResourceShares"
        case nextToken = "NextToken"
    }
    /// Creates a page.
    package init(resourceShares: [ResourceShareInfo], nextToken: String?) {
        self.resourceShares = resourceShares
        self.nextToken = nextToken
    }
}

/// An invitation to a share from outside the resource directory.
package struct ResourceShareInvitation: Codable, Sendable, Hashable {
    package var resourceShareInvitationID: String
    package var resourceShareID: String
    package var resourceShareName: String
    package var senderAccountID: String
    package var receiverAccountID: String
    /// `Pending`, `Accepted`, `Rejected`, `Expired`.
    package var status: String
    package var createTime: String
    enum CodingKeys: String, CodingKey {
        case resourceShareInvitationID = "ResourceShareInvitationId"
        case resourceShareID = "ResourceShareId"
        case resourceShareName = "ResourceShareName"
        case senderAccountID = "SenderAccountId"
        case receiverAccountID = "ReceiverAccountId"
        case status = "Status"
        case createTime = "CreateTime"
    }
    /// Creates an invitation.
    package init(
        resourceShareInvitationID: String, resourceShareID: String, resourceShareName: String,
        senderAccountID: String, receiverAccountID: String, status: String, createTime: String
    ) {
        self.resourceShareInvitationID = resourceShareInvitationID
        self.resourceShareID = resourceShareID
        self.resourceShareName = resourceShareName
        self.senderAccountID = senderAccountID
        self.receiverAccountID = receiverAccountID
        self.status = status
        self.createTime = createTime
    }
}

/// `ListResourceShareInvitations`.
package struct ListResourceShareInvitationsRequest: CloudRequest, Hashable {
    package typealias Response = ListResourceShareInvitationsResponse
    package static let product = CloudProduct.resourceSharing
    package static let action = "ListResourceShareInvitations"
    package static let operation = CloudOperation.listResourceShareInvitations
    package var maxResults: Int?
    package var nextToken: String?
    enum CodingKeys: String, CodingKey {
        case maxResults = "MaxResults"
        case nextToken = "NextToken"
    }
    /// Creates the request.
    package init(maxResults: Int? = nil, nextToken: String? = nil) {
        self.maxResults = maxResults
        self.nextToken = nextToken
    }
}

/// The answer to `ListResourceShareInvitations` (a plain array).
package struct ListResourceShareInvitationsResponse: Codable, Sendable, Hashable {
    package var resourceShareInvitations: [ResourceShareInvitation]
    package var nextToken: String?
    enum CodingKeys: String, CodingKey {
        case resourceShareInvitations = "ResourceShareInvitations"
        case nextToken = "NextToken"
    }
    /// Creates a page.
    package init(resourceShareInvitations: [ResourceShareInvitation], nextToken: String?) {
        self.resourceShareInvitations = resourceShareInvitations
        self.nextToken = nextToken
    }
}

/// `AcceptResourceShareInvitation`.
package struct AcceptResourceShareInvitationRequest: CloudRequest, Hashable {
    package typealias Response = AcceptResourceShareInvitationResponse
    package static let product = CloudProduct.resourceSharing
    package static let action = "AcceptResourceShareInvitation"
    package static let operation = CloudOperation.acceptResourceShareInvitation
    package var resourceShareInvitationID: String
    enum CodingKeys: String, CodingKey { case resourceShareInvitationID = "ResourceShareInvitationId" }
    /// Creates the request.
    package init(resourceShareInvitationID: String) { self.resourceShareInvitationID = resourceShareInvitationID }
}

/// The answer to `AcceptResourceShareInvitation`.
package struct AcceptResourceShareInvitationResponse: Codable, Sendable, Hashable {
    package var resourceShareInvitation: ResourceShareInvitation
    enum CodingKeys: String, CodingKey { case resourceShareInvitation = "ResourceShareInvitation" }
    /// Wraps the invitation.
    package init(resourceShareInvitation: ResourceShareInvitation) {
        self.resourceShareInvitation = resourceShareInvitation
    }
}

// The `Cloud` method of each operation above: a name for `call` with its request type.
extension Cloud {
    /// Creates a resource share, optionally with resources and targets.
    package func createResourceShare(_ request: CreateResourceShareRequest, context: CallContext) async throws
        -> CreateResourceShareResponse
    {
        try await call(request, context: context)
    }
    /// Adds resources or targets to a share.
    package func associateResourceShare(_ request: AssociateResourceShareRequest, context: CallContext) async throws
        -> AssociateResourceShareResponse
    {
        try await call(request, context: context)
    }
    /// Lists shares the caller owns (`Self`) or receives (`OtherAccounts`).
    package func listResourceShares(_ request: ListResourceSharesRequest, context: CallContext) async throws
        -> ListResourceSharesResponse
    {
        try await call(request, context: context)
    }
    /// Lists invitations the caller received.
    package func listResourceShareInvitations(_ request: ListResourceShareInvitationsRequest, context: CallContext) async throws
        -> ListResourceShareInvitationsResponse
    {
        try await call(request, context: context)
    }
    /// Accepts an invitation from an account outside the resource directory.
    package func acceptResourceShareInvitation(_ request: AcceptResourceShareInvitationRequest, context: CallContext) async throws
        -> AcceptResourceShareInvitationResponse
    {
        try await call(request, context: context)
    }
}
