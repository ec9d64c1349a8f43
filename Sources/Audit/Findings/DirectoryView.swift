import CloudAPI
import CloudModel

/// The zone of trust: the Resource Directory's accounts as ListAccounts reports them to the caller.
enum DirectoryView: Sendable {
    /// A directory with these accounts (UID → display name), the management account included.
    case present([AccountID: String])
    /// No directory: the caller's account alone is the zone of trust.
    case absent
    /// The directory could not be listed (the caller is a member, or the read failed).
    case unreadable(String)

    /// Lists the directory as `caller` (its management account or a delegated administrator).
    static func read(from cloud: any Cloud, caller: AccountID, region: RegionID) async -> DirectoryView {
        do {
            let accounts = try await allPages { page, size in
                let answer = try await cloud.listAccounts(
                    ListAccountsRequest(pageNumber: page, pageSize: size),
                    context: .root(caller, region: region))
                return (answer.accounts.account, answer.totalCount)
            }
            var members: [AccountID: String] = [:]
            for account in accounts {
                if let id = AccountID(account.accountID) { members[id] = account.displayName }
            }
            return .present(members)
        } catch let error as CloudError where error.code == "EntityNotExists.ResourceDirectory" {
            return .absent
        } catch {
            return .unreadable("ListAccounts as \(caller) failed: \(readFailure(error))")
        }
    }

    /// Whether `account` is inside the zone of trust; nil when that cannot be known.
    func contains(_ account: String, caller: AccountID) -> Bool? {
        switch self {
        case .present(let members): AccountID(account).map { members[$0] != nil } ?? false
        case .absent: account == caller.rawValue
        case .unreadable: nil
        }
    }

    /// The accounts to audit: the directory's, else the caller's alone.
    func accountsToAudit(caller: AccountID) -> [AccountID] {
        guard case .present(let members) = self else { return [caller] }
        return Set(members.keys).union([caller]).sorted()
    }

    /// The facts the report carries.
    var facts: DirectoryFacts {
        switch self {
        case .present(let members): DirectoryFacts(status: "present", accounts: members.count)
        case .absent: DirectoryFacts(status: "absent")
        case .unreadable(let reason): DirectoryFacts(status: "unreadable", reason: reason)
        }
    }

    /// The display name of `account`, when the directory lists it.
    func name(of account: AccountID) -> String? {
        guard case .present(let members) = self else { return nil }
        return members[account]
    }
}
