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

    /// Whether `account` can be read at all: GetCallerIdentity acting in it must answer as it. Over
    /// http the broker first assumes its access role there, and a failure to do so can carry the
    /// very code a missing role has (`EntityNotExist.Role`, for the access role): without this
    /// check that would read as "the role is gone".
    static func readable(_ account: AccountID, from cloud: any Cloud, region: RegionID) async -> String? {
        do {
            let identity = try await cloud.getCallerIdentity(GetCallerIdentityRequest(), context: .root(account, region: region))
            return identity.accountID == account.rawValue
                ? nil
                : "could not read account \(account) (the backend answered as account \(identity.accountID))"
        } catch {
            return "could not read account \(account) (\(readFailure(error)))"
        }
    }

    /// Asks GetRole in `account` (as its root; over http, the broker's session there), once the
    /// account is known to be readable (see ``readable(_:from:region:)``).
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
