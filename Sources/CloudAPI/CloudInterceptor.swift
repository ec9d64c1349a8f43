/// A `Cloud` that handles every operation in one generic place: adopt it and write `intercept`,
/// and each protocol method forwards there (`RemoteCloud` sends the call over HTTP, ShadowCloud
/// decides where a call lands, the run's governor paces and retries, `KeyshareTesting`'s
/// `HandlerCloud` hands it to a closure). The one copy of the forwarding: a protocol method
/// without its line here leaves every adopter non-conforming, so the build says so.
package protocol CloudInterceptor: Cloud {
    /// Handles one call: usually does something around `request.send(to:context:)` on an inner cloud.
    func intercept<R: CloudRequest>(_ request: R, context: CallContext) async throws -> R.Response
}

// Every operation goes through `intercept`.
extension CloudInterceptor {
    package func createKey(_ request: CreateKeyRequest, context: CallContext) async throws -> CreateKeyResponse {
        try await intercept(request, context: context)
    }
    package func describeKey(_ request: DescribeKeyRequest, context: CallContext) async throws -> DescribeKeyResponse {
        try await intercept(request, context: context)
    }
    package func listKeys(_ request: ListKeysRequest, context: CallContext) async throws -> ListKeysResponse {
        try await intercept(request, context: context)
    }
    package func setKeyPolicy(_ request: SetKeyPolicyRequest, context: CallContext) async throws -> EmptyResponse {
        try await intercept(request, context: context)
    }
    package func getKeyPolicy(_ request: GetKeyPolicyRequest, context: CallContext) async throws -> GetKeyPolicyResponse {
        try await intercept(request, context: context)
    }
    package func enableKey(_ request: EnableKeyRequest, context: CallContext) async throws -> EmptyResponse {
        try await intercept(request, context: context)
    }
    package func disableKey(_ request: DisableKeyRequest, context: CallContext) async throws -> EmptyResponse {
        try await intercept(request, context: context)
    }
    package func scheduleKeyDeletion(_ request: ScheduleKeyDeletionRequest, context: CallContext) async throws -> EmptyResponse {
        try await intercept(request, context: context)
    }
    package func cancelKeyDeletion(_ request: CancelKeyDeletionRequest, context: CallContext) async throws -> EmptyResponse {
        try await intercept(request, context: context)
    }
    package func createAlias(_ request: CreateAliasRequest, context: CallContext) async throws -> EmptyResponse {
        try await intercept(request, context: context)
    }
    package func listAliases(_ request: ListAliasesRequest, context: CallContext) async throws -> ListAliasesResponse {
        try await intercept(request, context: context)
    }
    package func tagResource(_ request: TagResourceRequest, context: CallContext) async throws -> EmptyResponse {
        try await intercept(request, context: context)
    }
    package func untagResource(_ request: UntagResourceRequest, context: CallContext) async throws -> EmptyResponse {
        try await intercept(request, context: context)
    }
    package func encrypt(_ request: EncryptRequest, context: CallContext) async throws -> EncryptResponse {
        try await intercept(request, context: context)
    }
    package func decrypt(_ request: DecryptRequest, context: CallContext) async throws -> DecryptResponse {
        try await intercept(request, context: context)
    }
    package func generateDataKey(_ request: GenerateDataKeyRequest, context: CallContext) async throws -> GenerateDataKeyResponse
    {
        try await intercept(request, context: context)
    }
    package func getKmsInstance(_ request: GetKmsInstanceRequest, context: CallContext) async throws -> GetKmsInstanceResponse {
        try await intercept(request, context: context)
    }
    package func listKmsInstances(_ request: ListKmsInstancesRequest, context: CallContext) async throws
        -> ListKmsInstancesResponse
    {
        try await intercept(request, context: context)
    }
    package func getKmsInstanceQuotaInfos(_ request: GetKmsInstanceQuotaInfosRequest, context: CallContext) async throws
        -> GetKmsInstanceQuotaInfosResponse
    {
        try await intercept(request, context: context)
    }
    package func createRole(_ request: CreateRoleRequest, context: CallContext) async throws -> RoleResponse {
        try await intercept(request, context: context)
    }
    package func getRole(_ request: GetRoleRequest, context: CallContext) async throws -> RoleResponse {
        try await intercept(request, context: context)
    }
    package func updateRole(_ request: UpdateRoleRequest, context: CallContext) async throws -> RoleResponse {
        try await intercept(request, context: context)
    }
    package func deleteRole(_ request: DeleteRoleRequest, context: CallContext) async throws -> EmptyResponse {
        try await intercept(request, context: context)
    }
    package func listRoles(_ request: ListRolesRequest, context: CallContext) async throws -> ListRolesResponse {
        try await intercept(request, context: context)
    }
    package func createPolicy(_ request: CreatePolicyRequest, context: CallContext) async throws -> CreatePolicyResponse {
        try await intercept(request, context: context)
    }
    package func getPolicy(_ request: GetPolicyRequest, context: CallContext) async throws -> GetPolicyResponse {
        try await intercept(request, context: context)
    }
    package func createPolicyVersion(_ request: CreatePolicyVersionRequest, context: CallContext) async throws
        -> CreatePolicyVersionResponse
    {
        try await intercept(request, context: context)
    }
    package func setDefaultPolicyVersion(_ request: SetDefaultPolicyVersionRequest, context: CallContext) async throws
        -> EmptyResponse
    {
        try await intercept(request, context: context)
    }
    package func deletePolicyVersion(_ request: DeletePolicyVersionRequest, context: CallContext) async throws -> EmptyResponse {
        try await intercept(request, context: context)
    }
    package func deletePolicy(_ request: DeletePolicyRequest, context: CallContext) async throws -> EmptyResponse {
        try await intercept(request, context: context)
    }
    package func attachPolicyToRole(_ request: AttachPolicyToRoleRequest, context: CallContext) async throws -> EmptyResponse {
        try await intercept(request, context: context)
    }
    package func detachPolicyFromRole(_ request: DetachPolicyFromRoleRequest, context: CallContext) async throws -> EmptyResponse
    {
        try await intercept(request, context: context)
    }
    package func listPoliciesForRole(_ request: ListPoliciesForRoleRequest, context: CallContext) async throws
        -> ListPoliciesForRoleResponse
    {
        try await intercept(request, context: context)
    }
    package func assumeRole(_ request: AssumeRoleRequest, context: CallContext) async throws -> AssumeRoleResponse {
        try await intercept(request, context: context)
    }
    package func getCallerIdentity(_ request: GetCallerIdentityRequest, context: CallContext) async throws
        -> GetCallerIdentityResponse
    {
        try await intercept(request, context: context)
    }
    package func createDisk(_ request: CreateDiskRequest, context: CallContext) async throws -> CreateDiskResponse {
        try await intercept(request, context: context)
    }
    package func describeDisks(_ request: DescribeDisksRequest, context: CallContext) async throws -> DescribeDisksResponse {
        try await intercept(request, context: context)
    }
    package func deleteDisk(_ request: DeleteDiskRequest, context: CallContext) async throws -> EmptyResponse {
        try await intercept(request, context: context)
    }
    package func createSnapshot(_ request: CreateSnapshotRequest, context: CallContext) async throws -> CreateSnapshotResponse {
        try await intercept(request, context: context)
    }
    package func describeSnapshots(_ request: DescribeSnapshotsRequest, context: CallContext) async throws
        -> DescribeSnapshotsResponse
    {
        try await intercept(request, context: context)
    }
    package func copySnapshot(_ request: CopySnapshotRequest, context: CallContext) async throws -> CopySnapshotResponse {
        try await intercept(request, context: context)
    }
    package func createImage(_ request: CreateImageRequest, context: CallContext) async throws -> CreateImageResponse {
        try await intercept(request, context: context)
    }
    package func describeImages(_ request: DescribeImagesRequest, context: CallContext) async throws -> DescribeImagesResponse {
        try await intercept(request, context: context)
    }
    package func copyImage(_ request: CopyImageRequest, context: CallContext) async throws -> CopyImageResponse {
        try await intercept(request, context: context)
    }
    package func modifyImageSharePermission(_ request: ModifyImageSharePermissionRequest, context: CallContext) async throws
        -> EmptyResponse
    {
        try await intercept(request, context: context)
    }
    package func describeImageSharePermission(_ request: DescribeImageSharePermissionRequest, context: CallContext) async throws
        -> DescribeImageSharePermissionResponse
    {
        try await intercept(request, context: context)
    }
    package func describeZones(_ request: DescribeZonesRequest, context: CallContext) async throws -> DescribeZonesResponse {
        try await intercept(request, context: context)
    }
    package func listAccounts(_ request: ListAccountsRequest, context: CallContext) async throws -> ListAccountsResponse {
        try await intercept(request, context: context)
    }
    package func getAccount(_ request: GetAccountRequest, context: CallContext) async throws -> GetAccountResponse {
        try await intercept(request, context: context)
    }
    package func listFoldersForParent(_ request: ListFoldersForParentRequest, context: CallContext) async throws
        -> ListFoldersForParentResponse
    {
        try await intercept(request, context: context)
    }
    package func createResourceShare(_ request: CreateResourceShareRequest, context: CallContext) async throws
        -> CreateResourceShareResponse
    {
        try await intercept(request, context: context)
    }
    package func associateResourceShare(_ request: AssociateResourceShareRequest, context: CallContext) async throws
        -> AssociateResourceShareResponse
    {
        try await intercept(request, context: context)
    }
    package func listResourceShares(_ request: ListResourceSharesRequest, context: CallContext) async throws
        -> ListResourceSharesResponse
    {
        try await intercept(request, context: context)
    }
    package func listResourceShareInvitations(_ request: ListResourceShareInvitationsRequest, context: CallContext) async throws
        -> ListResourceShareInvitationsResponse
    {
        try await intercept(request, context: context)
    }
    package func acceptResourceShareInvitation(_ request: AcceptResourceShareInvitationRequest, context: CallContext) async throws
        -> AcceptResourceShareInvitationResponse
    {
        try await intercept(request, context: context)
    }
}
