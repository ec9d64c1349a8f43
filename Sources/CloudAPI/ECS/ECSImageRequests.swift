// ECS image requests. Fields mirror the wire parameters of the same name.

/// `CreateImage` from a snapshot.
package struct CreateImageRequest: CloudRequest, Hashable {
    package typealias Response = CreateImageResponse
    package static let product = CloudProduct.ecs
    package static let action = "CreateImage"
    package static let operation = CloudOperation.createImage
    package var regionID: String
    package var snapshotID: String?
    package var imageName: String?
    package var description: String?
    package var clientToken: String?
    package var tag: [KeyValueTag]?
    enum CodingKeys: String, CodingKey {
        case regionID = "RegionId"
        case snapshotID = "SnapshotId"
        case imageName = "ImageName"
        case description = "Description"
        case clientToken = "ClientToken"
        case tag = "Tag"
    }
    /// Creates the request.
    package init(
        regionID: String, snapshotID: String?, imageName: String? = nil, description: String? = nil,
        clientToken: String? = nil, tag: [KeyValueTag]? = nil
    ) {
        self.regionID = regionID
        self.snapshotID = snapshotID
        self.imageName = imageName
        self.description = description
        self.clientToken = clientToken
        self.tag = tag
    }
}

/// The answer to `CreateImage`.
package struct CreateImageResponse: Codable, Sendable, Hashable {
    package var imageID: String
    enum CodingKeys: String, CodingKey { case imageID = "ImageId" }
    /// Wraps the new image's id.
    package init(imageID: String) { self.imageID = imageID }
}

/// An image as `DescribeImages` lists it.
package struct ImageInfo: Codable, Sendable, Hashable {
    package var imageID: String
    package var imageName: String
    package var description: String
    /// `Creating`, `Available`, …
    package var status: String
    /// `self`, `others`, `system`, `marketplace`.
    package var imageOwnerAlias: String
    package var imageOwnerID: String?
    package var isCopied: Bool
    package var size: Int
    package var creationTime: String
    package var encrypted: Bool
    package var kmsKeyID: String
    package var tags: ResourceTags
    enum CodingKeys: String, CodingKey {
        case imageID = "ImageId"
        case imageName = "ImageName"
        case description = "Description"
        case status = "Status"
        case imageOwnerAlias = "ImageOwnerAlias"
        case imageOwnerID = "ImageOwnerId"
        case isCopied = "IsCopied"
        case size = "Size"
        case creationTime = "CreationTime"
        case encrypted = "Encrypted"
        case kmsKeyID = "KMSKeyId"
        case tags = "Tags"
    }
    /// Creates an image description.
    package init(
        imageID: String, imageName: String, description: String, status: String, imageOwnerAlias: String,
        imageOwnerID: String?, isCopied: Bool, size: Int, creationTime: String, encrypted: Bool,
        kmsKeyID: String, tags: [ResourceTag]
    ) {
        self.imageID = imageID
        self.imageName = imageName
        self.description = description
        self.status = status
        self.imageOwnerAlias = imageOwnerAlias
        self.imageOwnerID = imageOwnerID
        self.isCopied = isCopied
        self.size = size
        self.creationTime = creationTime
        self.encrypted = encrypted
        self.kmsKeyID = kmsKeyID
        self.tags = ResourceTags(tag: tags)
    }
}

/// `DescribeImages`.
package struct DescribeImagesRequest: CloudRequest, Hashable {
    package typealias Response = DescribeImagesResponse
    package static let product = CloudProduct.ecs
    package static let action = "DescribeImages"
    package static let operation = CloudOperation.describeImages
    package var regionID: String
    /// Comma-separated image ids.
    package var imageID: String?
    /// `self`, `others`, `system`, `marketplace`; own and shared when absent.
    package var imageOwnerAlias: String?
    package var status: String?
    package var pageNumber: Int?
    package var pageSize: Int?
    enum CodingKeys: String, CodingKey {
        case regionID = "RegionId"
        case imageID = "ImageId"
        case imageOwnerAlias = "ImageOwnerAlias"
        case status = "Status"
        case pageNumber = "PageNumber"
        case pageSize = "PageSize"
    }
    /// Creates the request.
    package init(
        regionID: String, imageID: String? = nil, imageOwnerAlias: String? = nil, status: String? = nil,
        pageNumber: Int? = nil, pageSize: Int? = nil
    ) {
        self.regionID = regionID
        self.imageID = imageID
        self.imageOwnerAlias = imageOwnerAlias
        self.status = status
        self.pageNumber = pageNumber
        self.pageSize = pageSize
    }
}

