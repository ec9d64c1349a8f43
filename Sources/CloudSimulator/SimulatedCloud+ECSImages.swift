import CloudAPI
import CloudModel
import Foundation

// ECS custom images and image sharing (alibaba-api.md §6.4–6.5, §6.7).
extension SimulatedCloud {
    /// Stores a new image and indexes it.
    private func add(_ image: ImageState, to account: AccountState, region: String) {
        account.region(region).images[image.id] = image
        index.images[image.id] = ResourceLocation(owner: account.id, region: region)
        touch(account.id)
    }

    package func createImage(_ request: CreateImageRequest, context: CallContext) async throws -> CreateImageResponse {
        try await perform(.ecs, context) {
            let regionName = try requiredRegion(request.regionID)
            let account = try authorizeECS(context, "ecs:CreateImage", region: regionName, "image/*")
            try ECSRules.checkClientToken(request.clientToken)
            var unsigned = request
            unsigned.clientToken = nil
            if let existing = try replay(
                "CreateImage", token: request.clientToken,
                fingerprint: ECSRules.fingerprint(unsigned), in: account)
            {
                return CreateImageResponse(imageID: existing)
            }
            guard let snapshotID = request.snapshotID, !snapshotID.isEmpty else {
                throw CloudError.missingParameter("SnapshotId")
            }
            guard let snapshot = account.regions[regionName]?.snapshots[snapshotID] else { throw CloudError.snapshotNotFound }
            guard snapshot.readyAt <= now else {
                throw CloudError.invalid("InvalidSnapshotId.NotReady", "The specified snapshot is not ready.", status: 403)
            }
            try ECSRules.checkName(request.imageName, code: "InvalidImageName.Malformed", parameter: "ImageName")
            try ECSRules.checkDescription(request.description)
            if let name = request.imageName,
                account.regions[regionName]?.images.values.contains(where: { $0.name == name }) == true
            {
                throw CloudError.invalid("InvalidImageName.Duplicated", "The specified image name \(name) already exists.")
            }
            let tags = try ECSRules.tags(request.tag)
            let moment = now
            let image = ImageState(
                id: withIDs { ECSRules.newID("m", region: regionName, ids: &$0) }, name: request.imageName ?? "",
                description: request.description ?? "", snapshotID: snapshot.id, size: snapshot.size, key: snapshot.key,
                isCopied: false, creationTime: Timestamp.seconds(moment),
                readyAt: moment.addingTimeInterval(environment.provisioningDelay), tags: tags, sharedWith: [])
            add(image, to: account, region: regionName)
            remember(
                "CreateImage", token: request.clientToken, request: unsigned, id: image.id,
                in: account)
            return CreateImageResponse(imageID: image.id)
        }
    }

    /// The image as DescribeImages shows it to `viewer`.
    private func info(_ image: ImageState, owner: AccountID, viewer: AccountID) -> ImageInfo {
        ImageInfo(
            imageID: image.id, imageName: image.name, description: image.description,
            status: image.readyAt <= now ? "Available" : "Creating",
            imageOwnerAlias: owner == viewer ? "self" : "others", imageOwnerID: owner.rawValue,
            isCopied: image.isCopied, size: image.size, creationTime: image.creationTime, encrypted: image.key != nil,
            kmsKeyID: image.key?.keyID.rawValue ?? "", tags: image.tags)
    }

    /// An image the caller may use: its own or one shared with it.
    private func usableImage(_ id: String, caller: AccountID, region: String) throws -> (ImageState, owner: AccountID) {
        guard let location = index.images[id], location.region == region,
            let image = accounts[location.owner]?.regions[region]?.images[id],
            location.owner == caller || image.sharedWith.contains(where: { $0.account == caller })
        else { throw CloudError.imageNotFound }
        return (image, location.owner)
    }

