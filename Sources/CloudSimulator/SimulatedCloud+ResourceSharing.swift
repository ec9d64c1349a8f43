import CloudAPI
import CloudModel
import Foundation

// Snapshot sharing through Resource Sharing (alibaba-api.md §6.6): targets inside the owner's
// resource directory are associated at once; external targets need AllowExternalTargets and accept
// an invitation. Encrypted snapshots need AliyunECSShareEncryptSnapshotDefaultRole.
extension SimulatedCloud {
    /// Whether `owner` shares snapshot `id` with `account` (associated, invitation accepted).
    func isShared(snapshot id: String, owner: AccountID, with account: AccountID) -> Bool {
        guard let shares = accounts[owner]?.shares.values else { return false }
        return shares.contains { share in
            share.resources.contains { $0.resourceID == id }
                && share.targets.contains { $0.account == account && $0.status == "Associated" }
        }
    }

    /// Whether both accounts are in the same resource directory.
    private func sameDirectory(_ first: AccountID, _ second: AccountID) -> Bool {
        guard let directory = meta.directory else { return false }
        func member(_ id: AccountID) -> Bool { id == directory.managementAccount || accounts[id]?.folderID != nil }
        return member(first) && member(second)
    }

    /// Expands `Targets` (account UIDs, `rd-…`, `fd-…`) to accounts.
    private func targetAccounts(_ targets: [String], owner: AccountID) throws -> [AccountID] {
        var result: [AccountID] = []
        for target in targets {
            if let directory = meta.directory, target == directory.id {
                result += accounts.values.filter { $0.folderID != nil || $0.id == directory.managementAccount }.map(\.id)
                    .filter { $0 != owner }
            } else if target.hasPrefix("fd-") {
                guard meta.directory?.folders.contains(where: { $0.id == target }) == true else {
                    throw CloudError.invalid("InvalidParameter.Targets", "The target folder \(target) does not exist.")
                }
                result += accounts.values.filter { $0.folderID == target }.map(\.id).filter { $0 != owner }
            } else {
                guard let id = AccountID(target) else {
                    throw CloudError.invalid(
                        "InvalidParameter.Targets", "The target \(target) is not an account UID, rd- or fd- id.")
                }
                guard id != owner else {
                    throw CloudError.invalid("ShareWithYourself", "A resource cannot be shared with its owner.", status: 409)
                }
                guard accounts[id] != nil else {
                    throw CloudError.invalid("InvalidParameter.Targets", "The target account \(target) does not exist.")
                }
                result.append(id)
            }
        }
        return result.sorted()
    }

