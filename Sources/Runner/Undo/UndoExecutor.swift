import CloudAPI
import CloudModel
import Foundation
import Grants
import Rollout

/// Applies one target's part of an ``UndoPlan`` as the step `keyshare.undo` of an undo run: its
/// actions in order, each idempotent (what is already gone counts as undone), every confirmed change
/// journaled like a run's, so an undo is resumable and can itself be undone as far as inverses exist.
package struct UndoExecutor: StepExecutor {
    /// The step every undo target runs.
    package static let step = StepDescriptor(index: 0, name: "keyshare.undo")

    /// The backend.
    let cloud: any Cloud
    /// The undo run.
    let run: RunID
    /// The inverse per target id.
    let plan: [String: UndoPlan.Target]
    /// Where the undo's own changes are journaled.
    let journal: (any RolloutJournal)?
    /// The key-policy writers (one per key, batching revokes of concurrent targets).
    let writers: KeyPolicyWriters

    /// Creates the executor of `plan` for run `run`.
    package init(cloud: any Cloud, run: RunID, plan: UndoPlan, journal: (any RolloutJournal)?) {
        self.cloud = cloud
        self.run = run
        self.plan = Dictionary(plan.targets.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.journal = journal
        writers = KeyPolicyWriters(cloud: cloud)
    }

    /// Makes the undo take turns with other runs sharing its journal when writing key policies.
    package func prepare() async {
        if let shared = journal as? SQLiteJournal { await writers.useLock(JournalKeyLock(journal: shared)) }
    }

    package func run(_ step: StepDescriptor, of target: RolloutTarget, earlier: [String], retried: Bool) async -> StepOutcome {
        guard let part = plan[target.id] else { return .succeeded(changes: [], messages: ["nothing to undo"]) }
        let scope = StepScope(run: run, target: target.id, step: step, journal: journal)
        var changes: [String] = []
        for action in part.actions {
            do {
                if try await apply(action, scope: scope) { changes.append(Self.done(action)) }
            } catch {
                let cloudError = error as? CloudError
                return .failed(
                    TargetFailure(
                        code: cloudError?.code ?? "keyshare.UndoError",
                        message: "\(action.line): \(cloudError?.message ?? String(describing: error))",
                        step: step.name, requestID: cloudError?.requestID, changes: changes), messages: part.kept)
            }
        }
        return .succeeded(changes: changes, messages: part.kept)
    }

    /// Applies `action`; false when there was nothing left to undo.
    private func apply(_ action: UndoPlan.Action, scope: StepScope) async throws -> Bool {
        switch action {
        case .revokePrincipals(let owner, let region, let keyID, let principals),
            .regrantPrincipals(let owner, let region, let keyID, let principals):
            let revoke: Bool
            if case .revokePrincipals = action { revoke = true } else { revoke = false }
            let context = try Self.context(owner, region: region)
            let metadata = try await cloud.describeKey(DescribeKeyRequest(keyID: keyID), context: context).keyMetadata
            guard let ownerID = context.account else { return false }
            let key = SharedKey(metadata: metadata, owner: ownerID, region: context.region)
            let writer = await writers.writer(for: key)
            let change = revoke ? try await writer.revoke(principals) : try await writer.grant(principals)
            guard !change.principals.isEmpty else { return false }
            try await scope.record(
                account: owner, action: "kms:SetKeyPolicy", resource: keyID,
                details: [
                    revoke ? "removed" : "added": change.principals.joined(separator: ","),
                    "region": region, "keyArn": key.arn,
                ])
            return true
        case .detachPolicy(let account, let role, let policy, let type):
            return try await absentIsDone(["EntityNotExist.Role.Policy", "EntityNotExist.Role", "EntityNotExist.Policy"]) {
                _ = try await cloud.detachPolicyFromRole(
                    DetachPolicyFromRoleRequest(policyType: type, policyName: policy, roleName: role),
                    context: try Self.context(account))
                try await scope.record(
                    account: account, action: "ram:DetachPolicyFromRole", resource: role,
                    details: ["policyName": policy, "policyType": type])
            }
        case .deletePolicy(let account, let policy):
            return try await absentIsDone(["EntityNotExist.Policy"]) {
                _ = try await cloud.deletePolicy(DeletePolicyRequest(policyName: policy), context: try Self.context(account))
                try await scope.record(account: account, action: "ram:DeletePolicy", resource: policy, details: [:])
            }
        case .restorePolicyVersion(let account, let policy, let version, let created):
            return try await restore(policy, to: version, deleting: created, in: account, scope: scope)
        case .deleteRole(let account, let role):
            return try await absentIsDone(["EntityNotExist.Role"]) {
                _ = try await cloud.deleteRole(DeleteRoleRequest(roleName: role), context: try Self.context(account))
                try await scope.record(account: account, action: "ram:DeleteRole", resource: role, details: [:])
            }
        case .restoreRole(let account, let role, let trust, let description):
            return try await absentIsDone(["EntityNotExist.Role", "keyshare.AlreadyRestored"]) {
                let context = try Self.context(account)
                let current = try await cloud.getRole(GetRoleRequest(roleName: role), context: context).role
                // Already as before (a second undo, or someone restored it): nothing to write.
                if (trust == nil || Self.sameDocument(trust, current.assumeRolePolicyDocument))
                    && (description == nil || description == current.description)
                {
                    throw CloudError(code: "keyshare.AlreadyRestored", message: "", httpStatus: 200)
                }
                var details: [String: String] = ["previousDescription": current.description]
                if let old = current.assumeRolePolicyDocument { details["previousTrust"] = old }
                _ = try await cloud.updateRole(
                    UpdateRoleRequest(
                        roleName: role, newAssumeRolePolicyDocument: trust, newDescription: description), context: context)
                try await scope.record(account: account, action: "ram:UpdateRole", resource: role, details: details)
            }
        case .deleteDisk(let account, let region, let disk):
            return try await absentIsDone(["InvalidDiskId.NotFound"]) {
                _ = try await cloud.deleteDisk(
                    DeleteDiskRequest(diskID: disk), context: try Self.context(account, region: region))
                try await scope.record(account: account, action: "ecs:DeleteDisk", resource: disk, details: ["region": region])
            }
        case .unshareImage(let account, let region, let image, let accounts):
            return try await absentIsDone(["InvalidImageId.NotFound"]) {
                _ = try await cloud.modifyImageSharePermission(
                    ModifyImageSharePermissionRequest(regionID: region, imageID: image, removeAccount: accounts),
                    context: try Self.context(account, region: region))
                try await scope.record(
                    account: account, action: "ecs:ModifyImageSharePermission", resource: image,
                    details: ["region": region, "removeAccount": accounts.joined(separator: ",")])
            }
        }
    }

    /// Makes `version` the default of `policy` again unless it already is, then deletes the versions
    /// in `created` (one already gone counts as deleted); false when nothing was left to do.
    private func restore(
        _ policy: String, to version: String, deleting created: [String], in account: String,
        scope: StepScope
    ) async throws -> Bool {
        let context = try Self.context(account)
        let current: String
        do {
            current = try await cloud.getPolicy(GetPolicyRequest(policyName: policy), context: context).policy.defaultVersion
        } catch let error as CloudError where error.code == "EntityNotExist.Policy" {
            return false
        }
        var changed = false
        if current != version {
            do {
                _ = try await cloud.setDefaultPolicyVersion(
                    SetDefaultPolicyVersionRequest(policyName: policy, versionID: version),
                    context: context)
            } catch var error as CloudError where error.code == "EntityNotExist.Policy.Version" {
                // A rotation (DeleteOldestNonDefaultVersionWhenLimitExceeded) or someone else removed it.
                error.message =
                    "version \(version), in force before the run, no longer exists (\(error.message)); "
                    + "write its document as a new default version by hand"
                throw error
            }
            try await scope.record(
                account: account, action: "ram:SetDefaultPolicyVersion", resource: policy,
                details: ["versionId": version, "previousDefaultVersion": current])
            changed = true
        }
        for added in created where added != version {
            let deleted = try await absentIsDone(["EntityNotExist.Policy.Version", "EntityNotExist.Policy"]) {
                _ = try await cloud.deletePolicyVersion(
                    DeletePolicyVersionRequest(policyName: policy, versionID: added),
                    context: context)
                try await scope.record(
                    account: account, action: "ram:DeletePolicyVersion", resource: policy,
                    details: ["versionId": added])
            }
            changed = changed || deleted
        }
        return changed
    }

    /// Runs `body`; a cloud error whose code is in `codes` (the thing is already gone) means done.
    private func absentIsDone(_ codes: Set<String>, _ body: () async throws -> Void) async throws -> Bool {
        do {
            try await body()
            return true
        } catch let error as CloudError where codes.contains(error.code) {
            return false
        }
    }

    /// Whether two policy documents say the same (compared as canonical JSON; as text when unparsable).
    static func sameDocument(_ left: String?, _ right: String?) -> Bool {
        guard let left, let right else { return left == right }
        guard let a = try? JSONValue.parse(left), let b = try? JSONValue.parse(right) else { return left == right }
        return a.canonicalText == b.canonicalText
    }

    /// The root of `account` in `region` (the undo acts as each account's owner, like the run).
    private static func context(_ account: String, region: String = "") throws -> CallContext {
        guard let id = AccountID(account) else {
            throw CloudError(
                code: "keyshare.UndoError", message: "the journal names account '\(account)', not an account UID",
                httpStatus: 400)
        }
        return .root(id, region: region.isEmpty ? .hangzhou : RegionID(region))
    }

    /// The change line of a done action.
    private static func done(_ action: UndoPlan.Action) -> String {
        switch action {
        case .revokePrincipals(_, _, let key, let principals): "revoked use of \(key) by \(principals.joined(separator: ", "))"
        case .regrantPrincipals(_, _, let key, let principals):
            "granted key use to \(principals.joined(separator: ", ")) (\(key))"
        case .detachPolicy(_, let role, let policy, _): "detached policy \(policy) from role \(role)"
        case .deletePolicy(_, let policy): "deleted policy \(policy)"
        case .restorePolicyVersion(_, let policy, let version, _): "put version \(version) of policy \(policy) back in force"
        case .deleteRole(_, let role): "deleted role \(role)"
        case .restoreRole(_, let role, _, _): "restored role \(role)"
        case .deleteDisk(_, _, let disk): "deleted disk \(disk)"
        case .unshareImage(_, _, let image, let accounts):
            "stopped sharing image \(image) with \(accounts.joined(separator: ", "))"
        }
    }
}
