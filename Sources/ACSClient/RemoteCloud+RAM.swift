import CloudAPI

// RAM: every operation is one line through `perform`.

extension RemoteCloud: RAMAPI {
    package func createRole(_ request: CreateRoleRequest, context: CallContext) async throws -> RoleResponse {
        try await perform(request, context: context)
    }
    package func getRole(_ request: GetRoleRequest, context: CallContext) async throws -> RoleResponse {
        try await perform(request, context: context)
    }
    package func updateRole(_ request: UpdateRoleRequest, context: CallContext) async throws -> RoleResponse {
        try await perform(request, context: context)
    }
    package func deleteRole(_ request: DeleteRoleRequest, context: CallContext) async throws -> EmptyResponse {
        try await perform(request, context: context)
    }
    package func listRoles(_ request: ListRolesRequest, context: CallContext) async throws -> ListRolesResponse {
        try await perform(request, context: context)
    }
    package func createPolicy(_ request: CreatePolicyRequest, context: CallContext) async throws -> CreatePolicyResponse {
        try await perform(request, context: context)
    }
    package func getPolicy(_ request: GetPolicyRequest, context: CallContext) async throws -> GetPolicyResponse {
        try await perform(request, context: context)
    }
    package func createPolicyVersion(_ request: CreatePolicyVersionRequest, context: CallContext) async throws -> CreatePolicyVersionResponse {
        try await perform(request, context: context)
    }
    package func setDefaultPolicyVersion(_ request: SetDefaultPolicyVersionRequest, context: CallContext) async throws -> EmptyResponse {
        try await perform(request, context: context)
    }
    package func deletePolicyVersion(_ request: DeletePolicyVersionRequest, context: CallContext) async throws -> EmptyResponse {
        try await perform(request, context: context)
    }
    package func deletePolicy(_ request: DeletePolicyRequest, context: CallContext) async throws -> EmptyResponse {
        try await perform(request, context: context)
    }
    package func attachPolicyToRole(_ request: AttachPolicyToRoleRequest, context: CallContext) async throws -> EmptyResponse {
        try await perform(request, context: context)
    }
    package func detachPolicyFromRole(_ request: DetachPolicyFromRoleRequest, context: CallContext) async throws -> EmptyResponse {
        try await perform(request, context: context)
    }
    package func listPoliciesForRole(_ request: ListPoliciesForRoleRequest, context: CallContext) async throws -> ListPoliciesForRoleResponse {
        try await perform(request, context: context)
    }
}