/// The answer to `DescribeImages`: `{"Images":{"Image":[…]}}`.
package struct DescribeImagesResponse: Codable, Sendable, Hashable {
    /// The `Images` wrapper.
    package struct Images: Codable, Sendable, Hashable {
        package var image: [ImageInfo]
        enum CodingKeys: String, CodingKey { case image = "Image" }
        /// Wraps the list.
        package init(image: [ImageInfo]) { self.image = image }
    }
    package var images: Images
    package var totalCount: Int
    package var pageNumber: Int
    package var pageSize: Int
    package var regionID: String
    enum CodingKeys: String, CodingKey {
        case images = "Images"
        case totalCount = "TotalCount"
        case pageNumber = "PageNumber"
        case pageSize = "PageSize"
        case regionID = "RegionId"
    }
    /// Creates a page.
    package init(images: [ImageInfo], totalCount: Int, pageNumber: Int, pageSize: Int, regionID: String) {
        self.images = Images(image: images)
        self.totalCount = totalCount
        self.pageNumber = pageNumber
        self.pageSize = pageSize
        self.regionID = regionID
    }
}

/// `CopyImage`: the copy belongs to the caller, optionally encrypted with `KMSKeyId`.
package struct CopyImageRequest: CloudRequest, Hashable {
    package typealias Response = CopyImageResponse
    package static let product = CloudProduct.ecs
    package static let action = "CopyImage"
    package static let operation = CloudOperation.copyImage
    package var regionID: String
    package var imageID: String
    package var destinationRegionID: String?
    package var destinationImageName: String?
    package var destinationDescription: String?
    package var encrypted: Bool?
    package var kmsKeyID: String?
    package var clientToken: String?
    package var tag: [KeyValueTag]?
    enum CodingKeys: String, CodingKey {
        case regionID = "RegionId"
        case imageID = "ImageId"
        case destinationRegionID = "DestinationRegionId"
        case destinationImageName = "DestinationImageName"
        case destinationDescription = "DestinationDescription"
        case encrypted = "Encrypted"
        case kmsKeyID = "KMSKeyId"
        case clientToken = "ClientToken"
        case tag = "Tag"
    }
    /// Creates the request.
    package init(
        regionID: String, imageID: String, destinationRegionID: String? = nil,
        destinationImageName: String? = nil, destinationDescription: String? = nil,
        encrypted: Bool? = nil, kmsKeyID: String? = nil, clientToken: String? = nil,
        tag: [KeyValueTag]? = nil
    ) {
        self.regionID = regionID
        self.imageID = imageID
        self.destinationRegionID = destinationRegionID
        self.destinationImageName = destinationImageName
        self.destinationDescription = destinationDescription
        self.encrypted = encrypted
        self.kmsKeyID = kmsKeyID
        self.clientToken = clientToken
        self.tag = tag
    }
}

/// The answer to `CopyImage`.
package struct CopyImageResponse: Codable, Sendable, Hashable {
    package var imageID: String
    enum CodingKeys: String, CodingKey { case imageID = "ImageId" }
    /// Wraps the copy's id.
    package init(imageID: String) { self.imageID = imageID }
}

/// `ModifyImageSharePermission`: at most 10 accounts added or removed per call.
package struct ModifyImageSharePermissionRequest: CloudRequest, Hashable {
    package typealias Response = EmptyResponse
    package static let product = CloudProduct.ecs
    package static let action = "ModifyImageSharePermission"
    package static let operation = CloudOperation.modifyImageSharePermission
    package var regionID: String
    package var imageID: String
    /// `AddAccount.N`.
    package var addAccount: [String]?
    /// `RemoveAccount.N`.
    package var removeAccount: [String]?
    package var isPublic: Bool?
    enum CodingKeys: String, CodingKey {
        case regionID = "RegionId"
        case imageID = "ImageId"
        case addAccount = "AddAccount"
        case removeAccount = "RemoveAccount"
        case isPublic = "IsPublic"
    }
    /// Creates the request.
    package init(
        regionID: String, imageID: String, addAccount: [String]? = nil, removeAccount: [String]? = nil,
        isPublic: Bool? = nil
    ) {
        self.regionID = regionID
        self.imageID = imageID
        self.addAccount = addAccount
        self.removeAccount = removeAccount
        self.isPublic = isPublic
    }
}

