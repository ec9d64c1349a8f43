// Key life-cycle requests of KMS. Fields mirror the wire parameters of the same name.

/// `CreateKey`: a key in a KMS 3.0 instance (`DKMSInstanceId`) or a default key.
package struct CreateKeyRequest: CloudRequest, Hashable {
    package typealias Response = CreateKeyResponse
    package static let product = CloudProduct.kms
    package static let action = "CreateKey"
    package static let operation = CloudOperation.createKey
    package var dkmsInstanceID: String?
    package var keySpec: String?
    package var keyUsage: String?
    package var origin: String?
    package var protectionLevel: String?
    package var description: String?
    package var enableAutomaticRotation: Bool?
    package var rotationInterval: String?
    /// JSON text: `[{"TagKey":…,"TagValue":…}]`.
    package var tags: String?
    /// JSON text of the key policy; the default policy when absent.
    package var policy: String?

    enum CodingKeys: String, CodingKey {
        case dkmsInstanceID = "DKMSInstanceId"
        case keySpec = "KeySpec"
        case keyUsage = "KeyUsage"
        case origin = "Origin"
        case protectionLevel = "ProtectionLevel"
        case description = "Description"
        case enableAutomaticRotation = "EnableAutomaticRotation"
        case rotationInterval = "RotationInterval"
        case tags = "Tags"
        case policy = "Policy"
    }

    /// Creates the request; every parameter is optional on the wire.
    package init(
        dkmsInstanceID: String? = nil, keySpec: String? = nil, keyUsage: String? = nil,
        origin: String? = nil, protectionLevel: String? = nil, description: String? = nil,
        enableAutomaticRotation: Bool? = nil, rotationInterval: String? = nil, tags: String? = nil,
        policy: String? = nil
    ) {
        self.dkmsInstanceID = dkmsInstanceID
        self.keySpec = keySpec
        self.keyUsage = keyUsage
        self.origin = origin
        self.protectionLevel = protectionLevel
        self.description = description
        self.enableAutomaticRotation = enableAutomaticRotation
        self.rotationInterval = rotationInterval
        self.tags = tags
        self.policy = policy
    }
}

/// The answer to `CreateKey`.
package struct CreateKeyResponse: Codable, Sendable, Hashable {
    package var keyMetadata: KeyMetadata
    enum CodingKeys: String, CodingKey { case keyMetadata = "KeyMetadata" }
    /// Wraps the new key's metadata.
    package init(keyMetadata: KeyMetadata) { self.keyMetadata = keyMetadata }
}

/// `DescribeKey`.
package struct DescribeKeyRequest: CloudRequest, Hashable {
    package typealias Response = DescribeKeyResponse
    package static let product = CloudProduct.kms
    package static let action = "DescribeKey"
    package static let operation = CloudOperation.describeKey
    /// Key ID, `alias/…` or ARN; another account's key needs the ARN.
    package var keyID: String
    enum CodingKeys: String, CodingKey { case keyID = "KeyId" }
    /// Creates the request.
    package init(keyID: String) { self.keyID = keyID }
}

/// The answer to `DescribeKey`.
package struct DescribeKeyResponse: Codable, Sendable, Hashable {
    package var keyMetadata: KeyMetadata
    enum CodingKeys: String, CodingKey { case keyMetadata = "KeyMetadata" }
    /// Wraps the key's metadata.
    package init(keyMetadata: KeyMetadata) { self.keyMetadata = keyMetadata }
}

/// `ListKeys`: the caller's own keys, paged.
package struct ListKeysRequest: CloudRequest, Hashable {
    package typealias Response = ListKeysResponse
    package static let product = CloudProduct.kms
    package static let action = "ListKeys"
    package static let operation = CloudOperation.listKeys
    package var pageNumber: Int?
    package var pageSize: Int?
    /// JSON text: `[{"Key":"KeyState","Values":["Enabled"]}]`.
    package var filters: String?
    enum CodingKeys: String, CodingKey {
        case pageNumber = "PageNumber"
        case pageSize = "PageSize"
        case filters = "Filters"
    }
    /// Creates the request.
    package init(pageNumber: Int? = nil, pageSize: Int? = nil, filters: String? = nil) {
        self.pageNumber = pageNumber
        self.pageSize = pageSize
        self.filters = filters
    }
}

