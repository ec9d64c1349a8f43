/// One principal one key-policy statement names, read leniently from the policy text: forms the
/// simulator refuses but a real key policy may hold (`*`, `acs:ram::*:…`, `NotPrincipal`) are
/// still seen, and reported rather than rejected.
package struct PolicyPrincipalEntry: Codable, Sendable, Hashable {
    /// The principal as written.
    package var principal: String
    /// What it reaches.
    package var reach: PrincipalReach
    /// The account UID it names, when it names one.
    package var account: String?
    /// The role's name, for a role.
    package var role: String?
    /// `statement "Sid"` or `Statement[i]`.
    package var statement: String
    /// The statement's `Sid`, when it has one.
    package var sid: String?
    /// 0-based position in the `Statement` array.
    package var index: Int
    /// `Allow` or `Deny`, as written.
    package var effect: String
    /// The statement's actions (`NotAction` entries prefixed `not `).
    package var actions: [String]
    /// Whether the statement has a `Condition`.
    package var conditional: Bool

    /// Whether the statement grants (an Allow); denies never widen access.
    package var allows: Bool { effect.lowercased() == "allow" }
}

/// How far a key-policy principal reaches.
package enum PrincipalReach: String, Codable, Sendable, Hashable {
    /// `acs:ram::<uid>:role/<name>`: one role and its sessions.
    case role
    /// `acs:ram::<uid>:user/<name>`.
    case user
    /// `acs:ram::<uid>:root`: the account's root identity.
    case root
    /// `acs:ram::<uid>:*`: every identity of the account.
    case accountWide = "account-wide"
    /// `*`, `acs:ram::*:…`, a wildcard name, or everyone but a `NotPrincipal`.
    case wildcard
    /// Any other form (a service, a federated provider, text keyshare does not recognise).
    case other

    /// Classifies one principal as written: the account it names and, for a role, its name.
    package static func classify(_ text: String) -> (reach: PrincipalReach, account: String?, role: String?) {
        let wild: (Character) -> Bool = { $0 == "*" || $0 == "?" }
        if text == "*" { return (.wildcard, nil, nil) }
        let prefix = "acs:ram::"
        guard text.lowercased().hasPrefix(prefix) else { return (text.contains(where: wild) ? .wildcard : .other, nil, nil) }
        let rest = text.dropFirst(prefix.count)
        guard let colon = rest.firstIndex(of: ":") else { return (.other, nil, nil) }
        let account = String(rest[..<colon])
        let tail = String(rest[rest.index(after: colon)...])
        if account.isEmpty || account.contains(where: wild) { return (.wildcard, nil, nil) }
        guard account.allSatisfy(\.isNumber) else { return (.other, nil, nil) }
        if tail == "*" { return (.accountWide, account, nil) }
        if tail == "root" { return (.root, account, nil) }
        if tail.contains(where: wild) { return (.wildcard, account, nil) }
        if tail.hasPrefix("role/"), let name = tail.dropFirst(5).split(separator: "/").first {
            return (.role, account, String(name))
        }
        if tail.hasPrefix("user/"), tail.count > 5 { return (.user, account, nil) }
        return (.other, account, nil)
    }
}
