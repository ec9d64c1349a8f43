import Synchronization

/// The `Principal` element of a trust or key policy: who the statement is about.
package struct PolicyPrincipal: Hashable, Sendable {
    /// Every entry, from the `RAM`, `Service` and `Federated` keys in that order.
    package var entries: [PrincipalPattern] {
        didSet { index = IndexBox(entries) }
    }
    /// The entries by the identity they can match, for a long list (a shared key's policy names
    /// about 490 roles, and every encrypted disk, image or snapshot checks its principal against
    /// it): built at the first check, since most policies a rollout writes are replaced unchecked.
    private var index: IndexBox?

    /// Wraps already-validated entries.
    package init(_ entries: [PrincipalPattern]) {
        self.entries = entries
        index = IndexBox(entries)
    }

    /// The entries that can match `principal`, a subset of ``entries`` holding every one that does
    /// (see ``Principal/matches(_:resourceAccount:kind:)``): a RAM identity is matched only by
    /// `RAM` entries naming its account, a service only by `Service` entries.
    package func candidates(for principal: Principal) -> [PrincipalPattern] {
        guard let index = index?.value else { return entries }
        if case .service = principal { return index.services }
        return principal.accountID.flatMap { index.identities[$0] } ?? []
    }

    package static func == (lhs: Self, rhs: Self) -> Bool { lhs.entries == rhs.entries }

    package func hash(into hasher: inout Hasher) { hasher.combine(entries) }

    /// Entries grouped by what they can match.
    fileprivate struct Index: Sendable {
        var identities: [AccountID: [PrincipalPattern]] = [:]
        var services: [PrincipalPattern] = []

        init(_ entries: [PrincipalPattern]) {
            identities.reserveCapacity(entries.count)
            for entry in entries {
                switch entry {
                case .anyIdentity(let account), .accountRoot(let account), .user(let account, _), .role(let account, _):
                    identities[account, default: []].append(entry)
                case .service:
                    services.append(entry)
                case .federated:
                    continue
                }
            }
        }
    }

    /// The index of a list long enough to need one (shorter lists are scanned), built once by
    /// whichever check needs it first (checks run on any thread).
    private final class IndexBox: Sendable {
        private let entries: [PrincipalPattern]
        private let built = Mutex<Index?>(nil)

        init?(_ entries: [PrincipalPattern]) {
            guard entries.count >= 32 else { return nil }
            self.entries = entries
        }

        var value: Index {
            built.withLock { index in
                if let index { return index }
                let made = Index(entries)
                index = made
                return made
            }
        }
    }
}

/// One validated entry of a `Principal` element.
package enum PrincipalPattern: Hashable, Sendable, CustomStringConvertible {
    /// `acs:ram::<uid>:*` (key policies): every RAM identity of the account, root included.
    case anyIdentity(of: AccountID)
    /// `acs:ram::<uid>:root`: see ``Principal/matches(_:resourceAccount:kind:)`` for the meaning,
    /// which differs between trust and key policies.
    case accountRoot(AccountID)
    /// `acs:ram::<uid>:user/<name>`.
    case user(AccountID, name: String)
    /// `acs:ram::<uid>:role/<name>`: the role and its sessions.
    case role(AccountID, name: String)
    /// `Service`: `<name>` (acting for the resource's own account) or `<uid>@<name>`.
    case service(String, onBehalfOf: AccountID?)
    /// `Federated`: `acs:ram::<uid>:saml-provider/<idp>` or `oidc-provider/<idp>`; never matches a
    /// ``Principal`` because keyshare models no federated sign-in.
    case federated(String)

    package var description: String {
        switch self {
        case .anyIdentity(let id): "acs:ram::\(id):*"
        case .accountRoot(let id): "acs:ram::\(id):root"
        case .user(let id, let name): "acs:ram::\(id):user/\(name)"
        case .role(let id, let name): "acs:ram::\(id):role/\(name)"
        case .service(let name, let id): id.map { "\($0)@\(name)" } ?? name
        case .federated(let text): text
        }
    }

    /// Parses a `RAM` entry; `allowAnyIdentity` admits the `acs:ram::<uid>:*` form (key policies).
    init?(ram text: String, allowAnyIdentity: Bool) {
        if let role = Self.role(fastParsing: text) {
            self = role
            return
        }
        if allowAnyIdentity, text.hasPrefix("acs:ram::"), text.hasSuffix(":*") {
            let uid = text.dropFirst("acs:ram::".count).dropLast(2)
            guard let account = AccountID(String(uid)) else { return nil }
            self = .anyIdentity(of: account)
            return
        }
        switch Principal(parsing: text) {
        case .account(let id): self = .accountRoot(id)
        case .user(let id, let name): self = .user(id, name: name)
        case .role(let id, let name): self = .role(id, name: name)
        default: return nil
        }
    }

    /// `acs:ram::<uid>:role/<name>` (name without `/`) in one pass over the bytes — the form of
    /// nearly every principal of a shared key's policy; anything else goes the general way.
    private static func role(fastParsing text: String) -> PrincipalPattern? {
        let bytes = text.utf8
        let prefix = "acs:ram::".utf8
        guard bytes.starts(with: prefix) else { return nil }
        var index = bytes.index(bytes.startIndex, offsetBy: prefix.count)
        let uidStart = index
        while index != bytes.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
            bytes.formIndex(after: &index)
        }
        let role = ":role/".utf8
        guard let account = AccountID(String(text[uidStart..<index])),
            bytes[index...].starts(with: role)
        else { return nil }
        let nameStart = bytes.index(index, offsetBy: role.count)
        guard nameStart != bytes.endIndex, !bytes[nameStart...].contains(UInt8(ascii: "/")) else { return nil }
        return .role(account, name: String(text[nameStart...]))
    }

    /// Parses a `Service` entry: `<name>.aliyuncs.com` or `<uid>@<name>.aliyuncs.com`, where the
    /// name is lower-case letters, digits, dots and hyphens.
    init?(service text: String) {
        guard case .service(let name, let id)? = Principal(parsing: text) else { return nil }
        let label = name.dropLast(".aliyuncs.com".count)
        guard !label.isEmpty, label.first != ".", label.first != "-",
            label.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "." || $0 == "-" })
        else { return nil }
        self = .service(name, onBehalfOf: id)
    }

    /// Parses a `Federated` entry naming a SAML or OIDC identity provider.
    init?(federated text: String) {
        guard let name = ResourceName(parsing: text), name.service == "ram", name.region.isEmpty,
            name.accountID != nil
        else { return nil }
        for prefix in ["saml-provider/", "oidc-provider/"] where name.resource.hasPrefix(prefix) {
            let provider = name.resource.dropFirst(prefix.count)
            guard !provider.isEmpty, !provider.contains("/") else { return nil }
            self = .federated(text)
            return
        }
        return nil
    }
}
