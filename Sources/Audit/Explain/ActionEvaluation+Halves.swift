import CloudModel

// The two halves of one action's answer, each with its statements and a sentence.
extension ActionEvaluation {
    /// The key policy's half.
    func keyPolicyHalf() -> HalfExplanation {
        let favour = keySide(.favourAccess)
        let oppose = keySide(.opposeAccess)
        // A session is named by its role, as key policies name it.
        var who = identity.principal.arn
        if case .assumedRole(let account, let role, _) = identity.principal { who = Principal.role(account, name: role).arn }
        guard let decision = Self.settle(favour, oppose) else {
            let pending = Self.uncertain(request, in: key.policy.map { [$0] } ?? []) { reference, keys in
                Self.keyCitation(reference, key: key, unknownKeys: keys)
            }
            return HalfExplanation(
                decision: .unknown, statements: pending,
                summary: Self.unknownSummary(pending, subject: "the key policy's answer"))
        }
        switch decision {
        case .allow:
            let cited = oppose.statements.map { Self.keyCitation($0, key: key) }
            let summary =
                sameAccount && cited.isEmpty
                ? "the key policy allows it" : "the key policy names \(who) (\(Self.labels(cited)) allows \(action))"
            return HalfExplanation(decision: .allow, statements: cited, summary: summary)
        case .deny:
            let cited = favour.statements.map { Self.keyCitation($0, key: key) }
            return HalfExplanation(
                decision: .deny, statements: cited,
                summary: "\(Self.labels(cited)) explicitly denies \(action) to \(who)")
        default:
            return HalfExplanation(decision: .implicitDeny, statements: [], summary: keyPolicySilence(who: who))
        }
    }

    /// Why the key policy says nothing: no policy, an administrative action for another account,
    /// or no statement naming the principal for the action.
    private func keyPolicySilence(who: String) -> String {
        guard let policy = key.policy else { return key.policyNote ?? "the key has no key policy" }
        let named = policy.document.statements.enumerated().filter { _, statement in
            statement.effect == .allow && PolicyEvaluator.applies(statement, kind: .keyPolicy, to: request)
        }
        if !sameAccount, !named.isEmpty, !PolicyEvaluator.keyUserActions.contains(action.lowercased()) {
            let cited = named.map {
                Self.keyCitation(
                    StatementReference(source: policy.name, index: $0.offset, sid: $0.element.sid),
                    key: key)
            }
            return "\(Self.labels(cited)) names \(who), but a key policy grants another account's identities only "
                + "key-user actions (cryptography and description), not \(action)"
        }
        return "the key policy does not name \(who) for \(action)"
    }

    /// The caller's RAM half, in the caller's own account.
    func ramPolicyHalf() -> HalfExplanation {
        let who = identity.principal
        let account = who.accountID?.rawValue ?? "?"
        switch identity.standing {
        case .root:
            return HalfExplanation(
                decision: .allow, statements: [],
                summary: "\(who.arn) is account \(account)'s root, which RAM policies do not bind")
        case .missingRole(let name):
            return HalfExplanation(
                decision: .implicitDeny, statements: [],
                summary: "account \(account) has no role \(name), so nothing can act as it")
        case .unreadable(let reason):
            return HalfExplanation(decision: .unknown, statements: [], summary: reason)
        case .role(let name, let policies):
            let favour = identitySide(.favourAccess)
            let oppose = identitySide(.opposeAccess)
            guard let decision = Self.settle(favour, oppose) else {
                let pending = Self.uncertain(request, in: policies.map(\.source)) { reference, keys in
                    identityCitation(reference, unknownKeys: keys)
                }
                return HalfExplanation(
                    decision: .unknown, statements: pending,
                    summary: Self.unknownSummary(pending, subject: "account \(account)'s RAM answer"))
            }
            switch decision {
            case .allow:
                let cited = oppose.statements.map { identityCitation($0) }
                return HalfExplanation(
                    decision: .allow, statements: cited,
                    summary: "\(Self.labels(cited)) allows \(action) \(target)")
            case .deny:
                let cited = favour.statements.map { identityCitation($0) }
                return HalfExplanation(
                    decision: .deny, statements: cited,
                    summary: "\(Self.labels(cited)) explicitly denies \(action) \(target)")
            default:
                let attached =
                    policies.isEmpty
                    ? "role/\(name) has no policy attached"
                    : "attached to role/\(name): "
                        + policies.map { "\($0.name) (\($0.type), \($0.version))" }.joined(separator: ", ")
                return HalfExplanation(
                    decision: .implicitDeny, statements: [],
                    summary: "account \(account) has no policy allowing \(action) \(target) (\(attached))")
            }
        }
    }

