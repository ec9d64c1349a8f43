/// Evaluates requests against policies: explicit deny wins, then any allow, else implicit deny.
///
/// One call covers one side of an authorization (the caller's identity policies, or a resource's
/// key/trust policy); ``Decision/combine(identity:resource:sameAccount:)`` and
/// ``Decision/combineForAssumeRole(identity:trust:caller:)`` join the sides.
package enum PolicyEvaluator {
    /// Evaluates `request` against every statement of `sources`, in order.
    ///
    /// Identity statements match on Action and Resource; key-policy statements on Principal and
    /// Action (their Resource `*` is the key itself); trust statements on Principal and Action.
    /// Conditions must hold in all kinds. A key-policy Allow grants identities of other accounts
    /// only ``keyUserActions``.
    package static func evaluate(_ request: AccessRequest, against sources: [PolicySource]) -> Decision {
        var allows: [StatementReference] = []
        var denies: [StatementReference] = []
        let target = Target(request)
        for source in sources {
            for (index, statement) in source.document.statements.enumerated()
            where applies(statement, kind: source.kind, to: request, target: target) {
                if statement.effect == .allow, source.kind == .keyPolicy,
                   !keyPolicyMayGrant(request, keyOwner: target.account) { continue }
                let reference = StatementReference(source: source.name, index: index, sid: statement.sid)
                switch statement.effect {
                case .allow: allows.append(reference)
                case .deny: denies.append(reference)
                }
            }
        }
        if !denies.isEmpty { return .explicitDeny(by: denies) }
        if !allows.isEmpty { return .allow(by: allows) }
        return .implicitDeny
    }

    /// Whether `statement` (from a `kind` document) is about `request`, regardless of its effect.
    package static func applies(_ statement: Statement, kind: PolicyKind, to request: AccessRequest) -> Bool {
        applies(statement, kind: kind, to: request, target: Target(request))
    }

    /// The request's resource as text and its owner, worked out once per evaluation.
    struct Target {
        let text: String
        /// The owner UID, nil when the ARN's account part is a pattern or empty.
        let account: String?
        let caseInsensitive: Bool

        init(_ request: AccessRequest) {
            text = request.resource.description
            account = request.resource.account.isAccountUID ? request.resource.account : nil
            caseInsensitive = request.resource.service == "ram"
        }
    }

    private static func applies(_ statement: Statement, kind: PolicyKind, to request: AccessRequest, target: Target) -> Bool {
        guard statement.actions.matches(request.action, caseInsensitive: true) else { return false }
        switch kind {
        case .identity:
            guard let resources = statement.resources,
                  resources.matches(target.text, caseInsensitive: target.caseInsensitive)
            else { return false }
        case .trust, .keyPolicy:
            guard let principal = statement.principal,
                  principal.entries.contains(where: {
                      request.principal.matches($0, resourceOwner: target.account, kind: kind)
                  })
            else { return false }
        }
        return ConditionMatcher.allHold(statement.conditions, in: request.context)
    }
}
