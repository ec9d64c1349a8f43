import CloudAPI

// KMS: every operation is one line through `perform`.

extension RemoteCloud: KMSAPI {
    package func createKey(_ request: CreateKeyRequest, context: CallContext) async throws -> CreateKeyResponse {
        try await perform(request, context: context)
    }
    package func describeKey(_ request: DescribeKeyRequest, context: CallContext) async throws -> DescribeKeyResponse {
        try await perform(request, context: context)
    }
    package func listAliases(_ request: ListAliasesRequest, context: CallContext) async throws -> ListAliasesResponse {
        try await perform(request, context: context)
    }
    package func listKeys(_ request: ListKeysRequest, context: CallContext) async throws -> ListKeysResponse {
        try await perform(request, context: context)
    }
    package func setKeyPolicy(_ request: SetKeyPolicyRequest, context: CallContext) async throws -> EmptyResponse {
        try await perform(request, context: context)
    }
    package func getKeyPolicy(_ request: GetKeyPolicyRequest, context: CallContext) async throws -> GetKeyPolicyResponse {
        try await perform(request, context: context)
    }
    package func enableKey(_ request: EnableKeyRequest, context: CallContext) async throws -> EmptyResponse {
        try await perform(request, context: context)
    }
    package func disableKey(_ request: DisableKeyRequest, context: CallContext) async throws -> EmptyResponse {
        try await perform(request, context: context)
    }
    package func scheduleKeyDeletion(_ request: ScheduleKeyDeletionRequest, context: CallContext) async throws -> EmptyResponse {
        try await perform(request, context: context)
    }
    package func cancelKeyDeletion(_ request: CancelKeyDeletionRequest, context: CallContext) async throws -> EmptyResponse {
        try await perform(request, context: context)
    }
    package func createAlias(_ request: CreateAliasRequest, context: CallContext) async throws -> EmptyResponse {
        try await perform(request, context: context)
    }
    package func tagResource(_ request: TagResourceRequest, context: CallContext) async throws -> EmptyResponse {
        try await perform(request, context: context)
    }
    package func untagResource(_ request: UntagResourceRequest, context: CallContext) async throws -> EmptyResponse {
        try await perform(request, context: context)
    }
    package func encrypt(_ request: EncryptRequest, context: CallContext) async throws -> EncryptResponse {
        try await perform(request, context: context)
    }
    package func decrypt(_ request: DecryptRequest, context: CallContext) async throws -> DecryptResponse {
        try await perform(request, context: context)
    }
    package func generateDataKey(_ request: GenerateDataKeyRequest, context: CallContext) async throws -> GenerateDataKeyResponse {
        try await perform(request, context: context)
    }
    package func getKmsInstance(_ request: GetKmsInstanceRequest, context: CallContext) async throws -> GetKmsInstanceResponse {
        try await perform(request, context: context)
    }
    package func listKmsInstances(_ request: ListKmsInstancesRequest, context: CallContext) async throws -> ListKmsInstancesResponse {
        try await perform(request, context: context)
    }
    package func getKmsInstanceQuotaInfos(_ request: GetKmsInstanceQuotaInfosRequest, context: CallContext) async throws -> GetKmsInstanceQuotaInfosResponse {
        try await perform(request, context: context)
    }
}
