import CloudAPI

// ResourceSharing: every operation is one line through `perform`.

extension RemoteCloud: ResourceSharingAPI {
    package func createResourceShare(_ request: CreateResourceShareRequest, context: CallContext) async throws -> CreateResourceShareResponse {
        try await perform(request, context: context)
    }
    package func associateResourceShare(_ request: AssociateResourceShareRequest, context: CallContext) async throws -> AssociateResourceShareResponse {
        try await perform(request, context: context)
    }
    package func listResourceShares(_ request: ListResourceSharesRequest, context: CallContext) async throws -> ListResourceSharesResponse {
        try await perform(request, context: context)
    }
    package func listResourceShareInvitations(_ request: ListResourceShareInvitationsRequest, context: CallContext) async throws -> ListResourceShareInvitationsResponse {
        try await perform(request, context: context)
    }
    package func acceptResourceShareInvitation(_ request: AcceptResourceShareInvitationRequest, context: CallContext) async throws -> AcceptResourceShareInvitationResponse {
        try await perform(request, context: context)
    }
}
