/// Resource Access Management (2015-05-01): roles, custom policies and their attachments.
package protocol RAMAPI: Sendable {
    /// Creates a role with a trust policy.
    func createRole(_ request: CreateRoleRequest, context: CallContext) async throws -> RoleResponse
    /// Reads a role, including its trust policy.
    func getRole(_ request: GetRoleRequest, context: CallContext) async throws -> RoleResponse
    /// Replaces a role's trust policy, session duration or description.
    func updateRole(_ request: UpdateRoleRequest, context: CallContext) async throws -> RoleResponse
    /// Deletes a role that has no attached policies.
    func deleteRole(_ request: DeleteRoleRequest, context: CallContext) async throws -> EmptyResponse
    /// Lists roles, paged by marker.
    func listRoles(_ request: ListRolesRequest, context: CallContext) async throws -> ListRolesResponse
    /// Creates a custom policy.
    func createPolicy(_ request: CreatePolicyRequest, context: CallContext) async throws -> CreatePolicyResponse
    /// Reads a policy and its default version.
    func getPolicy(_ request: GetPolicyRequest, context: CallContext) async throws -> GetPolicyResponse
    /// Adds a version to a custom policy.
    func createPolicyVersion(_ request: CreatePolicyVersionRequest, context: CallContext) async throws
        -> CreatePolicyVersionResponse
    /// Makes an existing version of a custom policy its default (the one in force).
    func setDefaultPolicyVersion(_ request: SetDefaultPolicyVersionRequest, context: CallContext) async throws
        -> EmptyResponse
    /// Deletes a version of a custom policy that is not its default.
    func deletePolicyVersion(_ request: DeletePolicyVersionRequest, context: CallContext) async throws
        -> EmptyResponse
    /// Deletes a custom policy that is attached nowhere.
    func deletePolicy(_ request: DeletePolicyRequest, context: CallContext) async throws -> EmptyResponse
    /// Attaches a policy to a role.
    func attachPolicyToRole(_ request: AttachPolicyToRoleRequest, context: CallContext) async throws
        -> EmptyResponse
    /// Detaches a policy from a role.
    func detachPolicyFromRole(_ request: DetachPolicyFromRoleRequest, context: CallContext) async throws
        -> EmptyResponse
    /// Lists the policies attached to a role.
    func listPoliciesForRole(_ request: ListPoliciesForRoleRequest, context: CallContext) async throws
        -> ListPoliciesForRoleResponse
}

/// The RAM request types.
package enum RAMOperations {
    /// Every RAM operation keyshare knows.
    package static let all: [any CloudRequest.Type] = CloudOperations.all(of: .ram)
}
