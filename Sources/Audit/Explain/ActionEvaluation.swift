import CloudModel

/// One action of one principal on one key, decided by ``KeyAuthorization`` (the simulator's rules)
/// twice: once settling unknown conditions in favour of access and once against it. Where the two
/// agree the answer is certain; where they differ it is "unknown", never a guess.
struct ActionEvaluation {
    /// The key asked about.
    let key: KeyFacts
    /// The principal's RAM side.
    let identity: IdentityFacts
    /// The RAM action, e.g. `kms:Decrypt`.
    let action: String
    /// The request context explain knows (the current time); every other condition key is unknown.
    let context: [String: [String]]
    /// The resource acted on when it is not the key (the ECS path's `ecs:CreateDisk`).
    var resource: ResourceName?

    /// How sentences name the resource.
    var target: String { resource.map { "on \($0)" } ?? "on this key" }

    /// The principal as a call would present it: a role calls through a session of it.
    var caller: Principal {
        if case .role(let account, let name) = identity.principal {
            return .assumedRole(account, roleName: name, sessionName: "keyshare-explain")
        }
        return identity.principal
    }

    /// The request both halves are evaluated on.
    var request: AccessRequest {
        AccessRequest(principal: caller, action: action, resource: resource ?? key.resource, context: context)
    }

    /// Whether the principal belongs to the key owner's account (either half then suffices).
    var sameAccount: Bool { identity.principal.accountID == key.owner }

    /// The identity side under an assumption; a side that cannot be read is the extreme the
    /// assumption names.
    func identitySide(_ assumption: UnknownConditions) -> Decision {
        if case .unreadable = identity.standing { return assumption == .favourAccess ? .allow(by: []) : .explicitDeny(by: []) }
        return KeyAuthorization.identity(request, policies: identity.sources, assuming: assumption)
    }

    /// The key policy's side under an assumption.
    func keySide(_ assumption: UnknownConditions) -> Decision {
        KeyAuthorization.keyPolicy(request, policy: key.policy, assuming: assumption)
    }

    /// Both sides joined as the simulator joins them, under an assumption.
    func combined(_ assumption: UnknownConditions) -> Decision {
        KeyAuthorization.decide(request, keyOwner: key.owner, identity: identitySide(assumption), keyPolicy: keySide(assumption))
    }

    /// The answer.
    func explain() -> ActionExplanation {
        let favour = combined(.favourAccess)
        let oppose = combined(.opposeAccess)
        let keyHalf = keyPolicyHalf()
        let ramHalf = ramPolicyHalf()
        var decision: ExplainDecision
        if oppose.isAllowed {
            decision = .allow
        } else if !favour.isAllowed {
            decision = favour.isExplicitDeny ? .deny : .implicitDeny
        } else {
            decision = .unknown
        }
        var reason = Self.reason(decision, key: keyHalf, ram: ramHalf, sameAccount: sameAccount)
        var refusal: String?
        if KeyState.cryptoActions.contains(action.lowercased()), let state = KeyState(rawValue: key.summary.state),
            let code = state.cryptoRefusalCode
        {
            refusal = code
            if decision == .allow || decision == .unknown {
                reason =
                    "the key is \(state.rawValue): KMS refuses \(action) (409 \(code)) whatever the policies say; "
                    + "the policies alone: \(reason)"
                decision = .deny
            }
        }
        return ActionExplanation(
            action: action, decision: decision, reason: reason, keyPolicy: keyHalf, ramPolicy: ramHalf,
            keyStateRefusal: refusal)
    }

    /// The answer in sentences: explicit denies first, then the half that is missing.
    static func reason(_ decision: ExplainDecision, key: HalfExplanation, ram: HalfExplanation, sameAccount: Bool) -> String {
        let halves = [key, ram]
        switch decision {
        case .deny:
            return "denied: " + halves.filter { $0.decision == .deny }.map(\.summary).joined(separator: "; ")
        case .allow:
            let allowing = halves.filter { $0.decision == .allow }.map(\.summary)
            return "allowed: " + allowing.joined(separator: "; ")
                + (sameAccount && allowing.count < 2 ? " (in the key owner's account one half suffices)" : "")
        case .implicitDeny:
            if sameAccount { return "implicitly denied: neither half allows it: \(key.summary); \(ram.summary)" }
            // The half that allows first, then the one that is missing.
            let ordered = halves.sorted { ($0.decision == .allow ? 0 : 1) < ($1.decision == .allow ? 0 : 1) }
            return "implicitly denied: " + ordered.map(\.summary).joined(separator: "; ")
                + " (another account's identity needs both halves)"
        case .unknown:
            let unknown = halves.filter { $0.decision == .unknown }.map(\.summary)
            let known = halves.filter { $0.decision != .unknown }.map(\.summary)
            return "unknown because " + unknown.joined(separator: "; ")
                + (known.isEmpty ? "" : "; known: " + known.joined(separator: "; "))
        }
    }

    /// Certain when both assumptions allow, or both refuse (a deny only when it denies even in
    /// favour of access).
    static func settle(_ favour: Decision, _ oppose: Decision) -> ExplainDecision? {
        guard favour.isAllowed == oppose.isAllowed else { return nil }
        if favour.isAllowed { return .allow }
        return favour.isExplicitDeny ? .deny : .implicitDeny
    }
}
