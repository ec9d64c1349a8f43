import CloudAPI
import CloudModel

/// What the journal records of a confirmed mutating call: the resource it touched and what undo
/// needs to invert it. Reading the state a call is about to replace (a role's trust, a policy's
/// default version, a key policy) happens before the call, through the same caller.
enum MutationDescriber {
    /// A mutation as the journal stores it.
    struct Description: Sendable, Hashable {
        var account: String
        var resource: String
        var details: [String: String]
    }

    /// What `request` is about to replace, read from `cloud` first (empty for calls that only add).
    /// What `request` is about to replace, read from `cloud` first (empty for calls that only add
    /// or remove). A read that fails leaves the detail out: undo then reports that it cannot restore it.
    /// The switch names every operation, so a new one does not compile until it is classified here.
    static func preimage(of request: any CloudRequest, cloud: any Cloud, context: CallContext) async -> [String: String] {
        switch type(of: request).operation {
        case .updateRole:
            guard let update = request as? UpdateRoleRequest,
                let role = try? await cloud.getRole(GetRoleRequest(roleName: update.roleName), context: context).role
            else { return [:] }
            var details = ["previousDescription": role.description]
            if let trust = role.assumeRolePolicyDocument { details["previousTrust"] = trust }
            return details
        case .createPolicyVersion:
            guard let version = request as? CreatePolicyVersionRequest, version.setAsDefault == true else { return [:] }
            return await defaultVersion(of: version.policyName, cloud: cloud, context: context)
        case .setDefaultPolicyVersion:
            guard let version = request as? SetDefaultPolicyVersionRequest else { return [:] }
            return await defaultVersion(of: version.policyName, cloud: cloud, context: context)
        case .setKeyPolicy:
            guard let set = request as? SetKeyPolicyRequest,
                let policy = try? await cloud.getKeyPolicy(
                    GetKeyPolicyRequest(keyID: set.keyID, policyName: set.policyName), context: context)
            else { return [:] }
            return ["previousPolicy": policy.policy]
        // Mutations that replace nothing: undo inverts them (or says it cannot) from the request alone.
        case .createKey, .enableKey, .disableKey, .scheduleKeyDeletion, .cancelKeyDeletion, .createAlias, .tagResource,
            .untagResource, .createRole, .deleteRole, .createPolicy, .deletePolicyVersion, .deletePolicy,
            .attachPolicyToRole, .detachPolicyFromRole, .createDisk, .deleteDisk, .createSnapshot, .copySnapshot,
            .createImage, .copyImage, .modifyImageSharePermission, .createResourceShare, .associateResourceShare,
            .acceptResourceShareInvitation:
            return [:]
        // Reads are never journaled.
        case .describeKey, .listKeys, .getKeyPolicy, .listAliases, .encrypt, .decrypt, .generateDataKey,
            .getKmsInstance, .listKmsInstances, .getKmsInstanceQuotaInfos, .getRole, .listRoles, .getPolicy,
            .listPoliciesForRole, .assumeRole, .getCallerIdentity, .describeDisks, .describeSnapshots, .describeImages,
            .describeImageSharePermission, .describeZones, .listAccounts, .getAccount, .listFoldersForParent,
            .listResourceShares, .listResourceShareInvitations:
            return [:]
        }
    }

    /// The version of custom policy `name` in force now, as the detail undo restores it from.
    private static func defaultVersion(of name: String, cloud: any Cloud, context: CallContext) async -> [String: String] {
        guard let policy = try? await cloud.getPolicy(GetPolicyRequest(policyName: name), context: context) else { return [:] }
        return ["previousDefaultVersion": policy.defaultPolicyVersion.versionID]
    }

