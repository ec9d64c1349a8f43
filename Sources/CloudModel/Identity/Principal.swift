/// Who makes a call, or who a policy names: the identities Alibaba Cloud authorizes.
package enum Principal: Hashable, Sendable, CustomStringConvertible {
    /// The account itself (root credentials): `acs:ram::<uid>:root`.
    case account(AccountID)
    /// A RAM user: `acs:ram::<uid>:user/<name>`.
    case user(AccountID, name: String)
    /// A RAM role as named in policies: `acs:ram::<uid>:role/<name>`.
    case role(AccountID, name: String)
    /// A session of an assumed role (STS credentials): `acs:ram::<uid>:role/<name>/<session>`.
    case assumedRole(AccountID, roleName: String, sessionName: String)
    /// A cloud service, e.g. `ecs.aliyuncs.com`; with an account it acts for that account
    /// (`<uid>@ecs.aliyuncs.com`, the principal of the encrypted image/snapshot share roles).
    case service(String, onBehalfOf: AccountID?)

    /// The account the identity belongs to (for a service: the account it acts for, if any).
    package var accountID: AccountID? {
        switch self {
        case .account(let id), .user(let id, _), .role(let id, _), .assumedRole(let id, _, _): id
        case .service(_, let id): id
        }
    }

    /// The ARN Alibaba prints for this identity (services print their principal name).
    package var arn: String {
        switch self {
        case .account(let id): "acs:ram::\(id):root"
        case .user(let id, let name): "acs:ram::\(id):user/\(name)"
        case .role(let id, let name): "acs:ram::\(id):role/\(name)"
        case .assumedRole(let id, let role, let session): "acs:ram::\(id):role/\(role)/\(session)"
        case .service(let name, let id): id.map { "\($0)@\(name)" } ?? name
        }
    }

    /// For a session, the role it is a session of; RAM policies attached to that role apply to it.
    package var roleName: String? {
        switch self {
        case .role(_, let name), .assumedRole(_, let name, _): name
        default: nil
        }
    }

    package var description: String { arn }

    /// Parses a RAM ARN (`acs:ram::<uid>:root|user/<n>|role/<n>[/<session>]`) or a service principal
    /// (`ecs.aliyuncs.com`, `<uid>@ecs.aliyuncs.com`).
    package init?(parsing text: String) {
        if !text.hasPrefix("acs:") {
            guard text.hasSuffix(".aliyuncs.com") else { return nil }
            if let at = text.firstIndex(of: "@") {
                guard let id = AccountID(String(text[..<at])) else { return nil }
                self = .service(String(text[text.index(after: at)...]), onBehalfOf: id)
            } else {
                self = .service(text, onBehalfOf: nil)
            }
            return
        }
        guard let name = ResourceName(parsing: text), name.service == "ram", name.region.isEmpty,
            let account = name.accountID
        else { return nil }
        let path = name.resource.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        switch (path.first, path.count) {
        case ("root", 1): self = .account(account)
        case ("user", 2) where !path[1].isEmpty: self = .user(account, name: path[1])
        case ("role", 2) where !path[1].isEmpty: self = .role(account, name: path[1])
        case ("role", 3) where !path[1].isEmpty && !path[2].isEmpty:
            self = .assumedRole(account, roleName: path[1], sessionName: path[2])
        default: return nil
        }
    }
}
