import CloudAPI
import CloudModel

/// An authorization failure kept for explanation: who asked for what, and the statements (or
/// their absence) that decided it.
package struct Denial: Sendable, CustomStringConvertible {
    /// The caller.
    package var principal: Principal
    /// The RAM action, e.g. `kms:Decrypt`.
    package var action: String
    /// The resource ARN.
    package var resource: String
    /// The caller's identity-policy decision.
    package var identity: Decision
    /// The resource policy's decision (key or trust policy), when one applies.
    package var resourcePolicy: Decision?

    package var description: String {
        var text = "\(principal) may not \(action) on \(resource): identity policies: \(identity)"
        if let resourcePolicy { text += "; resource policy: \(resourcePolicy)" }
        return text
    }
}

// The one place that talks to the policy evaluator (CloudModel/Policy), so a rename there
// touches only this file.
extension SimulatedCloud {
    /// The request-context keys conditions may test.
    func conditionContext(_ context: CallContext) -> [String: [String]] {
        var keys: [String: [String]] = [
            "acs:SecureTransport": [context.secureTransport ? "true" : "false"],
            "acs:CurrentTime": [Timestamp.seconds(now)],
            "acs:MFAPresent": ["false"],
        ]
        if let ip = context.sourceIP { keys["acs:SourceIp"] = [ip] }
        return keys
    }

    /// The policies attached to a user or role, resolved to their current documents, and whether
    /// any of them has a Condition.
    func sources(of attached: [AttachedPolicy], in account: AccountState) -> [PolicySource] {
        resolved(attached, in: account).sources
    }

    /// The attached policies' documents and whether any has a Condition.
    func resolved(_ attached: [AttachedPolicy], in account: AccountState) -> (sources: [PolicySource], conditional: Bool) {
        var conditional = false
        let sources = attached.compactMap { policy -> PolicySource? in
            let stored: StoredPolicy?
            let name: String
            switch policy.type {
            case .system:
                stored = SystemPolicies.all[policy.name]?.document
                name = "System:\(policy.name)"
            case .custom:
                let custom = account.policies[policy.name]
                stored = custom?.defaultDocument
                name = "Custom:\(policy.name)@\(custom?.defaultVersion ?? "v1")"
            }
            guard let stored else { return nil }
            conditional = conditional || stored.hasConditions
            return stored.source(named: name)
        }
        return (sources, conditional)
    }

    /// What the caller's own account allows: root everything, users and roles their attached
    /// policies, sessions the role's policies intersected with the session policy
    /// (``KeyAuthorization/identity(_:policies:sessionPolicy:assuming:)``, which `explain` shares).
    func identityDecision(
        _ principal: Principal, action: String, resource: ResourceName,
        context: CallContext
    ) -> Decision {
        switch principal {
        case .account, .service:
            return KeyAuthorization.identity(
                AccessRequest(principal: principal, action: action, resource: resource),
                policies: nil)
        case .user(let id, let name):
            guard let account = accounts[id], let user = account.users[name.lowercased()] else { return .implicitDeny }
            let (sources, conditional) = resolved(user.attached, in: account)
            return KeyAuthorization.identity(request(principal, action, resource, context, conditional), policies: sources)
        case .role(let id, let name), .assumedRole(let id, let name, _):
            guard let account = accounts[id], let role = account.roles[name.lowercased()] else { return .implicitDeny }
            let (sources, conditional) = resolved(role.attached, in: account)
            var sessionPolicy: StoredPolicy?
            if case .assumedRole(_, _, let session) = principal, !account.sessionPolicies.isEmpty {
                sessionPolicy = account.sessionPolicies[(name + "/" + session).lowercased()]
            }
            let access = request(principal, action, resource, context, conditional || sessionPolicy?.hasConditions == true)
            return KeyAuthorization.identity(
                access, policies: sources,
                sessionPolicy: sessionPolicy?.source(named: "session policy"))
        }
    }

    /// The access request, with the condition context only when a policy needs it.
    private func request(
        _ principal: Principal, _ action: String, _ resource: ResourceName, _ context: CallContext,
        _ conditional: Bool
    ) -> AccessRequest {
        AccessRequest(
            principal: principal, action: action, resource: resource,
            context: conditional ? conditionContext(context) : [:])
    }

    /// Authorizes an action on a resource of the caller's own account (RAM, ECS, STS, RM): only
    /// identity policies apply; throws `denial` (the product's wording) when they do not allow.
    func authorizeIdentity(
        _ context: CallContext, action: String, resource: @autoclosure () -> ResourceName,
        denial: @autoclosure () -> CloudError
    ) throws {
        if case .account = context.principal { return }
        let name = resource()
        let decision = identityDecision(context.principal, action: action, resource: name, context: context)
        guard decision.isAllowed else {
            lastDenial = Denial(
                principal: context.principal, action: action, resource: name.description,
                identity: decision, resourcePolicy: nil)
            throw denial()
        }
    }

    /// The key policy's decision for `principal` (implicit deny for default keys, which have none).
    func keyPolicyDecision(
        _ principal: Principal, action: String, key: KMSKeyState, resource: ResourceName,
        context: CallContext
    ) -> Decision {
        let access = request(principal, action, resource, context, key.policy?.hasConditions ?? false)
        return KeyAuthorization.keyPolicy(access, policy: key.policy?.source(named: "key policy"))
    }

    /// Authorizes a KMS action on a key: same account, identity OR key policy; other account,
    /// identity AND key policy; explicit deny anywhere wins. Throws `Forbidden.NoPermission`.
    func authorizeKey(_ context: CallContext, action: String, key: KMSKeyState, location: ResourceLocation) throws {
        let principal = context.principal
        if case .account(let id) = principal, id == location.owner, !(key.policy?.hasDeny ?? false) { return }
        let resource = ResourceName.key(key.id.rawValue, region: RegionID(location.region), account: location.owner)
        let identity = identityDecision(principal, action: action, resource: resource, context: context)
        let resourceSide = keyPolicyDecision(principal, action: action, key: key, resource: resource, context: context)
        let decision = KeyAuthorization.decide(
            AccessRequest(principal: principal, action: action, resource: resource),
            keyOwner: location.owner, identity: identity, keyPolicy: resourceSide)
        guard decision.isAllowed else {
            lastDenial = Denial(
                principal: principal, action: action, resource: resource.description,
                identity: identity, resourcePolicy: resourceSide)
            throw CloudError.kmsNoPermission(action: action, resource: resource.description)
        }
    }
}
