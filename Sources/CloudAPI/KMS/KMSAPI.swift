/// Key Management Service (2016-01-20): keys, key policies, cryptography and KMS 3.0 instances.
package protocol KMSAPI: Sendable {
    /// Creates a key, inside a KMS instance when `DKMSInstanceId` is given.
    func createKey(_ request: CreateKeyRequest, context: CallContext) async throws -> CreateKeyResponse
    /// Describes a key by ID, alias or ARN (ARN required across accounts).
    func describeKey(_ request: DescribeKeyRequest, context: CallContext) async throws -> DescribeKeyResponse
    /// Lists the caller's own keys.
    func listKeys(_ request: ListKeysRequest, context: CallContext) async throws -> ListKeysResponse
    /// Replaces the key policy.
    func setKeyPolicy(_ request: SetKeyPolicyRequest, context: CallContext) async throws -> EmptyResponse
    /// Reads the key policy.
    func getKeyPolicy(_ request: GetKeyPolicyRequest, context: CallContext) async throws -> GetKeyPolicyResponse
    /// Enables a key.
    func enableKey(_ request: EnableKeyRequest, context: CallContext) async throws -> EmptyResponse
    /// Disables a key.
    func disableKey(_ request: DisableKeyRequest, context: CallContext) async throws -> EmptyResponse
    /// Schedules a key for deletion after a pending window.
    func scheduleKeyDeletion(_ request: ScheduleKeyDeletionRequest, context: CallContext) async throws
        -> EmptyResponse
    /// Cancels a scheduled deletion.
    func cancelKeyDeletion(_ request: CancelKeyDeletionRequest, context: CallContext) async throws -> EmptyResponse
    /// Creates an alias for a key.
    func createAlias(_ request: CreateAliasRequest, context: CallContext) async throws -> EmptyResponse
    /// Lists the caller's aliases in the region.
    func listAliases(_ request: ListAliasesRequest, context: CallContext) async throws -> ListAliasesResponse
    /// Tags a key.
    func tagResource(_ request: TagResourceRequest, context: CallContext) async throws -> EmptyResponse
    /// Removes tags from a key.
    func untagResource(_ request: UntagResourceRequest, context: CallContext) async throws -> EmptyResponse
    /// Encrypts up to 6 KiB of data under a key.
    func encrypt(_ request: EncryptRequest, context: CallContext) async throws -> EncryptResponse
    /// Decrypts a ciphertext blob made by `encrypt` or `generateDataKey`.
    func decrypt(_ request: DecryptRequest, context: CallContext) async throws -> DecryptResponse
    /// Makes a data key, returned in plaintext and encrypted under the key.
    func generateDataKey(_ request: GenerateDataKeyRequest, context: CallContext) async throws
        -> GenerateDataKeyResponse
    /// Describes a KMS 3.0 instance, including its access-management quota `VpcNum`.
    func getKmsInstance(_ request: GetKmsInstanceRequest, context: CallContext) async throws
        -> GetKmsInstanceResponse
    /// Lists the caller's KMS instances.
    func listKmsInstances(_ request: ListKmsInstancesRequest, context: CallContext) async throws
        -> ListKmsInstancesResponse
    /// Reports an instance's quotas and their use (`vpc` = VPCs + accounts shared with).
    func getKmsInstanceQuotaInfos(_ request: GetKmsInstanceQuotaInfosRequest, context: CallContext) async throws
        -> GetKmsInstanceQuotaInfosResponse
}

/// The KMS request types, in the order of the API reference.
package enum KMSOperations {
    /// Every KMS operation keyshare knows.
    package static let all: [any CloudRequest.Type] = CloudOperations.all(of: .kms)
}
