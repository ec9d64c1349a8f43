import CloudAPI

// STS: every operation is one line through `perform`.

extension RemoteCloud: STSAPI {
    package func assumeRole(_ request: AssumeRoleRequest, context: CallContext) async throws -> AssumeRoleResponse {
        try await perform(request, context: context)
    }
    package func getCallerIdentity(_ request: GetCallerIdentityRequest, context: CallContext) async throws -> GetCallerIdentityResponse {
        try await perform(request, context: context)
    }
}