    package func describeImages(_ request: DescribeImagesRequest, context: CallContext) async throws
        -> DescribeImagesResponse
    {
        try await perform(.ecs, context) {
            let regionName = try requiredRegion(request.regionID)
            let account = try authorizeECS(context, "ecs:DescribeImages", region: regionName, "image/*")
            let (page, size) = try Paging.numbered(request.pageNumber, request.pageSize, defaultSize: 10, maxSize: 100)
            let alias = request.imageOwnerAlias
            if let alias, !["self", "others", "system", "marketplace"].contains(alias) {
                throw CloudError.invalidParameter("ImageOwnerAlias", "must be self, others, system or marketplace.")
            }
            var images: [ImageInfo] = []
            if alias == nil || alias == "self" {
                images += account.regions[regionName]?.images.values.map { info($0, owner: account.id, viewer: account.id) } ?? []
            }
            if alias == nil || alias == "others" {
                for (id, location) in index.images where location.region == regionName && location.owner != account.id {
                    guard let image = accounts[location.owner]?.regions[regionName]?.images[id],
                        image.sharedWith.contains(where: { $0.account == account.id })
                    else { continue }
                    images.append(info(image, owner: location.owner, viewer: account.id))
                }
            }
            let wanted = request.imageID.map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
            let statuses = Set((request.status ?? "Available").split(separator: ",").map(String.init))
            images =
                images
                .filter { (wanted?.contains($0.imageID) ?? true) && statuses.contains($0.status) }
                .sorted { ($0.creationTime, $0.imageID) > ($1.creationTime, $1.imageID) }
            return DescribeImagesResponse(
                images: Paging.slice(images, page: page, size: size), totalCount: images.count,
                pageNumber: page, pageSize: size, regionID: regionName)
        }
    }

    package func copyImage(_ request: CopyImageRequest, context: CallContext) async throws -> CopyImageResponse {
        try await perform(.ecs, context) {
            let regionName = try requiredRegion(request.regionID)
            guard !request.imageID.isEmpty else { throw CloudError.missingParameter("ImageId") }
            let account = try authorizeECS(context, "ecs:CopyImage", region: regionName, "image/\(request.imageID)")
            try ECSRules.checkClientToken(request.clientToken)
            var unsigned = request
            unsigned.clientToken = nil
            if let existing = try replay(
                "CopyImage", token: request.clientToken,
                fingerprint: ECSRules.fingerprint(unsigned), in: account)
            {
                return CopyImageResponse(imageID: existing)
            }
            if request.kmsKeyID != nil, request.encrypted != true { throw CloudError.encryptedNotMatchKMSKeyID }
            let (source, owner) = try usableImage(request.imageID, caller: account.id, region: regionName)
            guard source.readyAt <= now else {
                throw CloudError.invalid("IncorrectImageStatus", "The image is not Available yet.")
            }
            let destination = request.destinationRegionID ?? regionName
            if owner != account.id, destination != regionName {
                throw CloudError.invalid(
                    "OperationDenied.SameRegionOnly",
                    "An image shared with you can only be copied within its region.", status: 403)
            }
            try ECSRules.checkName(
                request.destinationImageName, code: "InvalidImageName.Malformed",
                parameter: "DestinationImageName")
            let tags = try ECSRules.tags(request.tag)
            let key: KeyReference?
            if let keyID = request.kmsKeyID, !keyID.isEmpty {
                key = try ecsKey(keyID, caller: account.id, region: destination)
            } else if let sourceKey = source.key {
                key =
                    try owner == account.id && !sourceKey.isServiceKey && destination == regionName
                    ? sourceKey : serviceKey(for: account, region: destination)
            } else {
                key = try request.encrypted == true ? serviceKey(for: account, region: destination) : nil
            }
            let moment = now
            let copy = ImageState(
                id: withIDs { ECSRules.newID("m", region: destination, ids: &$0) },
                name: request.destinationImageName ?? source.name, description: request.destinationDescription ?? "",
                snapshotID: source.snapshotID, size: source.size, key: key, isCopied: true,
                creationTime: Timestamp.seconds(moment), readyAt: moment.addingTimeInterval(environment.provisioningDelay),
                tags: tags, sharedWith: [])
            add(copy, to: account, region: destination)
            remember(
                "CopyImage", token: request.clientToken, request: unsigned, id: copy.id,
                in: account)
            return CopyImageResponse(imageID: copy.id)
        }
    }

