import Rollout

/// The inverse of a run, built from the changes its journal recorded: per target, what to undo in
/// reverse order of how it was done, and what cannot be undone automatically (with the reason).
/// Only what the run itself made is touched: a role it created is deleted, one it merely corrected
/// gets its earlier trust and description back, a policy it gave a new default version gets the
/// earlier one back, a principal it added leaves the key policy.
package struct UndoPlan: Sendable, Hashable {
    /// One inverse action.
    package enum Action: Sendable, Hashable {
        /// Remove `principals` from keyshare's statement in the policy of key `keyID` (owned by `owner`).
        case revokePrincipals(owner: String, region: String, keyID: String, principals: [String])
        /// Add back `principals` a revoke run removed.
        case regrantPrincipals(owner: String, region: String, keyID: String, principals: [String])
        /// Detach policy `policy` (of `type`) from `role` in `account`.
        case detachPolicy(account: String, role: String, policy: String, type: String)
        /// Delete custom policy `policy` in `account` (the run created it).
        case deletePolicy(account: String, policy: String)
        /// Put `version` of custom policy `policy` in `account` back in force (its default before the
        /// run), then delete the versions the run added (`created`).
        case restorePolicyVersion(account: String, policy: String, version: String, created: [String])
        /// Delete role `role` in `account` (the run created it).
        case deleteRole(account: String, role: String)
        /// Give role `role` in `account` back the trust and description it had before the run.
        case restoreRole(account: String, role: String, trust: String?, description: String?)
        /// Delete disk `disk` in `account` (the run created it and left it).
        case deleteDisk(account: String, region: String, disk: String)
        /// Stop sharing image `image` of `account` with `accounts`.
        case unshareImage(account: String, region: String, image: String, accounts: [String])

        /// One line for the plan, naming what changes where.
        package var line: String {
            switch self {
            case .revokePrincipals(_, _, let key, let principals):
                "remove \(principals.joined(separator: ", ")) from the policy of key \(key)"
            case .regrantPrincipals(_, _, let key, let principals):
                "add back \(principals.joined(separator: ", ")) to the policy of key \(key)"
            case .detachPolicy(let account, let role, let policy, _):
                "detach policy \(policy) from role \(role) in account \(account)"
            case .deletePolicy(let account, let policy): "delete policy \(policy) in account \(account)"
            case .restorePolicyVersion(let account, let policy, let version, let created):
                "set the default version of policy \(policy) in account \(account) back to \(version)"
                    + (created.isEmpty ? "" : " and delete \(created.joined(separator: ", "))")
            case .deleteRole(let account, let role): "delete role \(role) in account \(account)"
            case .restoreRole(let account, let role, _, _):
                "restore the trust and description role \(role) had in account \(account)"
            case .deleteDisk(let account, _, let disk): "delete disk \(disk) left in account \(account)"
            case .unshareImage(let account, _, let image, let accounts):
                "stop sharing image \(image) of account \(account) with \(accounts.joined(separator: ", "))"
            }
        }
    }

    /// The inverse of one target's changes (or of the setup's, for `target` = the owner account).
    package struct Target: Sendable, Hashable {
        /// The target's account id (the run's target, or the owner for the setup).
        package var id: String
        /// Whether these are the setup's changes (undone after every target's).
        package var isSetup: Bool
        /// The actions, in the order to apply them.
        package var actions: [Action]
        /// Changes of the run that undo leaves alone, with the reason.
        package var kept: [String]
    }

    /// Targets with something to undo or report, in the run's plan order; the setup last.
    package var targets: [Target]

    /// Builds the inverse of `mutations` (in the order the run recorded them); `order` is the run's
    /// targets in plan order.
    package init(mutations: [MutationRecord], order: [String]) {
        var groups: [String: [MutationRecord]] = [:]
        var setupAccount: String?
        for mutation in mutations {
            let key = mutation.target ?? "setup"
            if mutation.target == nil { setupAccount = setupAccount ?? mutation.account }
            groups[key, default: []].append(mutation)
        }
        var targets: [Target] = []
        for id in order {
            guard let group = groups[id] else { continue }
            targets.append(Self.invert(group, id: id, isSetup: false))
        }
        if let setup = groups["setup"] {
            targets.append(Self.invert(setup, id: setupAccount ?? "setup", isSetup: true))
        }
        self.targets = targets.filter { !$0.actions.isEmpty || !$0.kept.isEmpty }
    }

    /// Whether `action` already removes `arn` from the policy of `key`.
    static func revokes(_ action: Action, _ arn: String, on key: String) -> Bool {
        if case .revokePrincipals(_, _, key, let principals) = action { return principals.contains(arn) }
        return false
    }

    /// Every action of the plan.
    package var actionCount: Int { targets.reduce(0) { $0 + $1.actions.count } }

    private static func invert(_ mutations: [MutationRecord], id: String, isSetup: Bool) -> Target {
        let mutations = MutationRecord.settled(mutations)
        var actions: [Action] = []
        var kept: [String] = []
        // Every key the run changed: a role it deletes leaves their policies first, even where its
        // grant's record was lost (KMS refuses policies naming a role that does not exist).
        var keys: [String: (owner: String, region: String)] = [:]
        for mutation in mutations where mutation.action == "kms:SetKeyPolicy" {
            keys[mutation.resource] = (mutation.account, mutation.details["region"] ?? "")
        }
        // Resources this group created (then an update of them needs no restoring) or deleted again.
        let createdRoles = Set(
            mutations.filter { $0.action == "ram:CreateRole" && made($0) }.map { "\($0.account)/\($0.resource)" })
        let deletedDisks = Set(
            mutations.filter { $0.action == "ecs:DeleteDisk" && $0.isConfirmed }
                .map { "\($0.account)/\($0.resource)" })
        var restoredRoles = Set<String>()
        // A policy's version in force before the run: the earliest record's preimage wins, and every
        // version the run added as default goes (a policy the run created is emptied for its deletion).
        var firstVersion: [String: MutationRecord] = [:]
        var addedVersions: [String: [String]] = [:]
        let versionActions: Set = ["ram:CreatePolicyVersion", "ram:SetDefaultPolicyVersion"]
        for mutation in mutations where versionActions.contains(mutation.action) && mutation.details[previousVersion] != nil {
            let where_ = "\(mutation.account)/\(mutation.resource)"
            firstVersion[where_] = firstVersion[where_] ?? mutation
            if mutation.action == "ram:CreatePolicyVersion", mutation.isConfirmed, let added = mutation.details["versionId"] {
                addedVersions[where_, default: []].append(added)
            }
        }
        var restoredPolicies = Set<String>()
        // The earliest preimage of each role wins: restore the state before the run, not between steps.
        var firstUpdate: [String: MutationRecord] = [:]
        for mutation in mutations where mutation.action == "ram:UpdateRole" {
            firstUpdate["\(mutation.account)/\(mutation.resource)"] =
                firstUpdate["\(mutation.account)/\(mutation.resource)"] ?? mutation
        }
        for mutation in mutations.reversed() {
            let where_ = "\(mutation.account)/\(mutation.resource)"
            let details = mutation.details
            // A create whose answer was lost undoes only when the step saw the thing absent before
            // (an attachment also when the run made its role): never what the account already had.
            let creates = ["ram:CreateRole", "ram:CreatePolicy", "ram:AttachPolicyToRole"].contains(mutation.action)
            if creates, !made(mutation), !(mutation.action == "ram:AttachPolicyToRole" && createdRoles.contains(where_)) {
                kept.append(unanswered(mutation) + "; whether it existed before is unknown, so undo leaves it: review it by hand")
                continue
            }
            switch mutation.action {
            case "kms:SetKeyPolicy":
                let region = details["region"] ?? ""
                if let added = details["added"], !added.isEmpty {
                    actions.append(
                        .revokePrincipals(
                            owner: mutation.account, region: region, keyID: mutation.resource,
                            principals: added.split(separator: ",").map(String.init)))
                } else if let removed = details["removed"], !removed.isEmpty {
                    actions.append(
                        .regrantPrincipals(
                            owner: mutation.account, region: region, keyID: mutation.resource,
                            principals: removed.split(separator: ",").map(String.init)))
                } else {
                    kept.append(
                        "the policy of key \(mutation.resource) was set directly (SetKeyPolicy); undo restores "
                            + "only principals keyshare's writer added or removed: review it by hand")
                }
            case "ram:CreateRole":
                let arn = "acs:ram::\(mutation.account):role/\(mutation.resource)"
                for (key, place) in keys.sorted(by: { $0.key < $1.key }) {
                    let revoke = Action.revokePrincipals(owner: place.owner, region: place.region, keyID: key, principals: [arn])
                    if !actions.contains(where: { Self.revokes($0, arn, on: key) }) { actions.append(revoke) }
                }
                actions.append(.deleteRole(account: mutation.account, role: mutation.resource))
            case "ram:UpdateRole":
                guard !createdRoles.contains(where_), !restoredRoles.contains(where_),
                    let first = firstUpdate[where_]
                else { continue }
                restoredRoles.insert(where_)
                if first.details["previousTrust"] == nil, first.details["previousDescription"] == nil {
                    kept.append(
                        "role \(mutation.resource) in account \(mutation.account) was updated but its earlier "
                            + "trust and description could not be read at the time")
                } else {
                    actions.append(
                        .restoreRole(
                            account: mutation.account, role: mutation.resource,
                            trust: first.details["previousTrust"],
                            description: first.details["previousDescription"]))
                }
            case "ram:CreatePolicy":
                actions.append(.deletePolicy(account: mutation.account, policy: mutation.resource))
            case "ram:CreatePolicyVersion" where details[previousVersion] != nil,
                "ram:SetDefaultPolicyVersion" where details[previousVersion] != nil:
                if let first = firstVersion[where_], let version = first.details[previousVersion],
                    restoredPolicies.insert(where_).inserted
                {
                    actions.append(
                        .restorePolicyVersion(
                            account: mutation.account, policy: mutation.resource, version: version,
                            created: addedVersions[where_] ?? []))
                }
                if !mutation.isConfirmed, mutation.action == "ram:CreatePolicyVersion" {
                    kept.append(
                        unanswered(mutation) + "; undo puts \(firstVersion[where_]?.details[previousVersion] ?? "?") back "
                            + "in force, but a version the call may have added is left: review the policy's versions by hand")
                }
            case "ram:AttachPolicyToRole":
                actions.append(
                    .detachPolicy(
                        account: mutation.account, role: mutation.resource,
                        policy: details["policyName"] ?? "", type: details["policyType"] ?? "Custom"))
            case "ecs:CreateDisk" where mutation.resource.isEmpty:
                let token = details["clientToken"].map { " (ClientToken \($0))" } ?? ""
                kept.append(
                    unanswered(mutation) + "\(token); a disk it made has an id undo does not know: look for it "
                        + "in account \(mutation.account)")
            case "ecs:CreateDisk":
                if !deletedDisks.contains(where_) {
                    actions.append(
                        .deleteDisk(
                            account: mutation.account, region: details["region"] ?? "",
                            disk: mutation.resource))
                }
            case "ecs:DeleteDisk":
                continue
            case "ecs:ModifyImageSharePermission":
                let added = (details["addAccount"] ?? "").split(separator: ",").map(String.init)
                if !added.isEmpty {
                    actions.append(
                        .unshareImage(
                            account: mutation.account, region: details["region"] ?? "",
                            image: mutation.resource, accounts: added))
                }
                if let removed = details["removeAccount"], !removed.isEmpty {
                    kept.append("image \(mutation.resource) stopped being shared with \(removed): share it again by hand")
                }
            default:
                let what = mutation.resource.isEmpty ? "" : " of \(mutation.resource)"
                let may = mutation.isConfirmed ? "" : " (its answer was lost: it may not have happened)"
                kept.append(
                    "\(mutation.action)\(what) in account \(mutation.account)\(may) has no automatic inverse "
                        + "(keyshare cannot delete or restore it): review it by hand")
            }
        }
        return Target(id: id, isSetup: isSetup, actions: actions, kept: kept)
    }

    /// The details key of the default version a `CreatePolicyVersion` replaced (read before the call).
    private static let previousVersion = "previousDefaultVersion"

    /// Whether the run made what `mutation` creates: confirmed, or an intent whose answer was lost
    /// for something the step had seen absent just before (then nothing else can have made it).
    private static func made(_ mutation: MutationRecord) -> Bool {
        mutation.isConfirmed || mutation.details[MutationEvidence.existedKey] == "no"
    }

    /// Names a call whose answer a kill lost.
    private static func unanswered(_ mutation: MutationRecord) -> String {
        let what = mutation.resource.isEmpty ? "" : " \(mutation.resource)"
        return "\(mutation.action)\(what) in account \(mutation.account) was sent but its answer was lost"
    }
}
