import CloudAPI

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
    /// A read that fails leaves the detail out: undo then reports that it cannot restore it.
    static func preimage(of request: any CloudRequest, cloud: any Cloud, context: CallContext) async -> [String: String] {
        switch request {
        case let update as UpdateRoleRequest:
            guard let role = try? await cloud.getRole(GetRoleRequest(roleName: update.roleName), context: context).role else {
                return [:]
            }
            var details = ["previousDescription": role.description]
            if let trust = role.assumeRolePolicyDocument { details["previousTrust"] = trust }
            return details
        case let version as CreatePolicyVersionRequest where version.setAsDefault == true:
            return await defaultVersion(of: version.policyName, cloud: cloud, context: context)
        case let version as SetDefaultPolicyVersionRequest:
            return await defaultVersion(of: version.policyName, cloud: cloud, context: context)
        case let set as SetKeyPolicyRequest:
            guard
                let policy = try? await cloud.getKeyPolicy(
                    GetKeyPolicyRequest(keyID: set.keyID, policyName: set.policyName), context: context)
            else { return [:] }
            return ["previousPolicy": policy.policy]
        default:
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
        switch request {
        case let create as CreateRoleRequest: resource = create.roleName
        case let update as UpdateRoleRequest: resource = update.roleName
        case let delete as DeleteRoleRequest: resource = delete.roleName
        case let create as CreatePolicyRequest: resource = create.policyName
        case let version as CreatePolicyVersionRequest:
            resource = version.policyName
            if let created = response as? CreatePolicyVersionResponse {
                details["versionId"] = created.policyVersion.versionID
            }
        case let version as SetDefaultPolicyVersionRequest:
            resource = version.policyName
            details["versionId"] = version.versionID
        case let version as DeletePolicyVersionRequest:
            resource = version.policyName
            details["versionId"] = version.versionID
        case let delete as DeletePolicyRequest: resource = delete.policyName
        case let attach as AttachPolicyToRoleRequest:
            resource = attach.roleName
            details["policyName"] = attach.policyName
            details["policyType"] = attach.policyType
        case let detach as DetachPolicyFromRoleRequest:
            resource = detach.roleName
            details["policyName"] = detach.policyName
            details["policyType"] = detach.policyType
        case let set as SetKeyPolicyRequest:
            resource = set.keyID
            details["region"] = region
        case let create as CreateDiskRequest:
            resource = (response as? CreateDiskResponse)?.diskID ?? ""
            details["region"] = create.regionID
        case let delete as DeleteDiskRequest:
            resource = delete.diskID
            details["region"] = region
        case let create as CreateImageRequest:
            resource = (response as? CreateImageResponse)?.imageID ?? ""
            details["region"] = create.regionID
        case let copy as CopyImageRequest:
            resource = (response as? CopyImageResponse)?.imageID ?? ""
            details["region"] = copy.destinationRegionID ?? copy.regionID
        case let create as CreateSnapshotRequest:
            resource = (response as? CreateSnapshotResponse)?.snapshotID ?? ""
            details["region"] = region
            details["diskId"] = create.diskID
        case let copy as CopySnapshotRequest:
            resource = (response as? CopySnapshotResponse)?.snapshotID ?? ""
            details["region"] = copy.destinationRegionID
        case let share as ModifyImageSharePermissionRequest:
            resource = share.imageID
            details["region"] = share.regionID
            details["addAccount"] = (share.addAccount ?? []).joined(separator: ",")
            details["removeAccount"] = (share.removeAccount ?? []).joined(separator: ",")
        case is CreateResourceShareRequest:
            resource = (response as? CreateResourceShareResponse)?.resourceShare.resourceShareID ?? ""
            details["region"] = region
        default:
            resource = ""
            details["region"] = region
        }
        return Description(account: account, resource: resource, details: details)
    }
}
