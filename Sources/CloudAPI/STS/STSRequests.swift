/// The STS request types.
package enum STSOperations {
    /// Every STS operation keyshare knows.
    package static let all: [any CloudRequest.Type] = CloudOperations.all(of: .sts)
}

/// `AssumeRole`.
package struct AssumeRoleRequest: CloudRequest, Hashable {
    package typealias Response = AssumeRoleResponse
    package static let product = CloudProduct.sts
    package static let action = "AssumeRole"
    package static let operation = CloudOperation.assumeRole
    /// `acs:ram::<uid>:role/<name>`.
    package var roleARN: String
    package var roleSessionName: String
    package var durationSeconds: Int?
    /// A session policy (JSON text) narrowing the role's permissions.
    package var policy: String?
    package var externalID: String?
    enum CodingKeys: String, CodingKey {
        case roleARN = "RoleArn"
        case roleSessionName = "RoleSessionName"
        case durationSeconds = "DurationSeconds"
        case policy = "Policy"
        case externalID = "ExternalId"
    }
    /// Creates the request.
    package init(
        roleARN: String, roleSessionName: String, durationSeconds: Int? = nil, policy: String? = nil,
        externalID: String? = nil
    ) {
        self.roleARN = roleARN
        self.roleSessionName = roleSessionName
        self.durationSeconds = durationSeconds
        self.policy = policy
        self.externalID = externalID
    }
}

/// The answer to `AssumeRole`. `Credentials` holds secrets: never log it.
package struct AssumeRoleResponse: Codable, Sendable, Hashable {
    /// Temporary credentials; `Expiration` is `YYYY-MM-DDTHH:MM:SSZ`.
    package struct Credentials: Codable, Sendable, Hashable, CustomStringConvertible {
        package var accessKeyID: String
        package var accessKeySecret: String
        package var securityToken: String
        package var expiration: String
        enum CodingKeys: String, CodingKey {
            case accessKeyID = "AccessKeyId"
            case accessKeySecret = "AccessKeySecret"
            case securityToken = "SecurityToken"
            case expiration = "Expiration"
        }
        /// Creates credentials.
        package init(accessKeyID: String, accessKeySecret: String, securityToken: String, expiration: String) {
            self.accessKeyID = accessKeyID
            self.accessKeySecret = accessKeySecret
            self.securityToken = securityToken
            self.expiration = expiration
        }
        /// Redacted: secrets never reach logs through string interpolation.
        package var description: String { "Credentials(\(accessKeyID), secret: <redacted>, expires \(expiration))" }
    }
    /// The assumed identity.
    package struct AssumedRoleUser: Codable, Sendable, Hashable {
        package var assumedRoleID: String
        package var arn: String
        enum CodingKeys: String, CodingKey {
            case assumedRoleID = "AssumedRoleId"
            case arn = "Arn"
        }
        /// Creates the identity.
        package init(assumedRoleID: String, arn: String) {
            self.assumedRoleID = assumedRoleID
            self.arn = arn
        }
    }
    package var credentials: Credentials
    package var assumedRoleUser: AssumedRoleUser
    enum CodingKeys: String, CodingKey {
        case credentials = "Credentials"
        case assumedRoleUser = "AssumedRoleUser"
    }
    /// Creates the answer.
    package init(credentials: Credentials, assumedRoleUser: AssumedRoleUser) {
        self.credentials = credentials
        self.assumedRoleUser = assumedRoleUser
    }
}

/// `GetCallerIdentity`.
package struct GetCallerIdentityRequest: CloudRequest, Hashable {
    package typealias Response = GetCallerIdentityResponse
    package static let product = CloudProduct.sts
    package static let action = "GetCallerIdentity"
    package static let operation = CloudOperation.getCallerIdentity
    /// Creates the request.
    package init() {}
}

/// The answer to `GetCallerIdentity`.
package struct GetCallerIdentityResponse: Codable, Sendable, Hashable {
    package var accountID: String
    package var arn: String
    /// `Account`, `RAMUser` or `AssumedRoleUser`.
    package var identityType: String
    package var principalID: String
    package var userID: String?
    package var roleID: String?
    enum CodingKeys: String, CodingKey {
        case accountID = "AccountId"
        case arn = "Arn"
        case identityType = "IdentityType"
        case principalID = "PrincipalId"
        case userID = "UserId"
        case roleID = "RoleId"
    }
    /// Creates the answer.
    package init(
        accountID: String, arn: String, identityType: String, principalID: String, userID: String? = nil,
        roleID: String? = nil
    ) {
        self.accountID = accountID
        self.arn = arn
        self.identityType = identityType
        self.principalID = principalID
        self.userID = userID
        self.roleID = roleID
    }
}

// The `Cloud` method of each operation above: a name for `call` with its request type.
extension Cloud {
    /// Assumes a role; both the caller's permission and the role's trust policy must allow it.
    package func assumeRole(_ request: AssumeRoleRequest, context: CallContext) async throws -> AssumeRoleResponse {
        try await call(request, context: context)
    }
    /// Says who the caller is.
    package func getCallerIdentity(_ request: GetCallerIdentityRequest, context: CallContext) async throws
        -> GetCallerIdentityResponse
    {
        try await call(request, context: context)
    }
}
