/// The ResourceManager request types.
package enum ResourceManagerOperations {
    /// Every ResourceManager operation keyshare knows.
    package static let all: [any CloudRequest.Type] = CloudOperations.all(of: .resourceManager)
}

/// A tag as ResourceManager spells it (`Key`/`Value`, request `Tag.N.Key`).
package struct KeyValueTag: Codable, Sendable, Hashable {
    package var key: String
    package var value: String?
    enum CodingKeys: String, CodingKey {
        case key = "Key"
        case value = "Value"
    }
    /// Creates a tag.
    package init(key: String, value: String?) {
        self.key = key
        self.value = value
    }
}

/// A member account (`Account`); times carry milliseconds (`…SS.sssZ`).
package struct AccountInfo: Codable, Sendable, Hashable {
    /// The `Tags` wrapper.
    package struct Tags: Codable, Sendable, Hashable {
        package var tag: [KeyValueTag]
        enum CodingKeys: String, CodingKey { case tag = "Tag" }
        /// Wraps the list.
        package init(tag: [KeyValueTag]) { self.tag = tag }
    }
    package var accountID: String
    package var displayName: String
    package var accountName: String?
    /// `CloudAccount` or `ResourceAccount`.
    package var type: String
    package var status: String
    package var folderID: String
    package var resourceDirectoryID: String
    package var joinMethod: String
    package var joinTime: String
    package var modifyTime: String
    package var resourceDirectoryPath: String
    package var tags: Tags?
    enum CodingKeys: String, CodingKey {
        case accountID = "AccountId"
        case displayName = "DisplayName"
        case accountName = "AccountName"
        case type = "Type"
        case status = "Status"
        case folderID = "FolderId"
        case resourceDirectoryID = "ResourceDirectoryId"
        case joinMethod = "JoinMethod"
        case joinTime = "JoinTime"
        case modifyTime = "ModifyTime"
        case resourceDirectoryPath = "ResourceDirectoryPath"
        case tags = "Tags"
    }
    /// Creates an account description.
    package init(
        accountID: String, displayName: String, accountName: String? = nil, type: String,
        status: String, folderID: String, resourceDirectoryID: String, joinMethod: String,
        joinTime: String, modifyTime: String, resourceDirectoryPath: String, tags: [KeyValueTag]?
    ) {
        self.accountID = accountID
        self.displayName = displayName
        self.accountName = accountName
        self.type = type
        self.status = status
        self.folderID = folderID
        self.resourceDirectoryID = resourceDirectoryID
        self.joinMethod = joinMethod
        self.joinTime = joinTime
        self.modifyTime = modifyTime
        self.resourceDirectoryPath = resourceDirectoryPath
        self.tags = tags.map(Tags.init(tag:))
    }
}

/// `ListAccounts`.
package struct ListAccountsRequest: CloudRequest, Hashable {
    package typealias Response = ListAccountsResponse
    package static let product = CloudProduct.resourceManager
    package static let action = "ListAccounts"
    package static let operation = CloudOperation.listAccounts
    package var pageNumber: Int?
    package var pageSize: Int?
    /// `Tag.N.Key` / `Tag.N.Value` filters.
    package var tag: [KeyValueTag]?
    package var includeTags: Bool?
    enum CodingKeys: String, CodingKey {
        case pageNumber = "PageNumber"
        case pageSize = "PageSize"
        case tag = "Tag"
        case includeTags = "IncludeTags"
    }
    /// Creates the request.
    package init(pageNumber: Int? = nil, pageSize: Int? = nil, tag: [KeyValueTag]? = nil, includeTags: Bool? = nil) {
        self.pageNumber = pageNumber
        self.pageSize = pageSize
        self.tag = tag
        self.includeTags = includeTags
    }
}

/// The answer to `ListAccounts`: `{"Accounts":{"Account":[…]}}`.
package struct ListAccountsResponse: Codable, Sendable, Hashable {
    /// The `Accounts` wrapper.
    package struct Accounts: Codable, Sendable, Hashable {
        package var account: [AccountInfo]
        enum CodingKeys: String, CodingKey { case account = "Account" }
        /// Wraps the list.
        package init(account: [AccountInfo]) { self.account = account }
    }
    package var accounts: Accounts
    package var totalCount: Int
    package var pageNumber: Int
    package var pageSize: Int
    enum CodingKeys: String, CodingKey {
        case accounts = "Accounts"
        case totalCount = "TotalCount"
        case pageNumber = "PageNumber"
        case pageSize = "PageSize"
    }
    /// Creates a page.
    package init(accounts: [AccountInfo], totalCount: Int, pageNumber: Int, pageSize: Int) {
        self.accounts = Accounts(account: accounts)
        self.totalCount = totalCount
        self.pageNumber = pageNumber
        self.pageSize = pageSize
    }
}

/// `GetAccount`.
package struct GetAccountRequest: CloudRequest, Hashable {
    package typealias Response = GetAccountResponse
    package static let product = CloudProduct.resourceManager
    package static let action = "GetAccount"
    package static let operation = CloudOperation.getAccount
    package var accountID: String
    enum CodingKeys: String, CodingKey { case accountID = "AccountId" }
    /// Creates the request.
    package init(accountID: String) { self.accountID = accountID }
}

/// The answer to `GetAccount`.
package struct GetAccountResponse: Codable, Sendable, Hashable {
    package var account: AccountInfo
    enum CodingKeys: String, CodingKey { case account = "Account" }
    /// Wraps the account.
    package init(account: AccountInfo) { self.account = account }
}

// The `Cloud` method of each operation above: a name for `call` with its request type.
extension Cloud {
    /// Lists member accounts (management account or delegated admin only).
    package func listAccounts(_ request: ListAccountsRequest, context: CallContext) async throws -> ListAccountsResponse {
        try await call(request, context: context)
    }
    /// Describes one member account.
    package func getAccount(_ request: GetAccountRequest, context: CallContext) async throws -> GetAccountResponse {
        try await call(request, context: context)
    }
}
