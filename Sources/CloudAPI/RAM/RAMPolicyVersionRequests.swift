// RAM policy-version requests: choosing which version of a custom policy is in force, and removing
// versions. Fields mirror the wire parameters of the same name; both answer with only `RequestId`.

/// `SetDefaultPolicyVersion`: makes `versionID` the version of custom policy `policyName` in force.
package struct SetDefaultPolicyVersionRequest: CloudRequest, Hashable {
    package typealias Response = EmptyResponse
    package static let product = CloudProduct.ram
    package static let action = "SetDefaultPolicyVersion"
    package static let operation = CloudOperation.setDefaultPolicyVersion
    package var policyName: String
    /// `v1`, `v2`, … as `CreatePolicyVersion` answered.
    package var versionID: String
    enum CodingKeys: String, CodingKey {
        case policyName = "PolicyName"
        case versionID = "VersionId"
    }
    /// Creates the request.
    package init(policyName: String, versionID: String) {
        self.policyName = policyName
        self.versionID = versionID
    }
}

/// `DeletePolicyVersion`: removes a version of a custom policy other than its default one.
package struct DeletePolicyVersionRequest: CloudRequest, Hashable {
    package typealias Response = EmptyResponse
    package static let product = CloudProduct.ram
    package static let action = "DeletePolicyVersion"
    package static let operation = CloudOperation.deletePolicyVersion
    package var policyName: String
    /// `v1`, `v2`, … as `CreatePolicyVersion` answered.
    package var versionID: String
    enum CodingKeys: String, CodingKey {
        case policyName = "PolicyName"
        case versionID = "VersionId"
    }
    /// Creates the request.
    package init(policyName: String, versionID: String) {
        self.policyName = policyName
        self.versionID = versionID
    }
}

// The `Cloud` method of each operation above: a name for `call` with its request type.
extension Cloud {
    /// Makes an existing version of a custom policy its default (the one in force).
    package func setDefaultPolicyVersion(_ request: SetDefaultPolicyVersionRequest, context: CallContext) async throws
        -> EmptyResponse
    {
        try await call(request, context: context)
    }
    /// Deletes a version of a custom policy that is not its default.
    package func deletePolicyVersion(_ request: DeletePolicyVersionRequest, context: CallContext) async throws -> EmptyResponse {
        try await call(request, context: context)
    }
}
