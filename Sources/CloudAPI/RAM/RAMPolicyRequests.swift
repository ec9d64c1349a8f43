// RAM policy requests. Fields mirror the wire parameters of the same name.

/// A policy as RAM describes it (`Policy`).
package struct PolicyInfo: Codable, Sendable, Hashable {
    package var policyName: String
    package var policyType: String
    package var description: String
    package var defaultVersion: String
    package var attachmentCount: Int?
    package var createDate: String
    package var updateDate: String?
    /// When the policy was attached, in `ListPoliciesForRole`.
    package var attachDate: String?
    enum CodingKeys: String, CodingKey {
        case policyName = "PolicyName"
        case policyType = "PolicyType"
        case description = "Description"
        case defaultVersion = "DefaultVersion"
        case attachmentCount = "AttachmentCount"
        case createDate = "CreateDate"
        case updateDate = "UpdateDate"
        case attachDate = "AttachDate"
    }
    /// Creates a policy description.
    package init(
        policyName: String, policyType: String, description: String, defaultVersion: String,
        attachmentCount: Int? = nil, createDate: String, updateDate: String? = nil,
        attachDate: String? = nil
    ) {
        self.policyName = policyName
        self.policyType = policyType
        self.description = description
        self.defaultVersion = defaultVersion
        self.attachmentCount = attachmentCount
        self.createDate = createDate
        self.updateDate = updateDate
        self.attachDate = attachDate
    }
}

/// One version of a policy (`PolicyVersion` / `DefaultPolicyVersion`).
package struct PolicyVersionInfo: Codable, Sendable, Hashable {
    package var versionID: String
    package var isDefaultVersion: Bool
    package var policyDocument: String
    package var createDate: String
    enum CodingKeys: String, CodingKey {
        case versionID = "VersionId"
        case isDefaultVersion = "IsDefaultVersion"
        case policyDocument = "PolicyDocument"
        case createDate = "CreateDate"
    }
    /// Creates a version description.
    package init(versionID: String, isDefaultVersion: Bool, policyDocument: String, createDate: String) {
        self.versionID = versionID
        self.isDefaultVersion = isDefaultVersion
        self.policyDocument = policyDocument
        self.createDate = createDate
    }
}

/// `CreatePolicy`: a custom policy.
package struct CreatePolicyRequest: CloudRequest, Hashable {
    package typealias Response = CreatePolicyResponse
    package static let product = CloudProduct.ram
    package static let action = "CreatePolicy"
    package static let operation = CloudOperation.createPolicy
    package var policyName: String
    package var policyDocument: String
    package var description: String?
    enum CodingKeys: String, CodingKey {
        case policyName = "PolicyName"
        case policyDocument = "PolicyDocument"
        case description = "Description"
    }
    /// Creates the request.
    package init(policyName: String, policyDocument: String, description: String? = nil) {
        self.policyName = policyName
        self.policyDocument = policyDocument
        self.description = description
    }
}

/// The answer to `CreatePolicy`.
package struct CreatePolicyResponse: Codable, Sendable, Hashable {
    package var policy: PolicyInfo
    enum CodingKeys: String, CodingKey { case policy = "Policy" }
    /// Wraps the policy.
    package init(policy: PolicyInfo) { self.policy = policy }
}

/// `GetPolicy`.
package struct GetPolicyRequest: CloudRequest, Hashable {
    package typealias Response = GetPolicyResponse
    package static let product = CloudProduct.ram
    package static let action = "GetPolicy"
    package static let operation = CloudOperation.getPolicy
    package var policyName: String
    /// `System` or `Custom`.
    package var policyType: String
    enum CodingKeys: String, CodingKey {
        case policyName = "PolicyName"
        case policyType = "PolicyType"
    }
    /// Creates the request.
    package init(policyName: String, policyType: String = "Custom") {
        self.policyName = policyName
        self.policyType = policyType
    }
}

/// The answer to `GetPolicy`.
package struct GetPolicyResponse: Codable, Sendable, Hashable {
    package var policy: PolicyInfo
    package var defaultPolicyVersion: PolicyVersionInfo
    enum CodingKeys: String, CodingKey {
        case policy = "Policy"
        case defaultPolicyVersion = "DefaultPolicyVersion"
    }
    /// Creates the answer.
    package init(policy: PolicyInfo, defaultPolicyVersion: PolicyVersionInfo) {
        self.policy = policy
        self.defaultPolicyVersion = defaultPolicyVersion
    }
}

/// `CreatePolicyVersion`.
package struct CreatePolicyVersionRequest: CloudRequest, Hashable {
    package typealias Response = CreatePolicyVersionResponse
    package static let product = CloudProduct.ram
    package static let action = "CreatePolicyVersion"
    package static let operation = CloudOperation.createPolicyVersion
    package var policyName: String
    package var policyDocument: String
    package var setAsDefault: Bool?
    /// `None` or `DeleteOldestNonDefaultVersionWhenLimitExceeded`.
    package var rotateStrategy: String?
    enum CodingKeys: String, CodingKey {
        case policyName = "PolicyName"
        case policyDocument = "PolicyDocument"
        case setAsDefault = "SetAsDefault"
        case rotateStrategy = "RotateStrategy"
    }
    /// Creates the request.
    package init(policyName: String, policyDocument: String, setAsDefault: Bool? = nil, rotateStrategy: String? = nil) {
        self.policyName = policyName
        self.policyDocument = policyDocument
        self.setAsDefault = setAsDefault
        self.rotateStrategy = rotateStrategy
    }
}

