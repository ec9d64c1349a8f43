import CloudAPI
import CloudModel
import Foundation

// KMS key life cycle, key lookup and key states (alibaba-api.md §2.2, §2.4).
extension SimulatedCloud {
    /// Finds a key by id, alias or ARN as KMS does: ids and aliases only in the caller's own
    /// account and region, other accounts' keys only by ARN.
    func resolveKey(_ keyID: String, _ context: CallContext) throws -> (KMSKeyState, ResourceLocation) {
        guard !keyID.isEmpty else { throw CloudError.missingParameter("KeyId") }
        let caller = try callerAccount(context)
        let region = context.region.rawValue
        if keyID.hasPrefix("acs:") {
            guard let arn = ResourceName(parsing: keyID), arn.service == "kms", let owner = arn.accountID else {
                throw CloudError.invalidParameter("KeyId", "'\(keyID)' is not a key ARN (acs:kms:<region>:<uid>:key/<id>).")
            }
            guard arn.region == region, let ownerRegion = accounts[owner]?.regions[region] else {
                throw arn.resource.hasPrefix("alias/")
                    ? CloudError.aliasNotFound(arn.resource, account: owner, region: arn.region) : CloudError.keyNotFound
            }
            if arn.resource.hasPrefix("key/") {
                guard let id = KMSKeyID(String(arn.resource.dropFirst(4))), let key = ownerRegion.keys[id] else {
                    throw CloudError.keyNotFound
                }
                return (key, ResourceLocation(owner: owner, region: region))
            }
            if arn.resource.hasPrefix("alias/") {
                guard let id = ownerRegion.aliases[arn.resource], let key = ownerRegion.keys[id] else {
                    throw CloudError.aliasNotFound(arn.resource, account: owner, region: region)
                }
                return (key, ResourceLocation(owner: owner, region: region))
            }
            throw CloudError.invalidParameter("KeyId", "'\(keyID)' names neither key/<id> nor alias/<name>.")
        }
        let own = caller.regions[region]
        if keyID.hasPrefix("alias/") {
            guard let id = own?.aliases[keyID], let key = own?.keys[id] else {
                throw CloudError.aliasNotFound(keyID, account: caller.id, region: region)
            }
            return (key, ResourceLocation(owner: caller.id, region: region))
        }
        guard let id = KMSKeyID(keyID), let key = own?.keys[id] else { throw CloudError.keyNotFound }
        return (key, ResourceLocation(owner: caller.id, region: region))
    }

    /// Writes a changed key back and marks its account for persistence.
    func store(_ key: KMSKeyState, at location: ResourceLocation) {
        accounts[location.owner]?.region(location.region).keys[key.id] = key
        touch(location.owner)
    }

    /// The answer's `KeyMetadata`.
    func metadata(_ key: KMSKeyState, _ location: ResourceLocation) -> KeyMetadata {
        KeyMetadata(
            keyID: key.id.rawValue,
            arn: ResourceName.key(key.id.rawValue, region: RegionID(location.region), account: location.owner).description,
            keyState: key.state.rawValue, keySpec: key.spec, keyUsage: key.usage, origin: key.origin,
            protectionLevel: key.protectionLevel, dkmsInstanceID: key.instanceID?.rawValue, creator: location.owner.rawValue,
            creationDate: key.creationDate, description: key.description, primaryKeyVersion: key.versionID,
            deleteDate: key.deleteDate)
    }

