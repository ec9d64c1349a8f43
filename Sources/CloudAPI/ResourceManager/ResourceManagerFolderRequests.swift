/// A Resource Directory folder as `ListFoldersForParent` describes it.
package struct FolderInfo: Codable, Sendable, Hashable {
    /// `fd-…`.
    package var folderID: String
    package var folderName: String
    /// RFC 3339 UTC.
    package var createTime: String
    enum CodingKeys: String, CodingKey {
        case folderID = "FolderId"
        case folderName = "FolderName"
        case createTime = "CreateTime"
    }
    /// Creates a folder description.
    package init(folderID: String, folderName: String, createTime: String) {
        self.folderID = folderID
        self.folderName = folderName
        self.createTime = createTime
    }
}

/// `ListFoldersForParent`: the direct subfolders of a folder (of the root folder when
/// `ParentFolderId` is absent), optionally those whose name contains `QueryKeyword`.
package struct ListFoldersForParentRequest: CloudRequest, Hashable {
    package typealias Response = ListFoldersForParentResponse
    package static let product = CloudProduct.resourceManager
    package static let action = "ListFoldersForParent"
    package static let operation = CloudOperation.listFoldersForParent
    package var parentFolderID: String?
    package var queryKeyword: String?
    package var pageNumber: Int?
    package var pageSize: Int?
    enum CodingKeys: String, CodingKey {
        case parentFolderID = "ParentFolderId"
        case queryKeyword = "QueryKeyword"
        case pageNumber = "PageNumber"
        case pageSize = "PageSize"
    }
    /// Creates the request.
    package init(parentFolderID: String? = nil, queryKeyword: String? = nil, pageNumber: Int? = nil, pageSize: Int? = nil) {
        self.parentFolderID = parentFolderID
        self.queryKeyword = queryKeyword
        self.pageNumber = pageNumber
        self.pageSize = pageSize
    }
}

/// The answer to `ListFoldersForParent`: `{"Folders":{"Folder":[…]}}`.
package struct ListFoldersForParentResponse: Codable, Sendable, Hashable {
    /// The `Folders` wrapper.
    package struct Folders: Codable, Sendable, Hashable {
        package var folder: [FolderInfo]
        enum CodingKeys: String, CodingKey { case folder = "Folder" }
        /// Wraps the list.
        package init(folder: [FolderInfo]) { self.folder = folder }
    }
    package var folders: Folders
    package var totalCount: Int
    package var pageNumber: Int
    package var pageSize: Int
    enum CodingKeys: String, CodingKey {
        case folders = "Folders"
        case totalCount = "TotalCount"
        case pageNumber = "PageNumber"
        case pageSize = "PageSize"
    }
    /// Creates a page.
    package init(folders: [FolderInfo], totalCount: Int, pageNumber: Int, pageSize: Int) {
        self.folders = Folders(folder: folders)
        self.totalCount = totalCount
        self.pageNumber = pageNumber
        self.pageSize = pageSize
    }
}

// The `Cloud` method of each operation above: a name for `call` with its request type.
extension Cloud {
    /// Lists the direct subfolders of a folder (management account or delegated admin only).
    package func listFoldersForParent(_ request: ListFoldersForParentRequest, context: CallContext) async throws
        -> ListFoldersForParentResponse
    {
        try await call(request, context: context)
    }
}
