/// Every operation keyshare knows, one case each, in product order: the single list the operation
/// table (`CloudOperations.all`), the server's routes and the Lua bindings are built from.
///
/// A request type must name its case (`CloudRequest.operation`), and `requestType` must name the
/// type of every case, so an operation cannot be half added: a request type without a case, or a
/// case without a type, does not compile. `OperationTableTests` checks the rest from this table:
/// each case's type names that case back and has its route, its binding and stub, and its
/// simulator behaviour. Adding an operation: see `CloudRequest`.
package enum CloudOperation: CaseIterable, Hashable, Sendable {
    // KMS
    case createKey, describeKey, listKeys, setKeyPolicy, getKeyPolicy, enableKey, disableKey, scheduleKeyDeletion
    case cancelKeyDeletion, createAlias, listAliases, tagResource, untagResource, encrypt, decrypt, generateDataKey
    case getKmsInstance, listKmsInstances, getKmsInstanceQuotaInfos
    // RAM
    case createRole, getRole, updateRole, deleteRole, listRoles, createPolicy, getPolicy, createPolicyVersion
    case setDefaultPolicyVersion, deletePolicyVersion, deletePolicy, attachPolicyToRole, detachPolicyFromRole
    case listPoliciesForRole
    // STS
    case assumeRole, getCallerIdentity
    // ECS
    case createDisk, describeDisks, deleteDisk, createSnapshot, describeSnapshots, copySnapshot, createImage
    case describeImages, copyImage, modifyImageSharePermission, describeImageSharePermission, describeZones
    // ResourceManager
    case listAccounts, getAccount, listFoldersForParent
    // Resource Sharing
    case createResourceShare, associateResourceShare, listResourceShares, listResourceShareInvitations
    case acceptResourceShareInvitation

    /// The request type that carries this operation.
    package var requestType: any CloudRequest.Type {
        switch self {
        case .createKey: CreateKeyRequest.self
        case .describeKey: DescribeKeyRequest.self
        case .listKeys: ListKeysRequest.self
        case .setKeyPolicy: SetKeyPolicyRequest.self
        case .getKeyPolicy: GetKeyPolicyRequest.self
        case .enableKey: EnableKeyRequest.self
        case .disableKey: DisableKeyRequest.self
        case .scheduleKeyDeletion: ScheduleKeyDeletionRequest.self
        case .cancelKeyDeletion: CancelKeyDeletionRequest.self
        case .createAlias: CreateAliasRequest.self
        case .listAliases: ListAliasesRequest.self
        case .tagResource: TagResourceRequest.self
        case .untagResource: UntagResourceRequest.self
        case .encrypt: EncryptRequest.self
        case .decrypt: DecryptRequest.self
        case .generateDataKey: GenerateDataKeyRequest.self
        case .getKmsInstance: GetKmsInstanceRequest.self
        case .listKmsInstances: ListKmsInstancesRequest.self
        case .getKmsInstanceQuotaInfos: GetKmsInstanceQuotaInfosRequest.self
        case .createRole: CreateRoleRequest.self
        case .getRole: GetRoleRequest.self
        case .updateRole: UpdateRoleRequest.self
        case .deleteRole: DeleteRoleRequest.self
        case .listRoles: ListRolesRequest.self
        case .createPolicy: CreatePolicyRequest.self
        case .getPolicy: GetPolicyRequest.self
        case .createPolicyVersion: CreatePolicyVersionRequest.self
        case .setDefaultPolicyVersion: SetDefaultPolicyVersionRequest.self
        case .deletePolicyVersion: DeletePolicyVersionRequest.self
        case .deletePolicy: DeletePolicyRequest.self
        case .attachPolicyToRole: AttachPolicyToRoleRequest.self
        case .detachPolicyFromRole: DetachPolicyFromRoleRequest.self
        case .listPoliciesForRole: ListPoliciesForRoleRequest.self
        case .assumeRole: AssumeRoleRequest.self
        case .getCallerIdentity: GetCallerIdentityRequest.self
        case .createDisk: CreateDiskRequest.self
        case .describeDisks: DescribeDisksRequest.self
        case .deleteDisk: DeleteDiskRequest.self
        case .createSnapshot: CreateSnapshotRequest.self
        case .describeSnapshots: DescribeSnapshotsRequest.self
        case .copySnapshot: CopySnapshotRequest.self
        case .createImage: CreateImageRequest.self
        case .describeImages: DescribeImagesRequest.self
        case .copyImage: CopyImageRequest.self
        case .modifyImageSharePermission: ModifyImageSharePermissionRequest.self
        case .describeImageSharePermission: DescribeImageSharePermissionRequest.self
        case .describeZones: DescribeZonesRequest.self
        case .listAccounts: ListAccountsRequest.self
        case .getAccount: GetAccountRequest.self
        case .listFoldersForParent: ListFoldersForParentRequest.self
        case .createResourceShare: CreateResourceShareRequest.self
        case .associateResourceShare: AssociateResourceShareRequest.self
        case .listResourceShares: ListResourceSharesRequest.self
        case .listResourceShareInvitations: ListResourceShareInvitationsRequest.self
        case .acceptResourceShareInvitation: AcceptResourceShareInvitationRequest.self
        }
    }
}
