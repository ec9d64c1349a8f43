// Key-policy requests of KMS. Fields mirror the wire parameters of the same name.

/// `SetKeyPolicy`: replaces the key policy (the only policy name is `default`).
package struct SetKeyPolicyRequest: CloudRequest, Hashable {
    package typealias Response = EmptyResponse
    package static let product = CloudProduct.kms
    package static let action = "SetKeyPolicy"
    package static let operation = CloudOperation.setKeyPolicy
    /// Key ID, alias or ARN; another account's key needs the ARN.
    package var keyID: String
    package var policyName: String?
    /// JSON text of the key policy, at most 32,768 bytes.
    package var policy: String
    enum CodingKeys: String, CodingKey {
        case keyID = "KeyId"
        case policyName = "PolicyName"
        case policy = "Policy"
    }
    /// Creates the request.
    package init(keyID: String, policy: String, policyName: String? = "default") {
        self.keyID = keyID
        self.policy = policy
        self.policyName = policyName
    }
}

/// `GetKeyPolicy`.
package struct GetKeyPolicyRequest: CloudRequest, Hashable {
    package typealias Response = GetKeyPolicyResponse
    package static let product = CloudProduct.kms
    package static let action = "GetKeyPolicy"
    package static let operation = CloudOperation.getKeyPolicy
    package var keyID: String
    package var policyName: String?
    enum CodingKeys: String, CodingKey {
        case keyID = "KeyId"
        case policyName = "PolicyName"
    }
    /// Creates the request.
    package init(keyID: String, policyName: String? = "default") {
        self.keyID = keyID
        self.policyName = policyName
    }
}

/// The answer to `GetKeyPolicy`: the policy as JSON text.
package struct GetKeyPolicyResponse: Codable, Sendable, Hashable {
    package var policy: String
    enum CodingKeys: String, CodingKey { case policy = "Policy" }
    /// Wraps the policy text.
    package init(policy: String) { self.policy = policy }
}

// The `Cloud` method of each operation above: a name for `call` with its request type.
extension Cloud {
    /// Replaces the key policy.
    package func setKeyPolicy(_ request: SetKeyPolicyRequest, context: CallContext) async throws -> EmptyResponse {
        try await call(request, context: context)
    }
    /// Reads the key policy.
    package func getKeyPolicy(_ request: GetKeyPolicyRequest, context: CallContext) async throws -> GetKeyPolicyResponse {
        try await call(request, context: context)
    }
}
