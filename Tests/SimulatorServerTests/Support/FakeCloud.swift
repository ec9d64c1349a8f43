import CloudAPI

/// A small stand-in `Cloud` for server tests: every operation goes to one handler, which
/// answers the few actions a test cares about and throws `CloudError` for the rest.
///
/// Generated from the CloudAPI protocols (one forwarding line per operation).
struct FakeCloud: Cloud {
    /// Answers a request; return a value of the request's `Response` type.
    typealias Handler = @Sendable (any CloudRequest, CallContext) async throws -> any Sendable
    let handler: Handler

    private func forward<Request: CloudRequest>(_ request: Request, _ context: CallContext) async throws
        -> Request.Response
    {
        let answer = try await handler(request, context)
        guard let response = answer as? Request.Response else {
            throw CloudError(code: "InternalError", message: "fake answered \(Request.action) with \(type(of: answer))",
                             httpStatus: 500)
        }
        return response
    }

    func createDisk(_ request: CreateDiskRequest, context: CallContext) async throws -> CreateDiskResponse { try await forward(request, context) }
    func describeDisks(_ request: DescribeDisksRequest, context: CallContext) async throws -> DescribeDisksResponse { try await forward(request, context) }
    func deleteDisk(_ request: DeleteDiskRequest, context: CallContext) async throws -> EmptyResponse { try await forward(request, context) }
    func createSnapshot(_ request: CreateSnapshotRequest, context: CallContext) async throws -> CreateSnapshotResponse { try await forward(request, context) }
    func describeSnapshots(_ request: DescribeSnapshotsRequest, context: CallContext) async throws -> DescribeSnapshotsResponse { try await forward(request, context) }
    func copySnapshot(_ request: CopySnapshotRequest, context: CallContext) async throws -> CopySnapshotResponse { try await forward(request, context) }
    func createImage(_ request: CreateImageRequest, context: CallContext) async throws -> CreateImageResponse { try await forward(request, context) }
    func describeImages(_ request: DescribeImagesRequest, context: CallContext) async throws -> DescribeImagesResponse { try await forward(request, context) }
    func copyImage(_ request: CopyImageRequest, context: CallContext) async throws -> CopyImageResponse { try await forward(request, context) }
    func modifyImageSharePermission(_ request: ModifyImageSharePermissionRequest, context: CallContext) async throws -> EmptyResponse { try await forward(request, context) }
    func describeImageSharePermission(_ request: DescribeImageSharePermissionRequest, context: CallContext) async throws -> DescribeImageSharePermissionResponse { try await forward(request, context) }
    func describeZones(_ request: DescribeZonesRequest, context: CallContext) async throws -> DescribeZonesResponse { try await forward(request, context) }
    func createKey(_ request: CreateKeyRequest, context: CallContext) async throws -> CreateKeyResponse { try await forward(request, context) }
    func describeKey(_ request: DescribeKeyRequest, context: CallContext) async throws -> DescribeKeyResponse { try await forward(request, context) }
    func listKeys(_ request: ListKeysRequest, context: CallContext) async throws -> ListKeysResponse { try await forward(request, context) }
    func listAliases(_ request: ListAliasesRequest, context: CallContext) async throws -> ListAliasesResponse { try await forward(request, context) }
    func setKeyPolicy(_ request: SetKeyPolicyRequest, context: CallContext) async throws -> EmptyResponse { try await forward(request, context) }
    func getKeyPolicy(_ request: GetKeyPolicyRequest, context: CallContext) async throws -> GetKeyPolicyResponse { try await forward(request, context) }
    func enableKey(_ request: EnableKeyRequest, context: CallContext) async throws -> EmptyResponse { try await forward(request, context) }
    func disableKey(_ request: DisableKeyRequest, context: CallContext) async throws -> EmptyResponse { try await forward(request, context) }
    func scheduleKeyDeletion(_ request: ScheduleKeyDeletionRequest, context: CallContext) async throws -> EmptyResponse { try await forward(request, context) }
    func cancelKeyDeletion(_ request: CancelKeyDeletionRequest, context: CallContext) async throws -> EmptyResponse { try await forward(request, context) }
    func createAlias(_ request: CreateAliasRequest, context: CallContext) async throws -> EmptyResponse { try await forward(request, context) }
    func tagResource(_ request: TagResourceRequest, context: CallContext) async throws -> EmptyResponse { try await forward(request, context) }
    func untagResource(_ request: UntagResourceRequest, context: CallContext) async throws -> EmptyResponse { try await forward(request, context) }
    func encrypt(_ request: EncryptRequest, context: CallContext) async throws -> EncryptResponse { try await forward(request, context) }
    func decrypt(_ request: DecryptRequest, context: CallContext) async throws -> DecryptResponse { try await forward(request, context) }
    func generateDataKey(_ request: GenerateDataKeyRequest, context: CallContext) async throws -> GenerateDataKeyResponse { try await forward(request, context) }
    func getKmsInstance(_ request: GetKmsInstanceRequest, context: CallContext) async throws -> GetKmsInstanceResponse { try await forward(request, context) }
    func listKmsInstances(_ request: ListKmsInstancesRequest, context: CallContext) async throws -> ListKmsInstancesResponse { try await forward(request, context) }
    func getKmsInstanceQuotaInfos(_ request: GetKmsInstanceQuotaInfosRequest, context: CallContext) async throws -> GetKmsInstanceQuotaInfosResponse { try await forward(request, context) }
    func createRole(_ request: CreateRoleRequest, context: CallContext) async throws -> RoleResponse { try await forward(request, context) }
    func getRole(_ request: GetRoleRequest, context: CallContext) async throws -> RoleResponse { try await forward(request, context) }
    func updateRole(_ request: UpdateRoleRequest, context: CallContext) async throws -> RoleResponse { try await forward(request, context) }
    func deleteRole(_ request: DeleteRoleRequest, context: CallContext) async throws -> EmptyResponse { try await forward(request, context) }
    func listRoles(_ request: ListRolesRequest, context: CallContext) async throws -> ListRolesResponse { try await forward(request, context) }
    func createPolicy(_ request: CreatePolicyRequest, context: CallContext) async throws -> CreatePolicyResponse { try await forward(request, context) }
    func getPolicy(_ request: GetPolicyRequest, context: CallContext) async throws -> GetPolicyResponse { try await forward(request, context) }
    func createPolicyVersion(_ request: CreatePolicyVersionRequest, context: CallContext) async throws -> CreatePolicyVersionResponse { try await forward(request, context) }
    func setDefaultPolicyVersion(_ request: SetDefaultPolicyVersionRequest, context: CallContext) async throws -> EmptyResponse { try await forward(request, context) }
    func deletePolicyVersion(_ request: DeletePolicyVersionRequest, context: CallContext) async throws -> EmptyResponse { try await forward(request, context) }
    func deletePolicy(_ request: DeletePolicyRequest, context: CallContext) async throws -> EmptyResponse { try await forward(request, context) }
    func attachPolicyToRole(_ request: AttachPolicyToRoleRequest, context: CallContext) async throws -> EmptyResponse { try await forward(request, context) }
    func detachPolicyFromRole(_ request: DetachPolicyFromRoleRequest, context: CallContext) async throws -> EmptyResponse { try await forward(request, context) }
    func listPoliciesForRole(_ request: ListPoliciesForRoleRequest, context: CallContext) async throws -> ListPoliciesForRoleResponse { try await forward(request, context) }
    func listAccounts(_ request: ListAccountsRequest, context: CallContext) async throws -> ListAccountsResponse { try await forward(request, context) }
    func getAccount(_ request: GetAccountRequest, context: CallContext) async throws -> GetAccountResponse { try await forward(request, context) }
    func listFoldersForParent(_ request: ListFoldersForParentRequest, context: CallContext) async throws -> ListFoldersForParentResponse { try await forward(request, context) }
    func createResourceShare(_ request: CreateResourceShareRequest, context: CallContext) async throws -> CreateResourceShareResponse { try await forward(request, context) }
    func associateResourceShare(_ request: AssociateResourceShareRequest, context: CallContext) async throws -> AssociateResourceShareResponse { try await forward(request, context) }
    func listResourceShares(_ request: ListResourceSharesRequest, context: CallContext) async throws -> ListResourceSharesResponse { try await forward(request, context) }
    func listResourceShareInvitations(_ request: ListResourceShareInvitationsRequest, context: CallContext) async throws -> ListResourceShareInvitationsResponse { try await forward(request, context) }
    func acceptResourceShareInvitation(_ request: AcceptResourceShareInvitationRequest, context: CallContext) async throws -> AcceptResourceShareInvitationResponse { try await forward(request, context) }
    func assumeRole(_ request: AssumeRoleRequest, context: CallContext) async throws -> AssumeRoleResponse { try await forward(request, context) }
    func getCallerIdentity(_ request: GetCallerIdentityRequest, context: CallContext) async throws -> GetCallerIdentityResponse { try await forward(request, context) }
}
