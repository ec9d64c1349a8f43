import CloudAPI
import CloudModel

// Resource Directory through ResourceManager: ListAccounts, GetAccount and ListFoldersForParent
// (alibaba-api.md §5).
extension SimulatedCloud {
    /// The directory, checking that the caller is its management account (or an identity of it
    /// allowed `action`); members get 403 `NoPermission`, no directory 404.
    private func managedDirectory(_ context: CallContext, action: String) throws -> DirectoryState {
        let caller = try callerAccount(context)
        guard let directory = meta.directory else { throw CloudError.resourceDirectoryNotFound }
        guard caller.id == directory.managementAccount else { throw CloudError.noPermission }
        try authorizeIdentity(
            context, action: action,
            resource: ResourceName(
                service: "resourcemanager", account: caller.id.rawValue,
                resource: "account/*"),
            denial: .noPermission)
        return directory
    }

    /// The wire description of a directory account.
    private func info(_ account: AccountState, directory: DirectoryState, includeTags: Bool) -> AccountInfo {
        let folder = account.folderID ?? directory.rootFolderID
        var path = [account.id.rawValue]
        var current: String? = account.folderID
        while let id = current, let entry = directory.folders.first(where: { $0.id == id }) {
            path.insert(entry.id, at: 0)
            current = entry.parent
        }
        let fullPath = ([directory.id, directory.rootFolderID] + path).joined(separator: "/")
        let tags =
            includeTags
            ? account.tags.sorted { $0.key < $1.key }.map { KeyValueTag(key: $0.key, value: $0.value) } : nil
        return AccountInfo(
            accountID: account.id.rawValue, displayName: account.name, accountName: nil,
            type: "CloudAccount", status: "CreateSuccess", folderID: folder,
            resourceDirectoryID: directory.id, joinMethod: "created", joinTime: account.joinTime,
            modifyTime: account.joinTime, resourceDirectoryPath: fullPath, tags: tags)
    }

    package func listAccounts(_ request: ListAccountsRequest, context: CallContext) async throws -> ListAccountsResponse {
        try await perform(.resourceManager, context) {
            let directory = try managedDirectory(context, action: "resourcemanager:ListAccounts")
            let (page, size) = try Paging.numbered(request.pageNumber, request.pageSize, defaultSize: 10, maxSize: 100)
            let filters = request.tag ?? []
            let members = accountOrder.compactMap { accounts[$0] }
                .filter { $0.folderID != nil || $0.id == directory.managementAccount }
                .filter { account in
                    filters.allSatisfy { filter in
                        guard let value = account.tags[filter.key] else { return false }
                        return filter.value.map { $0 == value } ?? true
                    }
                }
            let items = Paging.slice(members, page: page, size: size).map {
                info($0, directory: directory, includeTags: request.includeTags ?? false)
            }
            return ListAccountsResponse(accounts: items, totalCount: members.count, pageNumber: page, pageSize: size)
        }
    }

    package func getAccount(_ request: GetAccountRequest, context: CallContext) async throws -> GetAccountResponse {
        try await perform(.resourceManager, context) {
            guard !request.accountID.isEmpty else {
                throw CloudError.invalid("MissingParameter.AccountId", "The parameter AccountId is required.")
            }
            let directory = try managedDirectory(context, action: "resourcemanager:GetAccount")
            guard let id = AccountID(request.accountID) else {
                throw CloudError.invalid("InvalidParameter.AccountId", "AccountId '\(request.accountID)' is not an account UID.")
            }
            guard let account = accounts[id], account.folderID != nil || id == directory.managementAccount else {
                throw CloudError.accountNotFound
            }
            return GetAccountResponse(account: info(account, directory: directory, includeTags: true))
        }
    }

    package func listFoldersForParent(_ request: ListFoldersForParentRequest, context: CallContext) async throws
        -> ListFoldersForParentResponse
    {
        try await perform(.resourceManager, context) {
            let directory = try managedDirectory(context, action: "resourcemanager:ListFoldersForParent")
            let (page, size) = try Paging.numbered(request.pageNumber, request.pageSize, defaultSize: 10, maxSize: 100)
            var parent: String?
            if let given = request.parentFolderID, !given.isEmpty, given != directory.rootFolderID {
                guard directory.folders.contains(where: { $0.id == given }) else { throw CloudError.folderNotFound(given) }
                parent = given
            }
            let keyword = request.queryKeyword.flatMap { $0.isEmpty ? nil : $0.lowercased() }
            let children = directory.folders
                .filter { $0.parent == parent || (parent == nil && $0.parent == directory.rootFolderID) }
                .filter { folder in keyword.map { folder.name.lowercased().contains($0) } ?? true }
            let created = accounts[directory.managementAccount]?.joinTime ?? ""
            let items = Paging.slice(children, page: page, size: size).map {
                FolderInfo(folderID: $0.id, folderName: $0.name, createTime: created)
            }
            return ListFoldersForParentResponse(folders: items, totalCount: children.count, pageNumber: page, pageSize: size)
        }
    }
}

// The requests this file answers: `SimulatedCloud.call` finds each behaviour through these.
extension ListAccountsRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.listAccounts(self, context: context)
    }
}
extension GetAccountRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.getAccount(self, context: context)
    }
}
extension ListFoldersForParentRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.listFoldersForParent(self, context: context)
    }
}