    package func createKey(_ request: CreateKeyRequest, context: CallContext) async throws -> CreateKeyResponse {
        try await perform(.kmsCreate, context) {
            let account = try callerAccount(context)
            let regionName = context.region.rawValue
            let container = ResourceName(service: "kms", region: regionName, account: account.id.rawValue, resource: "key")
            try authorizeIdentity(
                context, action: "kms:CreateKey", resource: container,
                denial: .kmsNoPermission(action: "kms:CreateKey", resource: container.description))
            let spec = request.keySpec ?? "Aliyun_AES_256"
            guard KMSNames.keySpecs.contains(spec) else {
                throw CloudError.invalidParameter(
                    "KeySpec", "'\(spec)' is not one of \(KMSNames.keySpecs.sorted().joined(separator: ", ")).")
            }
            let usage = request.keyUsage ?? (spec.hasPrefix("Aliyun_") ? "ENCRYPT/DECRYPT" : "SIGN/VERIFY")
            guard usage == "ENCRYPT/DECRYPT" || usage == "SIGN/VERIFY" else {
                throw CloudError.invalidParameter("KeyUsage", "must be ENCRYPT/DECRYPT or SIGN/VERIFY.")
            }
            let origin = request.origin ?? "Aliyun_KMS"
            guard origin == "Aliyun_KMS" || origin == "EXTERNAL" else {
                throw CloudError.invalidParameter("Origin", "must be Aliyun_KMS or EXTERNAL (case-sensitive).")
            }
            let description = request.description ?? ""
            guard description.count <= 8192 else { throw CloudError.invalidParameter("Description", "at most 8192 characters.") }
            let tags = try KMSNames.parseTags(request.tags)
            let region = account.region(regionName)
            var policy: StoredPolicy?
            var shared = Set<AccountID>()
            var instanceID: KMSInstanceID?
            if let requested = request.dkmsInstanceID {
                guard let id = KMSInstanceID(requested), let instance = region.instances[id] else {
                    throw CloudError.dkmsInstanceNotFound
                }
                instanceID = id
                guard region.keys.values.filter({ $0.instanceID == id }).count < instance.keyNum else {
                    throw CloudError.limitExceeded("key")
                }
                let checked = try checkKeyPolicy(
                    request.policy ?? KMSNames.defaultKeyPolicy(owner: account.id), owner: account.id)
                try checkShareQuota(instance, region: region, keyID: nil, newAccounts: checked.shared)
                policy = checked.policy
                shared = checked.shared
            } else {
                if request.policy != nil { throw CloudError.keyPolicyUnsupported }
                guard region.keys.values.filter({ $0.instanceID == nil }).count < 200 else {
                    throw CloudError.limitExceeded("key")
                }
            }
            let created = Timestamp.seconds(now)
            let key = try withIDs { ids in
                let generated = instanceID == nil ? ids.uuid() : KMSNames.instanceKeyID(region: regionName, ids: &ids)
                // Generated ids have at most 36 bytes: the check is the type's, it never fails here.
                guard let id = KMSKeyID(generated) else { throw CloudError.internalError }
                return KMSKeyState(
                    id: id, instanceID: instanceID, spec: spec, usage: usage, origin: origin,
                    protectionLevel: instanceID == nil ? (request.protectionLevel ?? "SOFTWARE") : "SOFTWARE",
                    state: origin == "EXTERNAL" ? .pendingImport : .enabled, description: description,
                    creationDate: created, deleteDate: nil, versionID: ids.uuid(), material: Data(ids.bytes(32)),
                    policy: policy, sharedAccounts: shared, tags: tags, aliases: [])
            }
            if let instanceID { applyShareChange(instanceID, region: region, old: [], new: shared) }
            let location = ResourceLocation(owner: account.id, region: regionName)
            region.keys[key.id] = key
            index.keys[key.id] = location
            touch(account.id)
            return CreateKeyResponse(keyMetadata: metadata(key, location))
        }
    }

    package func describeKey(_ request: DescribeKeyRequest, context: CallContext) async throws -> DescribeKeyResponse {
        try await perform(.kmsRead, context) {
            let (key, location) = try resolveKey(request.keyID, context)
            try authorizeKey(context, action: "kms:DescribeKey", key: key, location: location)
            return DescribeKeyResponse(keyMetadata: metadata(key, location))
        }
    }

    /// The caller's account, once its RAM policies allow `action` on the region's `container`
    /// (`acs:kms:<region>:<uid>:key` or `…:alias`).
    private func authorizeListing(_ context: CallContext, action: String, container: String) throws -> AccountState {
        let account = try callerAccount(context)
        let resource = ResourceName(
            service: "kms", region: context.region.rawValue, account: account.id.rawValue,
            resource: container)
        try authorizeIdentity(
            context, action: action, resource: resource,
            denial: .kmsNoPermission(action: action, resource: resource.description))
        return account
    }

