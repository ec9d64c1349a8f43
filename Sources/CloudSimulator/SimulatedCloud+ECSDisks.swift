import CloudAPI
import CloudModel
import Foundation

// ECS disks (alibaba-api.md §6.1–6.2): parameters, encryption through the caller's ECS role,
// Creating → Available on the simulated clock, ClientToken idempotency.
extension SimulatedCloud {
    /// Authorizes an ECS action on a resource of the caller's account (403 `Forbidden.RAM`).
    func authorizeECS(_ context: CallContext, _ action: String, region: String, _ resource: String) throws -> AccountState {
        let account = try callerAccount(context)
        try authorizeIdentity(
            context, action: action,
            resource: ResourceName(
                service: "ecs", region: region, account: account.id.rawValue,
                resource: resource),
            denial: .ecsForbiddenRAM)
        return account
    }

    /// The resource a ClientToken already made for this exact request; mismatches are refused.
    func replay(_ action: String, token: String?, fingerprint: @autoclosure () -> String, in account: AccountState) throws
        -> String?
    {
        guard let token else { return nil }
        guard let record = account.clientTokens[action + "/" + token] else { return nil }
        guard record.fingerprint.text == fingerprint() else { throw CloudError.idempotentParameterMismatch }
        return record.resourceID
    }

    /// Remembers what a ClientToken made for `request` (sent without its token).
    func remember(
        _ action: String, token: String?, request: some Encodable & Sendable, id: String, in account: AccountState
    ) {
        guard let token else { return }
        account.clientTokens[action + "/" + token] = ClientTokenRecord(
            fingerprint: RequestFingerprint(request), resourceID: id)
    }

    /// A snapshot the caller may use: its own, or one shared with it through Resource Sharing.
    func usableSnapshot(_ id: String, caller: AccountID, region: String) throws -> (SnapshotState, shared: Bool) {
        guard let location = index.snapshots[id], location.region == region,
            let snapshot = accounts[location.owner]?.regions[region]?.snapshots[id]
        else { throw CloudError.snapshotNotFound }
        if location.owner == caller { return (snapshot, false) }
        guard isShared(snapshot: id, owner: location.owner, with: caller) else { throw CloudError.snapshotNotFound }
        return (snapshot, true)
    }

    package func createDisk(_ request: CreateDiskRequest, context: CallContext) async throws -> CreateDiskResponse {
        try await perform(.ecs, context) {
            let regionName = try requiredRegion(request.regionID)
            let account = try authorizeECS(context, "ecs:CreateDisk", region: regionName, "disk/*")
            try ECSRules.checkClientToken(request.clientToken)
            var unsigned = request
            unsigned.clientToken = nil
            if let existing = try replay(
                "CreateDisk", token: request.clientToken,
                fingerprint: ECSRules.fingerprint(unsigned), in: account)
            {
                return CreateDiskResponse(diskID: existing)
            }
            guard let zone = request.zoneID, !zone.isEmpty else { throw CloudError.missingParameter("ZoneId") }
            try checkZone(zone, region: regionName)
            guard request.size != nil || request.snapshotID != nil else {
                throw CloudError(
                    code: "MissingParameter",
                    message:
                        "The input parameter \"Size\" or \"SnapshotId\" that is mandatory for processing this request is not supplied.",
                    httpStatus: 400)
            }
            let category = request.diskCategory ?? "cloud"
            let level = category == "cloud_essd" ? (request.performanceLevel ?? "PL1") : (request.performanceLevel ?? "")
            guard let range = ECSRules.sizeRange(category: category, performanceLevel: category == "cloud_essd" ? level : "")
            else {
                throw CloudError.invalid(
                    "InvalidDiskCategory.ValueNotSupported",
                    "The DiskCategory '\(category)' (PerformanceLevel '\(level)') is not supported.")
            }
            try ECSRules.checkName(request.diskName, code: "InvalidDiskName.Malformed", parameter: "DiskName")
            try ECSRules.checkDescription(request.description)
            let tags = try ECSRules.tags(request.tag)
            if request.kmsKeyID != nil, request.encrypted != true { throw CloudError.encryptedNotMatchKMSKeyID }
            var source: (SnapshotState, shared: Bool)?
            if let snapshotID = request.snapshotID, !snapshotID.isEmpty {
                let found = try usableSnapshot(snapshotID, caller: account.id, region: regionName)
                guard found.0.readyAt <= now else {
                    throw CloudError.invalid("InvalidSnapshotId.NotReady", "The specified snapshot is not ready.", status: 403)
                }
                source = found
            }
            let size = request.size ?? source?.0.size ?? 0
            guard range.contains(size) else {
                throw CloudError.invalid(
                    "InvalidSize.ValueNotSupported",
                    "The Size \(size) GiB is out of range \(range.lowerBound)–\(range.upperBound) for \(category).")
            }
            if let source, size < source.0.size {
                throw CloudError.invalid(
                    "InvalidDiskSize.TooSmall", "The Size must be at least the snapshot's \(source.0.size) GiB.",
                    status: 403)
            }
            let key = try diskKey(request, account: account, region: regionName, source: source)
            let moment = now
            let disk = DiskState(
                id: withIDs { ECSRules.newID("d", region: regionName, ids: &$0) }, name: request.diskName ?? "",
                description: request.description ?? "", zoneID: zone, category: category, size: size,
                performanceLevel: level, key: key, sourceSnapshotID: source?.0.id ?? "",
                creationTime: Timestamp.minutes(moment), availableAt: moment.addingTimeInterval(environment.provisioningDelay),
                resourceGroupID: request.resourceGroupID ?? "", tags: tags)
            account.region(regionName).disks[disk.id] = disk
            remember(
                "CreateDisk", token: request.clientToken, request: unsigned, id: disk.id,
                in: account)
            touch(account.id)
            return CreateDiskResponse(diskID: disk.id)
        }
    }