    /// Adds resources and targets to a share, enforcing the snapshot rules.
    private func associate(
        _ share: inout ResourceShareState, owner: AccountState, resources: [SharedResource],
        targets: [String]
    ) throws -> [ResourceShareAssociation] {
        for resource in resources {
            guard resource.resourceType == "Snapshot" else {
                throw CloudError.invalid(
                    "InvalidParameter.ResourceType",
                    "ResourceType '\(resource.resourceType)' is not supported; use Snapshot.")
            }
            guard owner.regions[share.region]?.snapshots[resource.resourceID] != nil else {
                throw CloudError.invalid("InvalidParameter.Resources", "The snapshot \(resource.resourceID) does not exist.")
            }
        }
        let newTargets = try targetAccounts(targets, owner: owner.id)
        for target in newTargets where !sameDirectory(owner.id, target) && !share.allowExternalTargets {
            throw CloudError.invalid(
                "InvalidParameter.Targets",
                "The target \(target) is outside the resource directory; set AllowExternalTargets=true.")
        }
        var allResources = share.resources
        for resource in resources where !allResources.contains(resource) { allResources.append(resource) }
        var allTargets = share.targets.map(\.account)
        for target in newTargets where !allTargets.contains(target) { allTargets.append(target) }
        for resource in allResources {
            let others = owner.shares.values.filter { $0.id != share.id && $0.resources.contains(resource) }
                .flatMap { $0.targets.map(\.account) }
            guard Set(others + allTargets).count <= 64 else {
                throw CloudError.invalid(
                    "QuotaExceeded.SharedTarget",
                    "A snapshot can be shared with at most 64 accounts.", status: 409)
            }
            guard let key = owner.regions[share.region]?.snapshots[resource.resourceID]?.key else { continue }
            if key.isServiceKey {
                throw CloudError.invalid(
                    "InvalidParameter.Resources",
                    "The snapshot \(resource.resourceID) is encrypted with the ECS service key and cannot be shared; copy it with a KMS key first."
                )
            }
            try checkShareRole(
                Self.shareSnapshotRole, owner: owner, recipients: allTargets, key: key,
                denied: .shareEncryptSnapshotRoleMissing)
        }
        var associations: [ResourceShareAssociation] = []
        for resource in resources {
            associations.append(
                ResourceShareAssociation(
                    resourceShareID: share.id, entityID: resource.resourceID,
                    entityType: "Snapshot", associationType: "Resource",
                    associationStatus: "Associated"))
        }
        share.resources = allResources
        let time = Timestamp.seconds(now)
        for target in newTargets where !share.targets.contains(where: { $0.account == target }) {
            var entry = ShareTarget(account: target, status: "Associated", invitationID: nil)
            if !sameDirectory(owner.id, target), let receiver = accounts[target] {
                let invitation = InvitationState(
                    id: withIDs { "ri-" + $0.alphanumeric(20) }, shareID: share.id,
                    shareName: share.name, sender: owner.id, status: "Pending", createTime: time)
                receiver.invitations[invitation.id] = invitation
                touch(target)
                entry.status = "Associating"
                entry.invitationID = invitation.id
            }
            share.targets.append(entry)
            associations.append(
                ResourceShareAssociation(
                    resourceShareID: share.id, entityID: target.rawValue,
                    entityType: "Account", associationType: "Target",
                    associationStatus: entry.status))
        }
        share.updateTime = time
        return associations
    }

    private func info(_ share: ResourceShareState, owner: AccountID) -> ResourceShareInfo {
        ResourceShareInfo(
            resourceShareID: share.id, resourceShareName: share.name, resourceShareOwner: owner.rawValue,
            resourceShareStatus: "Active", allowExternalTargets: share.allowExternalTargets,
            createTime: share.createTime, updateTime: share.updateTime)
    }

    /// Authorizes a Resource Sharing action (403 `NoPermission`).
    private func authorizeSharing(_ context: CallContext, _ action: String) throws -> AccountState {
        let account = try callerAccount(context)
        try authorizeIdentity(
            context, action: action,
            resource: ResourceName(
                service: "resourcesharing", region: context.region.rawValue,
                account: account.id.rawValue, resource: "resourceshare/*"),
            denial: .noPermission)
        return account
    }

    package func createResourceShare(_ request: CreateResourceShareRequest, context: CallContext) async throws
        -> CreateResourceShareResponse
    {
        try await perform(.resourceSharing, context) {
            let account = try authorizeSharing(context, "resourcesharing:CreateResourceShare")
            guard !request.resourceShareName.isEmpty else { throw CloudError.missingParameter("ResourceShareName") }
            let time = Timestamp.seconds(now)
            var share = ResourceShareState(
                id: withIDs { "rs-" + $0.alphanumeric(20) }, name: request.resourceShareName,
                allowExternalTargets: request.allowExternalTargets ?? false,
                region: context.region.rawValue, createTime: time, updateTime: time,
                resources: [], targets: [])
            _ = try associate(&share, owner: account, resources: request.resources ?? [], targets: request.targets ?? [])
            account.shares[share.id] = share
            touch(account.id)
            return CreateResourceShareResponse(resourceShare: info(share, owner: account.id))
        }
    }

    package func associateResourceShare(_ request: AssociateResourceShareRequest, context: CallContext) async throws
        -> AssociateResourceShareResponse
    {
        try await perform(.resourceSharing, context) {
            let account = try authorizeSharing(context, "resourcesharing:AssociateResourceShare")
            guard var share = account.shares[request.resourceShareID] else {
                throw CloudError.invalid("EntityNotExists.ResourceShare", "The resource share does not exist.", status: 404)
            }
            let associations = try associate(
                &share, owner: account, resources: request.resources ?? [],
                targets: request.targets ?? [])
            account.shares[share.id] = share
            touch(account.id)
            return AssociateResourceShareResponse(resourceShareAssociations: associations)
        }
    }