    /// The journal's description of `request`, which the cloud answered with `response` (nil for
    /// the intent, before the call: then a resource the cloud names, such as a new disk's id, is empty).
    ///
    /// The switch names every operation (no `default`), so a new one does not compile until it says
    /// what resource it records. Each case's request type is the one its operation names, which
    /// `OperationTableTests` checks.
    static func describe(
        _ request: any CloudRequest, response: (any Sendable)?, context: CallContext,
        before: [String: String]
    ) -> Description {
        let account = context.account?.rawValue ?? ""
        var details = before
        // The token finds what an unanswered create made: the same request returns the same resource.
        if let token = (request as? any IdempotentRequest)?.clientToken { details["clientToken"] = token }
        let region = context.region.rawValue
        let resource: String
        switch type(of: request).operation {
        case .createRole: resource = (request as? CreateRoleRequest)?.roleName ?? ""
        case .updateRole: resource = (request as? UpdateRoleRequest)?.roleName ?? ""
        case .deleteRole: resource = (request as? DeleteRoleRequest)?.roleName ?? ""
        case .createPolicy: resource = (request as? CreatePolicyRequest)?.policyName ?? ""
        case .createPolicyVersion:
            resource = (request as? CreatePolicyVersionRequest)?.policyName ?? ""
            if let created = response as? CreatePolicyVersionResponse {
                details["versionId"] = created.policyVersion.versionID
            }
        case .setDefaultPolicyVersion:
            let version = request as? SetDefaultPolicyVersionRequest
            resource = version?.policyName ?? ""
            details["versionId"] = version?.versionID
        case .deletePolicyVersion:
            let version = request as? DeletePolicyVersionRequest
            resource = version?.policyName ?? ""
            details["versionId"] = version?.versionID
        case .deletePolicy: resource = (request as? DeletePolicyRequest)?.policyName ?? ""
        case .attachPolicyToRole:
            let attach = request as? AttachPolicyToRoleRequest
            resource = attach?.roleName ?? ""
            details["policyName"] = attach?.policyName
            details["policyType"] = attach?.policyType
        case .detachPolicyFromRole:
            let detach = request as? DetachPolicyFromRoleRequest
            resource = detach?.roleName ?? ""
            details["policyName"] = detach?.policyName
            details["policyType"] = detach?.policyType
        case .setKeyPolicy:
            resource = (request as? SetKeyPolicyRequest)?.keyID ?? ""
            details["region"] = region
        case .createDisk:
            resource = (response as? CreateDiskResponse)?.diskID ?? ""
            details["region"] = (request as? CreateDiskRequest)?.regionID
        case .deleteDisk:
            resource = (request as? DeleteDiskRequest)?.diskID ?? ""
            details["region"] = region
        case .createImage:
            resource = (response as? CreateImageResponse)?.imageID ?? ""
            details["region"] = (request as? CreateImageRequest)?.regionID
        case .copyImage:
            let copy = request as? CopyImageRequest
            resource = (response as? CopyImageResponse)?.imageID ?? ""
            details["region"] = copy?.destinationRegionID ?? copy?.regionID
        case .createSnapshot:
            resource = (response as? CreateSnapshotResponse)?.snapshotID ?? ""
            details["region"] = region
            details["diskId"] = (request as? CreateSnapshotRequest)?.diskID
        case .copySnapshot:
            resource = (response as? CopySnapshotResponse)?.snapshotID ?? ""
            details["region"] = (request as? CopySnapshotRequest)?.destinationRegionID
        case .modifyImageSharePermission:
            let share = request as? ModifyImageSharePermissionRequest
            resource = share?.imageID ?? ""
            details["region"] = share?.regionID
            details["addAccount"] = (share?.addAccount ?? []).joined(separator: ",")
            details["removeAccount"] = (share?.removeAccount ?? []).joined(separator: ",")
        case .createResourceShare:
            resource = (response as? CreateResourceShareResponse)?.resourceShare.resourceShareID ?? ""
            details["region"] = region
        // Journaled with no resource, as they always were: undo lists them as having no automatic
        // inverse. Naming one here changes the rows undo reads, so do it together with its inverse.
        case .createKey, .enableKey, .disableKey, .scheduleKeyDeletion, .cancelKeyDeletion, .createAlias, .tagResource,
            .untagResource, .associateResourceShare, .acceptResourceShareInvitation:
            resource = ""
            details["region"] = region
        // Reads are never journaled: the binding sends them undescribed.
        case .describeKey, .listKeys, .getKeyPolicy, .listAliases, .encrypt, .decrypt, .generateDataKey,
            .getKmsInstance, .listKmsInstances, .getKmsInstanceQuotaInfos, .getRole, .listRoles, .getPolicy,
            .listPoliciesForRole, .assumeRole, .getCallerIdentity, .describeDisks, .describeSnapshots, .describeImages,
            .describeImageSharePermission, .describeZones, .listAccounts, .getAccount, .listFoldersForParent,
            .listResourceShares, .listResourceShareInvitations:
            resource = ""
            details["region"] = region
        }
        return Description(account: account, resource: resource, details: details)
    }
}
