import CloudAPI
import CloudModel

/// Whether a role a key policy names still exists, as GetRole in its account answers.
enum RoleStanding: Sendable, Hashable {
    /// GetRole found it.
    case exists
    /// GetRole answered `EntityNotExist.Role`.
    case missing
    /// The account could not be read; the reason says why (never a guess either way).
    case unknown(String)

    /// The report's spelling: `exists`, `missing` or `unknown`.
    var label: String {
        switch self {
        case .exists: "exists"
        case .missing: "missing"
        case .unknown: "unknown"
        }
    }

    /// Asks GetRole in `account` (as its root; over http, the broker's session there).
    static func read(_ name: String, in account: AccountID, from cloud: any Cloud, region: RegionID) async -> RoleStanding {
        do {
            _ = try await cloud.getRole(GetRoleRequest(roleName: name), context: .root(account, region: region))
            return .exists
        } catch let error as CloudError where error.code == "EntityNotExist.Role" {
            return .missing
        } catch {
            return .unknown("could not read account \(account) (\(readFailure(error)))")
        }
    }
}

/// A role by account and name (names compare case-insensitively, as RAM's do).
struct RoleReference: Sendable, Hashable, Comparable {
    /// The account.
    var account: AccountID
    /// The role's name, lower-cased.
    var name: String

    /// Names `name` in `account`.
    init(account: AccountID, name: String) {
        self.account = account
        self.name = name.lowercased()
    }

    static func < (lhs: RoleReference, rhs: RoleReference) -> Bool {
        (lhs.account.rawValue, lhs.name) < (rhs.account.rawValue, rhs.name)
    }
}
