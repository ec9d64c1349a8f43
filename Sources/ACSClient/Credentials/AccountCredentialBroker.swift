import CloudAPI
import CloudModel
import Foundation

/// Chooses the credentials for each account a call acts in.
///
/// Calls in the credentials' own account (learned once with `GetCallerIdentity`) use them as they
/// are; calls in another account assume that member's access role
/// (`acs:ram::<member>:role/ResourceDirectoryAccountAccessRole` by default) with session name
/// `keyshare`. Assumed credentials are cached per account and renewed before they expire, with
/// one `AssumeRole` in flight per account however many calls wait for it.
package struct AccountCredentialBroker: Sendable {
    /// The caller's own credentials.
    package let base: any CredentialProvider
    /// The role assumed in member accounts.
    package let accessRoleName: String
    /// The session name of every assumed member session.
    package let sessionName: String
    /// The requested lifetime of member sessions, in seconds.
    package let durationSeconds: Int
    private let issuer: any SecurityTokenIssuer
    private let memberCredentials: RefreshingCache<AccountID, AccessCredentials>
    private let ownAccount: RefreshingCache<Int, AccountID>
    private let now: @Sendable () -> Date

    /// The Resource Directory's access role, present in every member account.
    package static let defaultAccessRoleName = "ResourceDirectoryAccountAccessRole"

    /// Creates a broker; nothing is fetched until the first call.
    package init(
        base: any CredentialProvider, issuer: any SecurityTokenIssuer,
        accessRoleName: String = defaultAccessRoleName, sessionName: String = "keyshare",
        durationSeconds: Int = 3600, refreshMargin: TimeInterval = 300,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.base = base
        self.issuer = issuer
        self.accessRoleName = accessRoleName
        self.sessionName = sessionName
        self.durationSeconds = durationSeconds
        self.memberCredentials = RefreshingCache(refreshMargin: refreshMargin, now: now)
        self.ownAccount = RefreshingCache(isFresh: { _, _ in true }, now: now)
        self.now = now
    }

    /// The role ARN assumed to act in `account`.
    package func accessRoleARN(in account: AccountID) -> String {
        "acs:ram::\(account):role/\(accessRoleName)"
    }

    /// The credentials to sign a call acting in `account` (nil: the base credentials).
    package func credentials(for account: AccountID?) async throws -> AccessCredentials {
        let baseCredentials = try await base.credentials()
        guard let account, try await ownAccountID(using: baseCredentials) != account else { return baseCredentials }
        let request = AssumeRoleRequest(
            roleARN: accessRoleARN(in: account), roleSessionName: sessionName,
            durationSeconds: durationSeconds)
        let (base, issuer, now, roleName) = (base, issuer, now, accessRoleName)
        return try await memberCredentials.value(for: account) {
            let answer: AssumeRoleResponse
            do {
                answer = try await issuer.assumeRole(request, signedWith: try await base.credentials())
            } catch let error as CloudError {
                throw Self.naming(error, role: roleName, account: account, arn: request.roleARN)
            }
            return AccessCredentials(answer.credentials, requestedSeconds: request.durationSeconds ?? 3600, now: now())
        }
    }

    /// `error` from assuming the access role, its message extended with the role, the account and
    /// the fix: STS words a missing or untrusting role without naming it. Code, status and request
    /// id stay as STS sent them, so callers still branch on the code.
    static func naming(_ error: CloudError, role: String, account: AccountID, arn: String) -> CloudError {
        let fix: String
        switch error.code {
        case "EntityNotExist.Role":
            fix =
                "account \(account) has no role \(role): create it there (Resource Directory members get "
                + "\(defaultAccessRoleName)), or pass --access-role NAME of a role that exists in every member account"
        case let code where code.hasPrefix("NoPermission") || code.hasPrefix("Forbidden") || code == "AccessDenied":
            fix =
                "the credentials may not assume \(role) in account \(account): the role's trust policy must trust "
                + "the credentials' account, and their RAM policies must allow sts:AssumeRole on \(arn)"
        case let code where code.hasPrefix("Throttling") || error.httpStatus >= 500:
            return error
        default:
            fix = "keyshare assumes \(arn) to act in account \(account) (change the role with --access-role)"
        }
        var named = error
        named.message = "\(error.message) (assuming \(arn): \(fix))"
        return named
    }

    /// Drops the cached session of member `account` so the next call assumes the role afresh;
    /// true when there was one (calls in the own account hold no session).
    package func invalidateSession(in account: AccountID) async -> Bool {
        await memberCredentials.invalidate(account)
    }

    /// The account the base credentials belong to, asked of STS once.
    package func ownAccountID() async throws -> AccountID {
        try await ownAccountID(using: base.credentials())
    }

    private func ownAccountID(using credentials: AccessCredentials) async throws -> AccountID {
        let issuer = issuer
        return try await ownAccount.value(for: 0) {
            let identity = try await issuer.callerIdentity(signedWith: credentials)
            guard let account = AccountID(identity.accountID) else {
                throw ClientConfigurationError(
                    input: "the GetCallerIdentity answer", problem: "AccountId '\(identity.accountID)' is not an account UID",
                    fix: "check that --endpoint points at Alibaba Cloud or at keyshare serve")
            }
            return account
        }
    }
}
