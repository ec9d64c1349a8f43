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
        evaluate(request, against: sources, assuming: nil)
    }

    /// ``evaluate(_:against:)`` where a condition on a key missing from the request context is
    /// neither true nor false but `assumption` decides it: `keyshare explain` evaluates twice, once
    /// in favour of access and once against it, and answers "unknown" when the two disagree.
    /// With `assumption` nil a missing key fails positive operators, as the simulator decides.
    package static func evaluate(
        _ request: AccessRequest, against sources: [PolicySource],
        assuming assumption: UnknownConditions?
    ) -> Decision {
        var allows: [StatementReference] = []
        var denies: [StatementReference] = []
        let target = Target(request)
        for source in sources {
            for (index, statement) in source.document.statements.enumerated()
            where applies(statement, kind: source.kind, to: request, target: target, assuming: assumption) {
                if statement.effect == .allow, source.kind == .keyPolicy,
                    !keyPolicyMayGrant(request, keyOwner: target.account)
                {
                    continue
                }
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
        applies(statement, kind: kind, to: request, target: Target(request), assuming: nil)
    }

    /// The condition keys of a statement about `request` (by action, principal and resource) that
    /// the request context lacks: the statement's effect hangs on values nobody supplied.
    package static func missingConditionKeys(_ statement: Statement, kind: PolicyKind, to request: AccessRequest) -> [String] {
        guard !statement.conditions.isEmpty,
            applies(statement, kind: kind, to: request, target: Target(request), assuming: .favourAccess)
                || applies(statement, kind: kind, to: request, target: Target(request), assuming: .opposeAccess)
        else { return [] }
        var keys: [String] = []
        for condition in statement.conditions where !request.hasContextKey(condition.key) && !keys.contains(condition.key) {
            keys.append(condition.key)
        }
        return keys
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

    private static func applies(
        _ statement: Statement, kind: PolicyKind, to request: AccessRequest, target: Target,
        assuming assumption: UnknownConditions?
    ) -> Bool {
        guard statement.actions.matches(request.action, caseInsensitive: true) else { return false }
        switch kind {
        case .identity:
            guard let resources = statement.resources,
                resources.matches(target.text, caseInsensitive: target.caseInsensitive)
            else { return false }
        case .trust, .keyPolicy:
            guard let principal = statement.principal,
                principal.candidates(for: request.principal).contains(where: {
                    request.principal.matches($0, resourceOwner: target.account, kind: kind)
                })
            else { return false }
        }
        guard let assumption else { return ConditionMatcher.allHold(statement.conditions, in: request.context) }
        let (known, unknown) = (
            statement.conditions.filter { request.hasContextKey($0.key) },
            statement.conditions.contains { !request.hasContextKey($0.key) }
        )
        guard ConditionMatcher.allHold(known, in: request.context) else { return false }
        guard unknown else { return true }
        return (statement.effect == .allow) == (assumption == .favourAccess)
    }
}

/// How ``PolicyEvaluator/evaluate(_:against:assuming:)`` settles a condition whose key the request
/// context lacks.
package enum UnknownConditions: Sendable, Hashable {
    /// Allow statements apply and Deny statements do not: the most access the policies could give.
    case favourAccess
    /// Deny statements apply and Allow statements do not: the least access.
    case opposeAccess
}

extension AccessRequest {
    /// Whether the context holds `key` (compared case-insensitively, as conditions read it).
    package func hasContextKey(_ key: String) -> Bool {
        context[key] != nil || context.keys.contains { $0.equalsIgnoringCase(key) }
    }
}
