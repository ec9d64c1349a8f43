extension Decision {
    /// Joins the caller's identity-policy decision with a resource policy's (key policy) decision.
    ///
    /// Explicit deny on either side wins. Same account: allowed when either side allows.
    /// Cross-account: allowed only when both sides allow (reference §2.3, U-KPOL).
    package static func combine(identity: Decision, resource: Decision, sameAccount: Bool) -> Decision {
        let denies = identity.denyingStatements + resource.denyingStatements
        if identity.isExplicitDeny || resource.isExplicitDeny { return .explicitDeny(by: denies) }
        switch (identity, resource) {
        case (.allow(let mine), .allow(let theirs)):
            return .allow(by: mine + theirs)
        case (.allow(let refs), .implicitDeny), (.implicitDeny, .allow(let refs)):
            return sameAccount ? .allow(by: refs) : .implicitDeny
        default:
            return .implicitDeny
        }
    }

    /// Decides `sts:AssumeRole`: the role's trust policy must allow and, unless the caller is an
    /// account root or a cloud service, so must the caller's identity policies (reference §3.3;
    /// the exception is divergence POL-019). Explicit deny wins.
    package static func combineForAssumeRole(identity: Decision, trust: Decision, caller: Principal) -> Decision {
        let needsIdentity: Bool
        switch caller {
        case .account, .service: needsIdentity = false
        case .user, .role, .assumedRole: needsIdentity = true
        }
        let identitySide = needsIdentity ? identity : (identity.isExplicitDeny ? identity : .accountRoot)
        if identitySide.isExplicitDeny || trust.isExplicitDeny {
            return .explicitDeny(by: identitySide.denyingStatements + trust.denyingStatements)
        }
        guard case .allow(let mine) = identitySide, case .allow(let theirs) = trust else { return .implicitDeny }
        return .allow(by: mine + theirs)
    }

    /// The statements of an explicit deny, else none.
    private var denyingStatements: [StatementReference] {
        if case .explicitDeny(let refs) = self { refs } else { [] }
    }
}