    package func modifyImageSharePermission(_ request: ModifyImageSharePermissionRequest, context: CallContext)
        async throws -> EmptyResponse
    {
        try await perform(.ecs, context) {
            let regionName = try requiredRegion(request.regionID)
            guard !request.imageID.isEmpty else { throw CloudError.missingParameter("ImageId") }
            let account = try authorizeECS(
                context, "ecs:ModifyImageSharePermission", region: regionName,
                "image/\(request.imageID)")
            guard var image = account.regions[regionName]?.images[request.imageID] else { throw CloudError.imageNotFound }
            let additions = try (request.addAccount ?? []).prefix(10).map { try shareRecipient($0, owner: account.id) }
            let removals = (request.removeAccount ?? []).prefix(10).compactMap(AccountID.init)
            var shared = image.sharedWith.filter { !removals.contains($0.account) }
            let newcomers = additions.filter { id in !shared.contains { $0.account == id } }
            guard shared.count + Set(newcomers).count <= 50 else {
                throw CloudError.invalid(
                    "QuotaExceed.ShareImageUser", "An image can be shared with at most 50 accounts.",
                    status: 403)
            }
            if let key = image.key, !newcomers.isEmpty {
                if key.isServiceKey {
                    throw CloudError.invalid(
                        "NotSupportSnapshotEncrypted.ShareImage",
                        "An image encrypted with the ECS service key cannot be shared; copy it with a KMS key first.")
                }
                try checkShareRole(
                    Self.shareImageRole, owner: account, recipients: newcomers, key: key,
                    denied: .shareEncryptImageRoleMissing)
            }
            let time = Timestamp.seconds(now)
            for id in newcomers where !shared.contains(where: { $0.account == id }) {
                shared.append(ImageShare(account: id, sharedTime: time))
            }
            image.sharedWith = shared
            account.regions[regionName]?.images[image.id] = image
            touch(account.id)
            return EmptyResponse()
        }
    }

    /// A recipient account: not the owner (404 `InvalidAccount.Forbbiden`), and known (404
    /// `InvalidAccount.NotFound`).
    private func shareRecipient(_ text: String, owner: AccountID) throws -> AccountID {
        guard let id = AccountID(text), accounts[id] != nil else {
            throw CloudError.invalid("InvalidAccount.NotFound", "The specified account \(text) does not exist.", status: 404)
        }
        guard id != owner else {
            throw CloudError.invalid("InvalidAccount.Forbbiden", "The image cannot be shared with its owner.", status: 404)
        }
        return id
    }

    package func describeImageSharePermission(_ request: DescribeImageSharePermissionRequest, context: CallContext)
        async throws -> DescribeImageSharePermissionResponse
    {
        try await perform(.ecs, context) {
            let regionName = try requiredRegion(request.regionID)
            guard !request.imageID.isEmpty else { throw CloudError.missingParameter("ImageId") }
            let account = try authorizeECS(
                context, "ecs:DescribeImageSharePermission", region: regionName,
                "image/\(request.imageID)")
            guard let image = account.regions[regionName]?.images[request.imageID] else { throw CloudError.imageNotFound }
            let (page, size) = try Paging.numbered(request.pageNumber, request.pageSize, defaultSize: 10, maxSize: 100)
            let entries = image.sharedWith.map {
                DescribeImageSharePermissionResponse.Account(aliyunID: $0.account.rawValue, sharedTime: $0.sharedTime)
            }
            return DescribeImageSharePermissionResponse(
                regionID: regionName, imageID: image.id, totalCount: entries.count,
                pageNumber: page, pageSize: size,
                accounts: Paging.slice(entries, page: page, size: size))
        }
    }
}

// The requests this file answers: `SimulatedCloud.call` finds each behaviour through these.
extension CreateImageRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.createImage(self, context: context)
    }
}
extension DescribeImagesRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.describeImages(self, context: context)
    }
}
extension CopyImageRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.copyImage(self, context: context)
    }
}
extension ModifyImageSharePermissionRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.modifyImageSharePermission(self, context: context)
    }
}
extension DescribeImageSharePermissionRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.describeImageSharePermission(self, context: context)
    }
}