/// The answer to `ListKeys`: `{"Keys":{"Key":[{KeyId, KeyArn}]}}`.
package struct ListKeysResponse: Codable, Sendable, Hashable {
    /// One listed key.
    package struct Key: Codable, Sendable, Hashable {
        package var keyID: String
        package var keyARN: String
        enum CodingKeys: String, CodingKey {
            case keyID = "KeyId"
            case keyARN = "KeyArn"
        }
        /// Creates an entry.
        package init(keyID: String, keyARN: String) {
            self.keyID = keyID
            self.keyARN = keyARN
        }
    }
    /// The `Keys` wrapper.
    package struct Keys: Codable, Sendable, Hashable {
        package var key: [Key]
        enum CodingKeys: String, CodingKey { case key = "Key" }
        /// Wraps the list.
        package init(key: [Key]) { self.key = key }
    }
    package var keys: Keys
    package var totalCount: Int
    package var pageNumber: Int
    package var pageSize: Int
    enum CodingKeys: String, CodingKey {
        case keys = "Keys"
        case totalCount = "TotalCount"
        case pageNumber = "PageNumber"
        case pageSize = "PageSize"
    }
    /// Creates a page.
    package init(keys: [Key], totalCount: Int, pageNumber: Int, pageSize: Int) {
        self.keys = Keys(key: keys)
        self.totalCount = totalCount
        self.pageNumber = pageNumber
        self.pageSize = pageSize
    }
}

/// A request naming one key and nothing else (`EnableKey`, `DisableKey`, `CancelKeyDeletion`).
package protocol KeyIDRequest: CloudRequest where Response == EmptyResponse {
    /// Key ID, alias or ARN.
    var keyID: String { get }
}

/// `EnableKey`.
package struct EnableKeyRequest: KeyIDRequest, Hashable {
    package static let product = CloudProduct.kms
    package static let action = "EnableKey"
    package static let operation = CloudOperation.enableKey
    package var keyID: String
    enum CodingKeys: String, CodingKey { case keyID = "KeyId" }
    /// Creates the request.
    package init(keyID: String) { self.keyID = keyID }
}

/// `DisableKey`.
package struct DisableKeyRequest: KeyIDRequest, Hashable {
    package static let product = CloudProduct.kms
    package static let action = "DisableKey"
    package static let operation = CloudOperation.disableKey
    package var keyID: String
    enum CodingKeys: String, CodingKey { case keyID = "KeyId" }
    /// Creates the request.
    package init(keyID: String) { self.keyID = keyID }
}

/// `ScheduleKeyDeletion`.
package struct ScheduleKeyDeletionRequest: CloudRequest, Hashable {
    package typealias Response = EmptyResponse
    package static let product = CloudProduct.kms
    package static let action = "ScheduleKeyDeletion"
    package static let operation = CloudOperation.scheduleKeyDeletion
    package var keyID: String
    /// 7 to 366 days.
    package var pendingWindowInDays: Int?
    enum CodingKeys: String, CodingKey {
        case keyID = "KeyId"
        case pendingWindowInDays = "PendingWindowInDays"
    }
    /// Creates the request.
    package init(keyID: String, pendingWindowInDays: Int?) {
        self.keyID = keyID
        self.pendingWindowInDays = pendingWindowInDays
    }
}

/// `CancelKeyDeletion`.
package struct CancelKeyDeletionRequest: KeyIDRequest, Hashable {
    package static let product = CloudProduct.kms
    package static let action = "CancelKeyDeletion"
    package static let operation = CloudOperation.cancelKeyDeletion
    package var keyID: String
    enum CodingKeys: String, CodingKey { case keyID = "KeyId" }
    /// Creates the request.
    package init(keyID: String) { self.keyID = keyID }
}

/// `CreateAlias`: `alias/<name>` for a key.
package struct CreateAliasRequest: CloudRequest, Hashable {
    package typealias Response = EmptyResponse
    package static let product = CloudProduct.kms
    package static let action = "CreateAlias"
    package static let operation = CloudOperation.createAlias
    package var aliasName: String
    package var keyID: String
    enum CodingKeys: String, CodingKey {
        case aliasName = "AliasName"
        case keyID = "KeyId"
    }
    /// Creates the request.
    package init(aliasName: String, keyID: String) {
        self.aliasName = aliasName
        self.keyID = keyID
    }
}

/// `ListAliases`: the caller's aliases in the region, paged (PageSize 1–100, default 10).
package struct ListAliasesRequest: CloudRequest, Hashable {
    package typealias Response = ListAliasesResponse
    package static let product = CloudProduct.kms
    package static let action = "ListAliases"
    package static let operation = CloudOperation.listAliases
    package var pageNumber: Int?
    package var pageSize: Int?
    enum CodingKeys: String, CodingKey {
        case pageNumber = "PageNumber"
        case pageSize = "PageSize"
    }
    /// Creates the request.
    package init(pageNumber: Int? = nil, pageSize: Int? = nil) {
        self.pageNumber = pageNumber
        self.pageSize = pageSize
    }
}

