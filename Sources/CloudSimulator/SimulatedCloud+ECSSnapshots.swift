import CloudAPI
import CloudModel
import Foundation

// ECS snapshots (alibaba-api.md §6.3): encrypted disks give encrypted snapshots with the same
// key; CopySnapshot re-encrypts through the caller's ECS role.
extension SimulatedCloud {
    package func createSnapshot(_ request: CreateSnapshotRequest, context: CallContext) async throws
        -> CreateSnapshotResponse
    {
        try await perform(.ecs, context) {
            guard !request.diskID.isEmpty else { throw CloudError.missingParameter("DiskId") }
            let regionName = context.region.rawValue
            let account = try authorizeECS(context, "ecs:CreateSnapshot", region: regionName, "snapshot/*")
            try ECSRules.checkClientToken(request.clientToken)
            var unsigned = request
            unsigned.clientToken = nil
            if let existing = try replay(
                "CreateSnapshot", token: request.clientToken,
                fingerprint: ECSRules.fingerprint(unsigned), in: account)
            {
                return CreateSnapshotResponse(snapshotID: existing)
            }
            guard let disk = account.regions[regionName]?.disks[request.diskID] else { throw CloudError.diskNotFound }
            guard disk.availableAt <= now else { throw CloudError.incorrectDiskStatus }
            try ECSRules.checkName(request.snapshotName, code: "InvalidSnapshotName.Malformed", parameter: "SnapshotName")
            try ECSRules.checkDescription(request.description)
            let tags = try ECSRules.tags(request.tag)
            let moment = now
            let snapshot = SnapshotState(
                id: withIDs { ECSRules.newID("s", region: regionName, ids: &$0) }, name: request.snapshotName ?? "",
                description: request.description ?? "", sourceDiskID: disk.id, size: disk.size, key: disk.key,
                creationTime: Timestamp.seconds(moment), readyAt: moment.addingTimeInterval(environment.provisioningDelay),
                tags: tags)
            add(snapshot, to: account, region: regionName)
            remember(
                "CreateSnapshot", token: request.clientToken, request: unsigned,
                id: snapshot.id, in: account)
            return CreateSnapshotResponse(snapshotID: snapshot.id)
        }
    }

    /// Stores a new snapshot and indexes it.
    private func add(_ snapshot: SnapshotState, to account: AccountState, region: String) {
        account.region(region).snapshots[snapshot.id] = snapshot
        index.snapshots[snapshot.id] = ResourceLocation(owner: account.id, region: region)
        touch(account.id)
    }

    /// The snapshot as DescribeSnapshots shows it.
    private func info(_ snapshot: SnapshotState) -> SnapshotInfo {
        let ready = snapshot.readyAt <= now
        return SnapshotInfo(
            snapshotID: snapshot.id, snapshotName: snapshot.name, description: snapshot.description,
            sourceDiskID: snapshot.sourceDiskID, sourceDiskSize: snapshot.size,
            status: ready ? "accomplished" : "progressing", progress: ready ? "100%" : "0%",
            encrypted: snapshot.key != nil, kmsKeyID: snapshot.key?.keyID.rawValue ?? "",
            creationTime: snapshot.creationTime, tags: snapshot.tags)
    }

    package func describeSnapshots(_ request: DescribeSnapshotsRequest, context: CallContext) async throws
        -> DescribeSnapshotsResponse
    {
        try await perform(.ecs, context) {
            let regionName = try requiredRegion(request.regionID)
            let account = try authorizeECS(context, "ecs:DescribeSnapshots", region: regionName, "snapshot/*")
            let (page, size) = try Paging.numbered(request.pageNumber, request.pageSize, defaultSize: 10, maxSize: 100)
            let ids = try ECSRules.idList(request.snapshotIDs, parameter: "SnapshotIds")
            let snapshots = (account.regions[regionName]?.snapshots.values.map { info($0) } ?? [])
                .filter { snapshot in
                    (ids?.contains(snapshot.snapshotID) ?? true) && (request.diskID.map { $0 == snapshot.sourceDiskID } ?? true)
                        && (request.encrypted.map { $0 == snapshot.encrypted } ?? true)
                        && (request.kmsKeyID.map { $0 == snapshot.kmsKeyID } ?? true)
                        && ECSRules.matches(snapshot.tags.tag, filters: request.tag)
                }
                .sorted { ($0.creationTime, $0.snapshotID) > ($1.creationTime, $1.snapshotID) }
            return DescribeSnapshotsResponse(
                snapshots: Paging.slice(snapshots, page: page, size: size),
                totalCount: snapshots.count, pageNumber: page, pageSize: size)
        }
    }