    package func listKeys(_ request: ListKeysRequest, context: CallContext) async throws -> ListKeysResponse {
        try await perform(.kmsRead, context) {
            let account = try authorizeListing(context, action: "kms:ListKeys", container: "key")
            let regionName = context.region.rawValue
            let (page, size) = try Paging.numbered(request.pageNumber, request.pageSize, defaultSize: 10, maxSize: 100)
            let filters = try KMSNames.parseFilters(request.filters)
            let keys = (account.regions[regionName]?.keys.values.map { $0 } ?? [])
                .filter { key in filters.allSatisfy { KMSNames.matches(key, filter: $0) } }
                .sorted { ($0.creationDate, $0.id) < ($1.creationDate, $1.id) }
            let entries = Paging.slice(keys, page: page, size: size).map {
                ListKeysResponse.Key(
                    keyID: $0.id.rawValue,
                    keyARN: ResourceName.key($0.id.rawValue, region: context.region, account: account.id).description)
            }
            return ListKeysResponse(keys: entries, totalCount: keys.count, pageNumber: page, pageSize: size)
        }
    }

    package func listAliases(_ request: ListAliasesRequest, context: CallContext) async throws -> ListAliasesResponse {
        try await perform(.kmsRead, context) {
            let account = try authorizeListing(context, action: "kms:ListAliases", container: "alias")
            let regionName = context.region.rawValue
            let (page, size) = try Paging.numbered(request.pageNumber, request.pageSize, defaultSize: 10, maxSize: 100)
            let aliases = (account.regions[regionName]?.aliases ?? [:]).sorted { $0.key < $1.key }
            let entries = Paging.slice(aliases, page: page, size: size).map { name, keyID in
                ListAliasesResponse.Alias(
                    aliasName: name,
                    aliasARN: ResourceName(
                        service: "kms", region: regionName, account: account.id.rawValue,
                        resource: name
                    ).description,
                    keyID: keyID.rawValue)
            }
            return ListAliasesResponse(aliases: entries, totalCount: aliases.count, pageNumber: page, pageSize: size)
        }
    }

    package func enableKey(_ request: EnableKeyRequest, context: CallContext) async throws -> EmptyResponse {
        try await changeState(request.keyID, action: "kms:EnableKey", context: context) { key in
            guard key.state == .enabled || key.state == .disabled else { throw CloudError.stateModifiedFailed }
            key.state = .enabled
        }
    }

    package func disableKey(_ request: DisableKeyRequest, context: CallContext) async throws -> EmptyResponse {
        try await changeState(request.keyID, action: "kms:DisableKey", context: context) { key in
            guard key.state == .enabled || key.state == .disabled else { throw CloudError.stateModifiedFailed }
            key.state = .disabled
        }
    }

    package func scheduleKeyDeletion(_ request: ScheduleKeyDeletionRequest, context: CallContext) async throws
        -> EmptyResponse
    {
        guard let days = request.pendingWindowInDays else { throw CloudError.missingParameter("PendingWindowInDays") }
        guard (7...366).contains(days) else {
            throw CloudError.invalidParameter("PendingWindowInDays", "must be between 7 and 366 days, got \(days).")
        }
        let deleteDate = Timestamp.seconds(now.addingTimeInterval(TimeInterval(days) * 86_400))
        return try await changeState(request.keyID, action: "kms:ScheduleKeyDeletion", context: context) { key in
            guard key.state != .pendingDeletion && key.state != .unavailable else { throw CloudError.stateModifiedFailed }
            key.state = .pendingDeletion
            key.deleteDate = deleteDate
        }
    }

    package func cancelKeyDeletion(_ request: CancelKeyDeletionRequest, context: CallContext) async throws
        -> EmptyResponse
    {
        try await changeState(request.keyID, action: "kms:CancelKeyDeletion", context: context) { key in
            guard key.state == .pendingDeletion else { throw CloudError.stateModifiedFailed }
            key.state = .enabled
            key.deleteDate = nil
        }
    }

