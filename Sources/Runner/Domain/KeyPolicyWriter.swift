import CloudAPI
import CloudModel

/// The single writer of one key's policy. Concurrent grants and revokes from many targets are
/// queued and applied in batches — one `GetKeyPolicy` + prechecks + one `SetKeyPolicy` per batch —
/// so targets never overwrite each other's principals and 1,000 targets cost a handful of writes.
package actor KeyPolicyWriter {
    /// What a grant or revoke did.
    package struct Change: Sendable, Hashable {
        /// Principals added or removed (empty: the policy already said so, nothing was written).
        package var principals: [String]
    }

    private struct Request {
        var principals: [String]
        var revoke: Bool
        var continuation: CheckedContinuation<Change, any Error>
    }

    private let cloud: any Cloud
    private let key: SharedKey
    private let context: CallContext
    private var pending: [Request] = []
    private var draining = false

    /// A writer acting as the key owner's root identity.
    package init(cloud: any Cloud, key: SharedKey) {
        self.cloud = cloud
        self.key = key
        context = CallContext.root(key.owner, region: key.region)
    }

    /// Adds `principals` to keyshare's statement, after the quota and size prechecks.
    package func grant(_ principals: [String]) async throws -> Change {
        try await enqueue(principals, revoke: false)
    }

    /// Removes `principals` from keyshare's statement.
    package func revoke(_ principals: [String]) async throws -> Change {
        try await enqueue(principals, revoke: true)
    }

    private func enqueue(_ principals: [String], revoke: Bool) async throws -> Change {
        try await withCheckedThrowingContinuation { continuation in
            pending.append(Request(principals: principals, revoke: revoke, continuation: continuation))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = pending
            pending = []
            await apply(batch)
        }
        draining = false
    }

    /// Applies a batch; when the write is refused for the batch as a whole, retries its requests one
    /// by one so only the requests that cause the refusal fail.
    private func apply(_ batch: [Request]) async {
        var accepted: [(request: Request, principals: [String])] = []
        do {
            let document: KeyPolicyDocument
            (document, accepted) = try await prepare(batch)
            if accepted.contains(where: { !$0.principals.isEmpty }) {
                _ = try await SetKeyPolicyRequest(keyID: key.keyID, policy: document.text)
                    .send(to: cloud, context: context)
            }
            for (request, changed) in accepted { request.continuation.resume(returning: Change(principals: changed)) }
        } catch let error as CloudError where accepted.count > 1 && error.httpStatus < 500 {
            for (request, _) in accepted { await apply([request]) }
        } catch {
            for request in accepted.isEmpty ? batch : accepted.map(\.request) {
                request.continuation.resume(throwing: error)
            }
        }
    }

    /// Reads the policy and applies the batch to it; requests refused by a precheck are answered
    /// here, the rest are returned with the principals they change.
    private func prepare(_ batch: [Request]) async throws
        -> (KeyPolicyDocument, [(request: Request, principals: [String])])
    {
        let current = try await GetKeyPolicyRequest(keyID: key.keyID).send(to: cloud, context: context)
        var document = try KeyPolicyDocument(text: current.policy)
        var quota = try await quotaLeft(batch: batch)
        var shared = Set(document.sharedPrincipals)
        var external = document.externalAccounts(owner: key.owner.rawValue)
        var size = document.byteCount
        var accepted: [(request: Request, principals: [String])] = []
        var queued: [String] = []
        for request in batch {
            if request.revoke {
                document.grant(queued)
                queued = []
                let removed = document.revoke(request.principals)
                shared.subtract(removed)
                size = document.byteCount
                accepted.append((request, removed))
                continue
            }
            var fresh: [String] = []
            for principal in request.principals where !shared.contains(principal) && !fresh.contains(principal) {
                fresh.append(principal)
            }
            let accounts = Set(fresh.compactMap(KeyPolicyDocument.account(of:))).subtracting(external)
                .subtracting([key.owner.rawValue])
            if let left = quota, accounts.count > left {
                request.continuation.resume(throwing: Self.quotaError(key: key, needed: accounts.count, left: left))
                continue
            }
            // Adding to an existing statement grows the canonical text by `,"<principal>"` each.
            let grown = shared.isEmpty
                ? { var trial = document; trial.grant(queued + fresh); return trial.byteCount }()
                : size + fresh.reduce(0) { $0 + $1.utf8.count + 3 }
            if grown > KeyPolicyDocument.maximumBytes {
                request.continuation.resume(throwing: Self.sizeError(key: key, size: grown))
                continue
            }
            queued += fresh
            shared.formUnion(fresh)
            external.formUnion(accounts)
            size = grown
            quota = quota.map { $0 - accounts.count }
            accepted.append((request, fresh))
        }
        document.grant(queued)
        return (document, accepted)
    }

    /// Shares left on the key's instance (nil when the instance reports no `vpc` quota).
    private func quotaLeft(batch: [Request]) async throws -> Int? {
        guard let instanceID = key.instanceID, batch.contains(where: { !$0.revoke }) else { return nil }
        let infos = try await GetKmsInstanceQuotaInfosRequest(kmsInstanceID: instanceID, resourceType: "vpc")
            .send(to: cloud, context: context)
        guard let vpc = infos.kmsInstanceQuotaInfos.first(where: { $0.resourceType == "vpc" }) else { return nil }
        return max(0, vpc.resourceQuota - vpc.usedQuantity)
    }

    private static func quotaError(key: SharedKey, needed: Int, left: Int) -> CloudError {
        CloudError(
            code: "Rejected.ShareQuotaExceedLimit",
            message: "precheck: sharing key \(key.keyID) with \(needed) more account(s) needs more access-management "
                + "quota than instance \(key.instanceID ?? "?") has left (\(left)); upgrade the KMS instance to raise "
                + "its VPC/access-management count (VpcNum), or revoke accounts that no longer need the key",
            httpStatus: 400)
    }

    private static func sizeError(key: SharedKey, size: Int) -> CloudError {
        CloudError(
            code: "keyshare.KeyPolicyTooLarge",
            message: "precheck: the key policy of \(key.keyID) would grow to \(size) bytes, over the "
                + "\(KeyPolicyDocument.maximumBytes)-byte limit of SetKeyPolicy; share another key with the "
                + "remaining accounts or revoke principals that no longer need this one",
            httpStatus: 400)
    }
}