    /// Cites a statement of one of the principal's RAM policies, with its policy's name, type,
    /// version and attachment.
    func identityCitation(_ reference: StatementReference, unknownKeys: [String]? = nil) -> StatementCitation {
        let effect =
            identity.policy(named: reference.source).flatMap { policy in
                policy.source.document.statements.indices.contains(reference.index)
                    ? policy.source.document.statements[reference.index].effect.rawValue : nil
            } ?? "Allow"
        guard let policy = identity.policy(named: reference.source) else {
            return StatementCitation(
                policy: reference.source, index: reference.index, sid: reference.sid, effect: effect,
                unknownConditionKeys: unknownKeys)
        }
        return policy.cite(index: reference.index, sid: reference.sid, effect: effect, unknownKeys: unknownKeys)
    }

    /// Cites a statement of the key policy.
    static func keyCitation(_ reference: StatementReference, key: KeyFacts, unknownKeys: [String]? = nil) -> StatementCitation {
        let statements = key.policy?.document.statements ?? []
        let effect = statements.indices.contains(reference.index) ? statements[reference.index].effect.rawValue : "Allow"
        return StatementCitation(
            policy: "key policy", index: reference.index, sid: reference.sid, effect: effect,
            unknownConditionKeys: unknownKeys)
    }

    /// The statements about `request` whose conditions test keys the context lacks.
    static func uncertain(
        _ request: AccessRequest, in sources: [PolicySource],
        cite: (StatementReference, [String]) -> StatementCitation
    ) -> [StatementCitation] {
        sources.flatMap { source in
            source.document.statements.enumerated().compactMap { index, statement -> StatementCitation? in
                let keys = PolicyEvaluator.missingConditionKeys(statement, kind: source.kind, to: request)
                guard !keys.isEmpty else { return nil }
                return cite(StatementReference(source: source.name, index: index, sid: statement.sid), keys)
            }
        }
    }

    /// "the key policy's answer hangs on statement X's condition on acs:SourceIp (…)".
    static func unknownSummary(_ pending: [StatementCitation], subject: String) -> String {
        let parts = pending.map { citation in
            let keys = (citation.unknownConditionKeys ?? []).map(ConditionKeys.describe).joined(separator: ", ")
            return "\(citation.label)'s condition on \(keys)"
        }
        return "\(subject) hangs on " + (parts.isEmpty ? "conditions explain cannot evaluate" : parts.joined(separator: " and "))
    }

    /// Citations joined for a sentence.
    static func labels(_ cited: [StatementCitation]) -> String {
        cited.isEmpty ? "no statement" : cited.map(\.label).joined(separator: " and ")
    }
}

/// What explain says about condition keys it has no value for.
enum ConditionKeys {
    /// Keys the simulator reads from each call, and what they hold.
    static let perCall: [String: String] = [
        "acs:sourceip": "the caller's source IP address",
        "acs:securetransport": "whether the call uses HTTPS",
        "acs:mfapresent": "whether the caller signed in with MFA",
        "acs:currenttime": "the time of the call",
    ]

    /// `acs:SourceIp (the caller's source IP address, known only per call)` or
    /// `kms:tag/env (a condition key keyshare does not model)`.
    static func describe(_ key: String) -> String {
        if let meaning = perCall[key.lowercased()] { return "\(key) (\(meaning), known only per call)" }
        return "\(key) (a condition key keyshare does not model)"
    }
}
