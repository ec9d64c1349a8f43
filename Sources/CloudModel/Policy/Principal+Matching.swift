extension Principal {
    /// Whether a `Principal` entry of a `kind` policy names this identity.
    ///
    /// `resourceAccount` is the account owning the role or key the policy protects; a plain
    /// `Service` entry (`ecs.aliyuncs.com`) means that service acting for this account only.
    /// Role and user names compare case-insensitively (divergence POL-017).
    package func matches(_ pattern: PrincipalPattern, resourceAccount: AccountID?, kind: PolicyKind) -> Bool {
        matches(pattern, resourceOwner: resourceAccount?.rawValue, kind: kind)
    }

    /// ``matches(_:resourceAccount:kind:)`` with the owner as UID text, so evaluation need not
    /// build an ``AccountID`` per request.
    func matches(_ pattern: PrincipalPattern, resourceOwner: String?, kind: PolicyKind) -> Bool {
        switch pattern {
        case .anyIdentity(let account):
            return isRAMIdentity(of: account)
        case .accountRoot(let account):
            // Trust policies: any RAM identity of the account (reference §3.3, [D]); key policies:
            // the root identity only (divergence POL-015).
            if kind == .trust { return isRAMIdentity(of: account) }
            return self == .account(account)
        case .user(let account, let name):
            guard case .user(let own, let ownName) = self else { return false }
            return own == account && ownName.equalsIgnoringCase(name)
        case .role(let account, let name):
            switch self {
            case .role(let own, let ownName), .assumedRole(let own, let ownName, _):
                return own == account && ownName.equalsIgnoringCase(name)
            default:
                return false
            }
        case .service(let name, let onBehalfOf):
            guard case .service(let ownName, let ownAccount?) = self,
                ownName.equalsIgnoringCase(name)
            else { return false }
            if let onBehalfOf { return ownAccount == onBehalfOf }
            return resourceOwner.map { ownAccount.rawValue == $0 } ?? false
        case .federated:
            return false
        }
    }

    /// The account root, its users, roles and role sessions — not services acting for it.
    private func isRAMIdentity(of account: AccountID) -> Bool {
        switch self {
        case .account(let own), .user(let own, _), .role(let own, _), .assumedRole(let own, _, _): own == account
        case .service: false
        }
    }
}