    package func listResourceShares(_ request: ListResourceSharesRequest, context: CallContext) async throws
        -> ListResourceSharesResponse
    {
        try await perform(.resourceSharing, context) {
            let account = try authorizeSharing(context, "resourcesharing:ListResourceShares")
            var result: [ResourceShareInfo] = []
            switch request.resourceOwner {
            case "Self":
                result = account.shares.values.map { info($0, owner: account.id) }
            case "OtherAccounts":
                for other in accounts.values where other.id != account.id {
                    for share in other.shares.values
                    where share.targets.contains(where: { $0.account == account.id && $0.status == "Associated" }) {
                        result.append(info(share, owner: other.id))
                    }
                }
            default:
                throw CloudError.invalidParameter("ResourceOwner", "must be Self or OtherAccounts.")
            }
            if let ids = request.resourceShareIDs { result = result.filter { ids.contains($0.resourceShareID) } }
            return ListResourceSharesResponse(
                resourceShares: result.sorted { $0.resourceShareID < $1.resourceShareID },
                nextToken: nil)
        }
    }

    package func listResourceShareInvitations(_ request: ListResourceShareInvitationsRequest, context: CallContext)
        async throws -> ListResourceShareInvitationsResponse
    {
        try await perform(.resourceSharing, context) {
            let account = try authorizeSharing(context, "resourcesharing:ListResourceShareInvitations")
            let invitations = account.invitations.values.sorted { $0.id < $1.id }.map { invitation($0, receiver: account.id) }
            return ListResourceShareInvitationsResponse(resourceShareInvitations: invitations, nextToken: nil)
        }
    }

    private func invitation(_ state: InvitationState, receiver: AccountID) -> ResourceShareInvitation {
        ResourceShareInvitation(
            resourceShareInvitationID: state.id, resourceShareID: state.shareID,
            resourceShareName: state.shareName, senderAccountID: state.sender.rawValue,
            receiverAccountID: receiver.rawValue, status: state.status, createTime: state.createTime)
    }

    package func acceptResourceShareInvitation(_ request: AcceptResourceShareInvitationRequest, context: CallContext)
        async throws -> AcceptResourceShareInvitationResponse
    {
        try await perform(.resourceSharing, context) {
            let account = try authorizeSharing(context, "resourcesharing:AcceptResourceShareInvitation")
            guard var state = account.invitations[request.resourceShareInvitationID] else {
                throw CloudError.invalid("EntityNotExists.ResourceShareInvitation", "The invitation does not exist.", status: 404)
            }
            guard state.status == "Pending" else {
                throw CloudError.invalid(
                    "InvalidStatus.ResourceShareInvitation", "The invitation is \(state.status).", status: 409)
            }
            state.status = "Accepted"
            account.invitations[state.id] = state
            touch(account.id)
            if let owner = accounts[state.sender], var share = owner.shares[state.shareID],
                let position = share.targets.firstIndex(where: { $0.invitationID == state.id })
            {
                share.targets[position].status = "Associated"
                owner.shares[share.id] = share
                touch(owner.id)
            }
            return AcceptResourceShareInvitationResponse(resourceShareInvitation: invitation(state, receiver: account.id))
        }
    }
}

// The requests this file answers: `SimulatedCloud.call` finds each behaviour through these.
extension CreateResourceShareRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.createResourceShare(self, context: context)
    }
}
extension AssociateResourceShareRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.associateResourceShare(self, context: context)
    }
}
extension ListResourceSharesRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.listResourceShares(self, context: context)
    }
}
extension ListResourceShareInvitationsRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.listResourceShareInvitations(self, context: context)
    }
}
extension AcceptResourceShareInvitationRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.acceptResourceShareInvitation(self, context: context)
    }
}