/// `DescribeImageSharePermission`.
package struct DescribeImageSharePermissionRequest: CloudRequest, Hashable {
    package typealias Response = DescribeImageSharePermissionResponse
    package static let product = CloudProduct.ecs
    package static let action = "DescribeImageSharePermission"
    package static let operation = CloudOperation.describeImageSharePermission
    package var regionID: String
    package var imageID: String
    package var pageNumber: Int?
    package var pageSize: Int?
    enum CodingKeys: String, CodingKey {
        case regionID = "RegionId"
        case imageID = "ImageId"
        case pageNumber = "PageNumber"
        case pageSize = "PageSize"
    }
    /// Creates the request.
    package init(regionID: String, imageID: String, pageNumber: Int? = nil, pageSize: Int? = nil) {
        self.regionID = regionID
        self.imageID = imageID
        self.pageNumber = pageNumber
        self.pageSize = pageSize
    }
}

/// The answer to `DescribeImageSharePermission`.
package struct DescribeImageSharePermissionResponse: Codable, Sendable, Hashable {
    /// One account the image is shared with.
    package struct Account: Codable, Sendable, Hashable {
        package var aliyunID: String
        package var sharedTime: String
        enum CodingKeys: String, CodingKey {
            case aliyunID = "AliyunId"
            case sharedTime = "SharedTime"
        }
        /// Creates an entry.
        package init(aliyunID: String, sharedTime: String) {
            self.aliyunID = aliyunID
            self.sharedTime = sharedTime
        }
    }
    /// The `Accounts` wrapper.
    package struct Accounts: Codable, Sendable, Hashable {
        package var account: [Account]
        enum CodingKeys: String, CodingKey { case account = "Account" }
        /// Wraps the list.
        package init(account: [Account]) { self.account = account }
    }
    package var regionID: String
    package var imageID: String
    package var totalCount: Int
    package var pageNumber: Int
    package var pageSize: Int
    package var accounts: Accounts
    enum CodingKeys: String, CodingKey {
        case regionID = "RegionId"
        case imageID = "ImageId"
        case totalCount = "TotalCount"
        case pageNumber = "PageNumber"
        case pageSize = "PageSize"
        case accounts = "Accounts"
    }
    /// Creates a page.
    package init(
        regionID: String, imageID: String, totalCount: Int, pageNumber: Int, pageSize: Int,
        accounts: [Account]
    ) {
        self.regionID = regionID
        self.imageID = imageID
        self.totalCount = totalCount
        self.pageNumber = pageNumber
        self.pageSize = pageSize
        self.accounts = Accounts(account: accounts)
    }
}

// The `Cloud` method of each operation above: a name for `call` with its request type.
extension Cloud {
    /// Creates a custom image from a snapshot.
    package func createImage(_ request: CreateImageRequest, context: CallContext) async throws -> CreateImageResponse {
        try await call(request, context: context)
    }
    /// Lists images.
    package func describeImages(_ request: DescribeImagesRequest, context: CallContext) async throws -> DescribeImagesResponse {
        try await call(request, context: context)
    }
    /// Copies an own or shared image, optionally encrypting it.
    package func copyImage(_ request: CopyImageRequest, context: CallContext) async throws -> CopyImageResponse {
        try await call(request, context: context)
    }
    /// Shares an image with accounts or stops sharing it.
    package func modifyImageSharePermission(_ request: ModifyImageSharePermissionRequest, context: CallContext) async throws
        -> EmptyResponse
    {
        try await call(request, context: context)
    }
    /// Lists the accounts an image is shared with.
    package func describeImageSharePermission(_ request: DescribeImageSharePermissionRequest, context: CallContext) async throws
        -> DescribeImageSharePermissionResponse
    {
        try await call(request, context: context)
    }
}