    /// Resolves, authorizes (a write), applies `change` and stores the key.
    private func changeState(
        _ keyID: String, action: String, context: CallContext,
        _ change: (inout KMSKeyState) throws -> Void
    ) async throws -> EmptyResponse {
        try await perform(.kmsWrite, context, action: action) {
            var (key, location) = try resolveKey(keyID, context)
            try authorizeKey(context, action: action, key: key, location: location)
            try change(&key)
            store(key, at: location)
            return EmptyResponse()
        }
    }

    package func createAlias(_ request: CreateAliasRequest, context: CallContext) async throws -> EmptyResponse {
        try await perform(.kmsWrite, context) {
            let alias = request.aliasName
            guard !alias.isEmpty else { throw CloudError.missingParameter("AliasName") }
            guard alias.hasPrefix("alias/"), alias.count > 6, alias.count <= 255, !alias.hasPrefix("alias/acs") else {
                throw CloudError.invalidParameter(
                    "AliasName", "must be alias/<name>, 1–255 characters, not starting with alias/acs.")
            }
            var (key, location) = try resolveKey(request.keyID, context)
            guard location.owner == context.principal.accountID else { throw CloudError.keyNotFound }
            try authorizeKey(context, action: "kms:CreateAlias", key: key, location: location)
            guard key.state != .pendingDeletion else { throw CloudError.stateModifiedFailed }
            guard let region = accounts[location.owner]?.region(location.region) else { throw CloudError.keyNotFound }
            guard region.aliases[alias] == nil else { throw CloudError.aliasAlreadyExists }
            guard region.aliases.count < 300 else { throw CloudError.limitExceeded("alias") }
            region.aliases[alias] = key.id
            key.aliases.append(alias)
            store(key, at: location)
            return EmptyResponse()
        }
    }

    package func tagResource(_ request: TagResourceRequest, context: CallContext) async throws -> EmptyResponse {
        try await perform(.kmsWrite, context) {
            guard let keyID = request.keyID else { throw CloudError.missingParameter("KeyId") }
            let tags = try KMSNames.parseTags(request.tags)
            guard !tags.isEmpty else { throw CloudError.invalidParameter("Tags", "give at least one {TagKey, TagValue}.") }
            var (key, location) = try resolveKey(keyID, context)
            try authorizeKey(context, action: "kms:TagResource", key: key, location: location)
            key.tags.merge(tags) { _, new in new }
            guard key.tags.count <= 20 else { throw CloudError.invalidParameter("Tags", "a key has at most 20 tags.") }
            store(key, at: location)
            return EmptyResponse()
        }
    }

    package func untagResource(_ request: UntagResourceRequest, context: CallContext) async throws -> EmptyResponse {
        try await perform(.kmsWrite, context) {
            guard let keyID = request.keyID else { throw CloudError.missingParameter("KeyId") }
            guard let data = request.tagKeys.data(using: .utf8),
                let names = try? JSONDecoder().decode([String].self, from: data)
            else { throw CloudError.invalidParameter("TagKeys", "must be a JSON array of strings, e.g. [\"k1\",\"k2\"].") }
            var (key, location) = try resolveKey(keyID, context)
            try authorizeKey(context, action: "kms:UntagResource", key: key, location: location)
            for name in names { key.tags[name] = nil }
            store(key, at: location)
            return EmptyResponse()
        }
    }
}

// The requests this file answers: `SimulatedCloud.call` finds each behaviour through these.
extension CreateKeyRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.createKey(self, context: context)
    }
}
extension DescribeKeyRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.describeKey(self, context: context)
    }
}
extension ListKeysRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.listKeys(self, context: context)
    }
}
extension EnableKeyRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.enableKey(self, context: context)
    }
}
extension DisableKeyRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.disableKey(self, context: context)
    }
}
extension ScheduleKeyDeletionRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.scheduleKeyDeletion(self, context: context)
    }
}
extension CancelKeyDeletionRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.cancelKeyDeletion(self, context: context)
    }
}
extension CreateAliasRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.createAlias(self, context: context)
    }
}
extension ListAliasesRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.listAliases(self, context: context)
    }
}
extension TagResourceRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.tagResource(self, context: context)
    }
}
extension UntagResourceRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.untagResource(self, context: context)
    }
}