/// The answer to `CreatePolicyVersion`.
package struct CreatePolicyVersionResponse: Codable, Sendable, Hashable {
    package var policyVersion: PolicyVersionInfo
    enum CodingKeys: String, CodingKey { case policyVersion = "PolicyVersion" }
    /// Wraps the version.
    package init(policyVersion: PolicyVersionInfo) { self.policyVersion = policyVersion }
}

/// `DeletePolicy`.
package struct DeletePolicyRequest: CloudRequest, Hashable {
    package typealias Response = EmptyResponse
    package static let product = CloudProduct.ram
    package static let action = "DeletePolicy"
    package static let operation = CloudOperation.deletePolicy
    package var policyName: String
    enum CodingKeys: String, CodingKey { case policyName = "PolicyName" }
    /// Creates the request.
    package init(policyName: String) { self.policyName = policyName }
}

/// `AttachPolicyToRole`.
package struct AttachPolicyToRoleRequest: CloudRequest, Hashable {
    package typealias Response = EmptyResponse
    package static let product = CloudProduct.ram
    package static let action = "AttachPolicyToRole"
    package static let operation = CloudOperation.attachPolicyToRole
    package var policyType: String
    package var policyName: String
    package var roleName: String
    enum CodingKeys: String, CodingKey {
        case policyType = "PolicyType"
        case policyName = "PolicyName"
        case roleName = "RoleName"
    }
    /// Creates the request.
    package init(policyType: String = "Custom", policyName: String, roleName: String) {
        self.policyType = policyType
        self.policyName = policyName
        self.roleName = roleName
    }
}

/// `DetachPolicyFromRole`.
package struct DetachPolicyFromRoleRequest: CloudRequest, Hashable {
    package typealias Response = EmptyResponse
    package static let product = CloudProduct.ram
    package static let action = "DetachPolicyFromRole"
    package static let operation = CloudOperation.detachPolicyFromRole
    package var policyType: String
    package var policyName: String
    package var roleName: String
    enum CodingKeys: String, CodingKey {
        case policyType = "PolicyType"
        case policyName = "PolicyName"
        case roleName = "RoleName"
    }
    /// Creates the request.
    package init(policyType: String = "Custom", policyName: String, roleName: String) {
        self.policyType = policyType
        self.policyName = policyName
        self.roleName = roleName
    }
}

/// `ListPoliciesForRole`.
package struct ListPoliciesForRoleRequest: CloudRequest, Hashable {
    package typealias Response = ListPoliciesForRoleResponse
    package static let product = CloudProduct.ram
    package static let action = "ListPoliciesForRole"
    package static let operation = CloudOperation.listPoliciesForRole
    package var roleName: String
    enum CodingKeys: String, CodingKey { case roleName = "RoleName" }
    /// Creates the request.
    package init(roleName: String) { self.roleName = roleName }
}

/// The answer to `ListPoliciesForRole`: `{"Policies":{"Policy":[…]}}`.
package struct ListPoliciesForRoleResponse: Codable, Sendable, Hashable {
    /// The `Policies` wrapper.
    package struct Policies: Codable, Sendable, Hashable {
        package var policy: [PolicyInfo]
        enum CodingKeys: String, CodingKey { case policy = "Policy" }
        /// Wraps the list.
        package init(policy: [PolicyInfo]) { self.policy = policy }
    }
    package var policies: Policies
    enum CodingKeys: String, CodingKey { case policies = "Policies" }
    /// Creates the answer.
    package init(policies: [PolicyInfo]) { self.policies = Policies(policy: policies) }
}

// The `Cloud` method of each operation above: a name for `call` with its request type.
extension Cloud {
    /// Creates a custom policy.
    package func createPolicy(_ request: CreatePolicyRequest, context: CallContext) async throws -> CreatePolicyResponse {
        try await call(request, context: context)
    }
    /// Reads a policy and its default version.
    package func getPolicy(_ request: GetPolicyRequest, context: CallContext) async throws -> GetPolicyResponse {
        try await call(request, context: context)
    }
    /// Adds a version to a custom policy.
    package func createPolicyVersion(_ request: CreatePolicyVersionRequest, context: CallContext) async throws
        -> CreatePolicyVersionResponse
    {
        try await call(request, context: context)
    }
    /// Deletes a custom policy that is attached nowhere.
    package func deletePolicy(_ request: DeletePolicyRequest, context: CallContext) async throws -> EmptyResponse {
        try await call(request, context: context)
    }
    /// Attaches a policy to a role.
    package func attachPolicyToRole(_ request: AttachPolicyToRoleRequest, context: CallContext) async throws -> EmptyResponse {
        try await call(request, context: context)
    }
    /// Detaches a policy from a role.
    package func detachPolicyFromRole(_ request: DetachPolicyFromRoleRequest, context: CallContext) async throws -> EmptyResponse
    {
        try await call(request, context: context)
    }
    /// Lists the policies attached to a role.
    package func listPoliciesForRole(_ request: ListPoliciesForRoleRequest, context: CallContext) async throws
        -> ListPoliciesForRoleResponse
    {
        try await call(request, context: context)
    }
}