    /// The key a new disk is encrypted with: the named key (via the ECS role), the snapshot's,
    /// or the service key.
    private func diskKey(
        _ request: CreateDiskRequest, account: AccountState, region: String,
        source: (SnapshotState, shared: Bool)?
    ) throws -> KeyReference? {
        if let keyID = request.kmsKeyID, !keyID.isEmpty {
            let key = try ecsKey(keyID, caller: account.id, region: region)
            if let source, source.shared, source.0.key?.keyID == key.keyID {
                throw CloudError.invalid(
                    "InvalidParam.EncryptedMismatch",
                    "A disk from a shared encrypted snapshot must be encrypted with another key.")
            }
            return key
        }
        if let source, let sourceKey = source.0.key {
            return try source.shared || sourceKey.isServiceKey ? serviceKey(for: account, region: region) : sourceKey
        }
        return try request.encrypted == true ? serviceKey(for: account, region: region) : nil
    }

    /// The disk as DescribeDisks shows it (the key by id only).
    private func info(_ disk: DiskState, region: String) -> DiskInfo {
        DiskInfo(
            diskID: disk.id, diskName: disk.name, description: disk.description, regionID: region, zoneID: disk.zoneID,
            category: disk.category, size: disk.size, status: disk.availableAt <= now ? "Available" : "Creating",
            encrypted: disk.key != nil, kmsKeyID: disk.key?.keyID.rawValue ?? "", performanceLevel: disk.performanceLevel,
            sourceSnapshotID: disk.sourceSnapshotID, creationTime: disk.creationTime,
            resourceGroupID: disk.resourceGroupID, tags: disk.tags)
    }

    package func describeDisks(_ request: DescribeDisksRequest, context: CallContext) async throws -> DescribeDisksResponse {
        try await perform(.ecs, context) {
            let regionName = try requiredRegion(request.regionID)
            let account = try authorizeECS(context, "ecs:DescribeDisks", region: regionName, "disk/*")
            let (page, size) = try Paging.numbered(request.pageNumber, request.pageSize, defaultSize: 10, maxSize: 100)
            let ids = try ECSRules.idList(request.diskIDs, parameter: "DiskIds")
            let disks = (account.regions[regionName]?.disks.values.map { info($0, region: regionName) } ?? [])
                .filter { disk in
                    (ids?.contains(disk.diskID) ?? true) && (request.zoneID.map { $0 == disk.zoneID } ?? true)
                        && (request.status.map { $0 == "All" || $0 == disk.status } ?? true)
                        && (request.encrypted.map { $0 == disk.encrypted } ?? true)
                        && (request.kmsKeyID.map { $0 == disk.kmsKeyID } ?? true)
                        && (request.diskName.map { $0 == disk.diskName } ?? true)
                        && (request.snapshotID.map { $0 == disk.sourceSnapshotID } ?? true)
                        && ECSRules.matches(disk.tags.tag, filters: request.tag)
                }
                .sorted { ($0.creationTime, $0.diskID) > ($1.creationTime, $1.diskID) }
            return DescribeDisksResponse(
                disks: Paging.slice(disks, page: page, size: size), totalCount: disks.count,
                pageNumber: page, pageSize: size)
        }
    }

    package func deleteDisk(_ request: DeleteDiskRequest, context: CallContext) async throws -> EmptyResponse {
        try await perform(.ecs, context) {
            guard !request.diskID.isEmpty else { throw CloudError.missingParameter("DiskId") }
            let regionName = context.region.rawValue
            let account = try authorizeECS(context, "ecs:DeleteDisk", region: regionName, "disk/\(request.diskID)")
            guard let disk = account.regions[regionName]?.disks[request.diskID] else { throw CloudError.diskNotFound }
            guard disk.availableAt <= now else { throw CloudError.incorrectDiskStatus }
            account.regions[regionName]?.disks[disk.id] = nil
            touch(account.id)
            return EmptyResponse()
        }
    }
}

// The requests this file answers: `SimulatedCloud.call` finds each behaviour through these.
extension CreateDiskRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.createDisk(self, context: context)
    }
}
extension DescribeDisksRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.describeDisks(self, context: context)
    }
}
extension DeleteDiskRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.deleteDisk(self, context: context)
    }
}