/// The answer to `ListAliases`: `{"Aliases":{"Alias":[{AliasName, AliasArn, KeyId}]}}`.
package struct ListAliasesResponse: Codable, Sendable, Hashable {
    /// One alias and the key it names.
    package struct Alias: Codable, Sendable, Hashable {
        package var aliasName: String
        package var aliasARN: String
        package var keyID: String
        enum CodingKeys: String, CodingKey {
            case aliasName = "AliasName"
            case aliasARN = "AliasArn"
            case keyID = "KeyId"
        }
        /// Creates an entry.
        package init(aliasName: String, aliasARN: String, keyID: String) {
            self.aliasName = aliasName
            self.aliasARN = aliasARN
            self.keyID = keyID
        }
    }
    /// The `Aliases` wrapper.
    package struct Aliases: Codable, Sendable, Hashable {
        package var alias: [Alias]
        enum CodingKeys: String, CodingKey { case alias = "Alias" }
        /// Wraps the list.
        package init(alias: [Alias]) { self.alias = alias }
    }
    package var aliases: Aliases
    package var totalCount: Int
    package var pageNumber: Int
    package var pageSize: Int
    enum CodingKeys: String, CodingKey {
        case aliases = "Aliases"
        case totalCount = "TotalCount"
        case pageNumber = "PageNumber"
        case pageSize = "PageSize"
    }
    /// Creates a page.
    package init(aliases: [Alias], totalCount: Int, pageNumber: Int, pageSize: Int) {
        self.aliases = Aliases(alias: aliases)
        self.totalCount = totalCount
        self.pageNumber = pageNumber
        self.pageSize = pageSize
    }
}

/// `TagResource` on a key.
package struct TagResourceRequest: CloudRequest, Hashable {
    package typealias Response = EmptyResponse
    package static let product = CloudProduct.kms
    package static let action = "TagResource"
    package static let operation = CloudOperation.tagResource
    package var keyID: String?
    /// JSON text: `[{"TagKey":…,"TagValue":…}]`.
    package var tags: String
    enum CodingKeys: String, CodingKey {
        case keyID = "KeyId"
        case tags = "Tags"
    }
    /// Creates the request.
    package init(keyID: String?, tags: String) {
        self.keyID = keyID
        self.tags = tags
    }
}

/// `UntagResource` on a key.
package struct UntagResourceRequest: CloudRequest, Hashable {
    package typealias Response = EmptyResponse
    package static let product = CloudProduct.kms
    package static let action = "UntagResource"
    package static let operation = CloudOperation.untagResource
    package var keyID: String?
    /// JSON text: `["k1","k2"]`.
    package var tagKeys: String
    enum CodingKeys: String, CodingKey {
        case keyID = "KeyId"
        case tagKeys = "TagKeys"
    }
    /// Creates the request.
    package init(keyID: String?, tagKeys: String) {
        self.keyID = keyID
        self.tagKeys = tagKeys
    }
}

// The `Cloud` method of each operation above: a name for `call` with its request type.
extension Cloud {
    /// Creates a key, inside a KMS instance when `DKMSInstanceId` is given.
    package func createKey(_ request: CreateKeyRequest, context: CallContext) async throws -> CreateKeyResponse {
        try await call(request, context: context)
    }
    /// Describes a key by ID, alias or ARN (ARN required across accounts).
    package func describeKey(_ request: DescribeKeyRequest, context: CallContext) async throws -> DescribeKeyResponse {
        try await call(request, context: context)
    }
    /// Lists the caller's own keys.
    package func listKeys(_ request: ListKeysRequest, context: CallContext) async throws -> ListKeysResponse {
        try await call(request, context: context)
    }
    /// Enables a key.
    package func enableKey(_ request: EnableKeyRequest, context: CallContext) async throws -> EmptyResponse {
        try await call(request, context: context)
    }
    /// Disables a key.
    package func disableKey(_ request: DisableKeyRequest, context: CallContext) async throws -> EmptyResponse {
        try await call(request, context: context)
    }
    /// Schedules a key for deletion after a pending window.
    package func scheduleKeyDeletion(_ request: ScheduleKeyDeletionRequest, context: CallContext) async throws -> EmptyResponse {
        try await call(request, context: context)
    }
    /// Cancels a scheduled deletion.
    package func cancelKeyDeletion(_ request: CancelKeyDeletionRequest, context: CallContext) async throws -> EmptyResponse {
        try await call(request, context: context)
    }
    /// Creates an alias for a key.
    package func createAlias(_ request: CreateAliasRequest, context: CallContext) async throws -> EmptyResponse {
        try await call(request, context: context)
    }
    /// Lists the caller's aliases in the region.
    package func listAliases(_ request: ListAliasesRequest, context: CallContext) async throws -> ListAliasesResponse {
        try await call(request, context: context)
    }
    /// Tags a key.
    package func tagResource(_ request: TagResourceRequest, context: CallContext) async throws -> EmptyResponse {
        try await call(request, context: context)
    }
    /// Removes tags from a key.
    package func untagResource(_ request: UntagResourceRequest, context: CallContext) async throws -> EmptyResponse {
        try await call(request, context: context)
    }
}