    package func copySnapshot(_ request: CopySnapshotRequest, context: CallContext) async throws -> CopySnapshotResponse {
        try await perform(.ecs, context) {
            let regionName = try requiredRegion(request.regionID)
            guard !request.snapshotID.isEmpty else { throw CloudError.missingParameter("SnapshotId") }
            let destination = try requiredRegion(request.destinationRegionID, name: "DestinationRegionId")
            let account = try authorizeECS(context, "ecs:CopySnapshot", region: regionName, "snapshot/\(request.snapshotID)")
            try ECSRules.checkClientToken(request.clientToken)
            var unsigned = request
            unsigned.clientToken = nil
            if let existing = try replay(
                "CopySnapshot", token: request.clientToken,
                fingerprint: ECSRules.fingerprint(unsigned), in: account)
            {
                return CopySnapshotResponse(snapshotID: existing)
            }
            if request.kmsKeyID != nil, request.encrypted != true { throw CloudError.encryptedNotMatchKMSKeyID }
            let (source, shared): (SnapshotState, Bool)
            do {
                (source, shared) = try usableSnapshot(request.snapshotID, caller: account.id, region: regionName)
            } catch let error as CloudError where error.code == CloudError.snapshotNotFound.code {
                // CopySnapshot lists InvalidSnapshotId.NotFound with 403 (alibaba-api.md §6.3).
                throw CloudError(code: error.code, message: error.message, httpStatus: 403)
            }
            guard source.readyAt <= now else {
                throw CloudError.invalid("InvalidSnapshotId.NotReady", "The specified snapshot is not ready.", status: 403)
            }
            if source.key != nil, request.encrypted == false {
                throw CloudError.invalid(
                    "InvalidEncrypted.NotSupportDecrypt",
                    "An encrypted snapshot cannot be copied to an unencrypted one.", status: 403)
            }
            try ECSRules.checkName(
                request.destinationSnapshotName, code: "InvalidSnapshotName.Malformed",
                parameter: "DestinationSnapshotName")
            let tags = try ECSRules.tags(request.tag)
            let key: KeyReference?
            if let keyID = request.kmsKeyID, !keyID.isEmpty {
                key = try ecsKey(keyID, caller: account.id, region: destination)
            } else if let sourceKey = source.key {
                key =
                    try !shared && !sourceKey.isServiceKey && destination == regionName
                    ? sourceKey : serviceKey(for: account, region: destination)
            } else {
                key = try request.encrypted == true ? serviceKey(for: account, region: destination) : nil
            }
            let moment = now
            let copy = SnapshotState(
                id: withIDs { ECSRules.newID("s", region: destination, ids: &$0) },
                name: request.destinationSnapshotName ?? "", description: request.destinationSnapshotDescription ?? "",
                sourceDiskID: source.sourceDiskID, size: source.size, key: key, creationTime: Timestamp.seconds(moment),
                readyAt: moment.addingTimeInterval(environment.provisioningDelay), tags: tags)
            add(copy, to: account, region: destination)
            remember(
                "CopySnapshot", token: request.clientToken, request: unsigned, id: copy.id,
                in: account)
            return CopySnapshotResponse(snapshotID: copy.id)
        }
    }
}

// The requests this file answers: `SimulatedCloud.call` finds each behaviour through these.
extension CreateSnapshotRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.createSnapshot(self, context: context)
    }
}
extension DescribeSnapshotsRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.describeSnapshots(self, context: context)
    }
}
extension CopySnapshotRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.copySnapshot(self, context: context)
    }
}
