// RAM role requests. Fields mirror the wire parameters of the same name.

/// A role as RAM describes it (`Role`); list entries omit the trust policy.
package struct RoleInfo: Codable, Sendable, Hashable {
    package var roleID: String
    package var roleName: String
    package var arn: String
    package var description: String
    /// The trust policy as JSON text; absent in `ListRoles`.
    package var assumeRolePolicyDocument: String?
    package var maxSessionDuration: Int
    package var createDate: String
    package var updateDate: String?
    enum CodingKeys: String, CodingKey {
        case roleID = "RoleId"
        case roleName = "RoleName"
        case arn = "Arn"
        case description = "Description"
        case assumeRolePolicyDocument = "AssumeRolePolicyDocument"
        case maxSessionDuration = "MaxSessionDuration"
        case createDate = "CreateDate"
        case updateDate = "UpdateDate"
    }
    /// Creates a role description.
    package init(
        roleID: String, roleName: String, arn: String, description: String,
        assumeRolePolicyDocument: String?, maxSessionDuration: Int, createDate: String,
        updateDate: String?
    ) {
        self.roleID = roleID
        self.roleName = roleName
        self.arn = arn
        self.description = description
        self.assumeRolePolicyDocument = assumeRolePolicyDocument
        self.maxSessionDuration = maxSessionDuration
        self.createDate = createDate
        self.updateDate = updateDate
    }
}

/// The answer to `CreateRole`, `GetRole` and `UpdateRole`: `{"Role":{…}}`.
package struct RoleResponse: Codable, Sendable, Hashable {
    package var role: RoleInfo
    enum CodingKeys: String, CodingKey { case role = "Role" }
    /// Wraps the role.
    package init(role: RoleInfo) { self.role = role }
}

/// `CreateRole`.
package struct CreateRoleRequest: CloudRequest, Hashable {
    package typealias Response = RoleResponse
    package static let product = CloudProduct.ram
    package static let action = "CreateRole"
    package static let operation = CloudOperation.createRole
    package var roleName: String
    /// The trust policy as JSON text.
    package var assumeRolePolicyDocument: String
    package var description: String?
    package var maxSessionDuration: Int?
    enum CodingKeys: String, CodingKey {
        case roleName = "RoleName"
        case assumeRolePolicyDocument = "AssumeRolePolicyDocument"
        case description = "Description"
        case maxSessionDuration = "MaxSessionDuration"
    }
    /// Creates the request.
    package init(
        roleName: String, assumeRolePolicyDocument: String, description: String? = nil,
        maxSessionDuration: Int? = nil
    ) {
        self.roleName = roleName
        self.assumeRolePolicyDocument = assumeRolePolicyDocument
        self.description = description
        self.maxSessionDuration = maxSessionDuration
    }
}

/// `GetRole`.
package struct GetRoleRequest: CloudRequest, Hashable {
    package typealias Response = RoleResponse
    package static let product = CloudProduct.ram
    package static let action = "GetRole"
    package static let operation = CloudOperation.getRole
    package var roleName: String
    enum CodingKeys: String, CodingKey { case roleName = "RoleName" }
    /// Creates the request.
    package init(roleName: String) { self.roleName = roleName }
}

/// `UpdateRole`.
package struct UpdateRoleRequest: CloudRequest, Hashable {
    package typealias Response = RoleResponse
    package static let product = CloudProduct.ram
    package static let action = "UpdateRole"
    package static let operation = CloudOperation.updateRole
    package var roleName: String
    package var newAssumeRolePolicyDocument: String?
    package var newMaxSessionDuration: Int?
    package var newDescription: String?
    enum CodingKeys: String, CodingKey {
        case roleName = "RoleName"
        case newAssumeRolePolicyDocument = "NewAssumeRolePolicyDocument"
        case newMaxSessionDuration = "NewMaxSessionDuration"
        case newDescription = "NewDescription"
    }
    /// Creates the request.
    package init(
        roleName: String, newAssumeRolePolicyDocument: String? = nil, newMaxSessionDuration: Int? = nil,
        newDescription: String? = nil
    ) {
        self.roleName = roleName
        self.newAssumeRolePolicyDocument = newAssumeRolePolicyDocument
        self.newMaxSessionDuration = newMaxSessionDuration
        self.newDescription = newDescription
    }
}

/// `DeleteRole`.
package struct DeleteRoleRequest: CloudRequest, Hashable {
    package typealias Response = EmptyResponse
    package static let product = CloudProduct.ram
    package static let action = "DeleteRole"
    package static let operation = CloudOperation.deleteRole
    package var roleName: String
    enum CodingKeys: String, CodingKey { case roleName = "RoleName" }
    /// Creates the request.
    package init(roleName: String) { self.roleName = roleName }
}

/// `ListRoles`.
package struct ListRolesRequest: CloudRequest, Hashable {
    package typealias Response = ListRolesResponse
    package static let product = CloudProduct.ram
    package static let action = "ListRoles"
    package static let operation = CloudOperation.listRoles
    package var marker: String?
    package var maxItems: Int?
    enum CodingKeys: String, CodingKey {
        case marker = "Marker"
        case maxItems = "MaxItems"
    }
    /// Creates the request.
    package init(marker: String? = nil, maxItems: Int? = nil) {
        self.marker = marker
        self.maxItems = maxItems
    }
}

/// The answer to `ListRoles`: `{"Roles":{"Role":[…]}, "IsTruncated", "Marker"}`.
package struct ListRolesResponse: Codable, Sendable, Hashable {
    /// The `Roles` wrapper.
    package struct Roles: Codable, Sendable, Hashable {
        package var role: [RoleInfo]
        enum CodingKeys: String, CodingKey { case role = "Role" }
        /// Wraps the list.
        package init(role: [RoleInfo]) { self.role = role }
    }
    package var roles: Roles
    package var isTruncated: Bool
    package var marker: String?
    enum CodingKeys: String, CodingKey {
        case roles = "Roles"
        case isTruncated = "IsTruncated"
        case marker = "Marker"
    }
    /// Creates a page.
    package init(roles: [RoleInfo], isTruncated: Bool, marker: String?) {
        self.roles = Roles(role: roles)
        self.isTruncated = isTruncated
        self.marker = marker
    }
}

// The `Cloud` method of each operation above: a name for `call` with its request type.
extension Cloud {
    /// Creates a role with a trust policy.
    package func createRole(_ request: CreateRoleRequest, context: CallContext) async throws -> RoleResponse {
        try await call(request, context: context)
    }
    /// Reads a role, including its trust policy.
    package func getRole(_ request: GetRoleRequest, context: CallContext) async throws -> RoleResponse {
        try await call(request, context: context)
    }
    /// Replaces a role's trust policy, session duration or description.
    package func updateRole(_ request: UpdateRoleRequest, context: CallContext) async throws -> RoleResponse {
        try await call(request, context: context)
    }
    /// Deletes a role that has no attached policies.
    package func deleteRole(_ request: DeleteRoleRequest, context: CallContext) async throws -> EmptyResponse {
        try await call(request, context: context)
    }
    /// Lists roles, paged by marker.
    package func listRoles(_ request: ListRolesRequest, context: CallContext) async throws -> ListRolesResponse {
        try await call(request, context: context)
    }
}
