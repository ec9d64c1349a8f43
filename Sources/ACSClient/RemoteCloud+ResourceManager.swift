import CloudAPI

// ResourceManager: every operation is one line through `perform`.

extension RemoteCloud: ResourceManagerAPI {
    package func listAccounts(_ request: ListAccountsRequest, context: CallContext) async throws -> ListAccountsResponse {
        try await perform(request, context: context)
    }
    package func getAccount(_ request: GetAccountRequest, context: CallContext) async throws -> GetAccountResponse {
        try await perform(request, context: context)
    }
    package func listFoldersForParent(_ request: ListFoldersForParentRequest, context: CallContext) async throws
        -> ListFoldersForParentResponse
    {
        try await perform(request, context: context)
    }
}
