/// The KMS authorization rules in one place, over documents already read: the simulator enforces
/// them on every call and `keyshare explain` reports them, so the two cannot disagree.
///
/// Every function takes an optional ``UnknownConditions``: nil is the simulator's answer (a missing
/// condition key fails positive operators); explain passes each assumption in turn.
package enum KeyAuthorization {
    /// The caller's identity side: an account root is allowed by no statement; a user or role by
    /// its attached policies (`policies` nil: the identity does not exist, an implicit deny); a
    /// role session by the role's policies intersected with its session policy, if it has one.
    package static func identity(
        _ request: AccessRequest, policies: [PolicySource]?, sessionPolicy: PolicySource? = nil,
        assuming assumption: UnknownConditions? = nil
    ) -> Decision {
        switch request.principal {
        case .account:
            return .accountRoot
        case .service:
            return .implicitDeny
        case .user, .role, .assumedRole:
            guard let policies else { return .implicitDeny }
            let own = PolicyEvaluator.evaluate(request, against: policies, assuming: assumption)
            guard let sessionPolicy else { return own }
            return intersect(own, PolicyEvaluator.evaluate(request, against: [sessionPolicy], assuming: assumption))
        }
    }

    /// The key policy's side; a key without a policy (a default key) allows nothing by policy.
    package static func keyPolicy(
        _ request: AccessRequest, policy: PolicySource?,
        assuming assumption: UnknownConditions? = nil
    ) -> Decision {
        guard let policy else { return .implicitDeny }
        return PolicyEvaluator.evaluate(request, against: [policy], assuming: assumption)
    }

    /// Both sides joined for a call on a key owned by `keyOwner`: same account, either side;
    /// another account, both; an explicit deny anywhere wins.
    package static func decide(
        _ request: AccessRequest, keyOwner: AccountID, identity: Decision,
        keyPolicy: Decision
    ) -> Decision {
        Decision.combine(identity: identity, resource: keyPolicy, sameAccount: request.principal.accountID == keyOwner)
    }

    /// Both must allow (role policies ∩ session policy); an explicit deny in either wins.
    package static func intersect(_ first: Decision, _ second: Decision) -> Decision {
        if first.isExplicitDeny || second.isExplicitDeny {
            let denies = (first.isExplicitDeny ? first.statements : []) + (second.isExplicitDeny ? second.statements : [])
            return .explicitDeny(by: denies)
        }
        if case .allow(let mine) = first, case .allow(let theirs) = second { return .allow(by: mine + theirs) }
        return .implicitDeny
    }

    /// The KMS actions ECS performs with a key for an encrypted disk, image or snapshot.
    package static let ecsKeyActions = ["kms:DescribeKey", "kms:GenerateDataKey", "kms:Decrypt"]

    /// One action of an ECS service-role session on a key: in the key owner's account either side
    /// may allow; in another account the role's policies must allow and then the key policy too.
    package static func serviceRole(
        _ request: AccessRequest, keyOwner: AccountID, policies: [PolicySource],
        keyPolicy policy: PolicySource?,
        assuming assumption: UnknownConditions? = nil
    ) -> ServiceRoleDecision {
        let identity = PolicyEvaluator.evaluate(request, against: policies, assuming: assumption)
        let keySide = keyPolicy(request, policy: policy, assuming: assumption)
        let refusedBy: ServiceRoleDecision.Side?
        if request.principal.accountID == keyOwner {
            let decision = Decision.combine(identity: identity, resource: keySide, sameAccount: true)
            refusedBy = decision.isAllowed ? nil : (keySide.isExplicitDeny ? .keyPolicy : .role)
        } else {
            refusedBy = !identity.isAllowed ? .role : (!keySide.isAllowed ? .keyPolicy : nil)
        }
        return ServiceRoleDecision(identity: identity, keyPolicy: keySide, refusedBy: refusedBy)
    }

    /// Whether ECS (acting for `account`) may assume a role with this trust policy.
    package static func ecsMayAssume(_ role: ResourceName, trust: PolicySource, for account: AccountID) -> Decision {
        let service = Principal.service("ecs.aliyuncs.com", onBehalfOf: account)
        return PolicyEvaluator.evaluate(
            AccessRequest(principal: service, action: "sts:AssumeRole", resource: role),
            against: [trust])
    }
}

/// How one action of an ECS service-role session on a key was decided.
package struct ServiceRoleDecision: Sendable, Hashable {
    /// Which side refused: the ECS error differs (the role's policies, or the key policy).
    package enum Side: Sendable, Hashable {
        case role, keyPolicy
    }

    /// The role's attached policies.
    package var identity: Decision
    /// The key policy.
    package var keyPolicy: Decision
    /// The side that refused, nil when ECS may use the key.
    package var refusedBy: Side?
}
