/// The answer of `keyshare audit`: every key and KMS instance the backend let it read, the
/// principals each key policy grants beyond its owner, and the findings, most severe first. JSON
/// field names are documented in README ("Audit every key's sharing"); optional fields are
/// omitted when absent.
package struct AuditReport: Codable, Sendable, Hashable {
    /// The account the audit ran as (the credentials' or the world's management account).
    package var caller: String
    /// The regions audited.
    package var regions: [String]
    /// The zone of trust.
    package var resourceDirectory: DirectoryFacts
    /// The accounts audited, by UID.
    package var accounts: [AuditedAccount]
    /// Whether verification could be checked, and from where.
    package var verification: VerificationFacts
    /// KMS instances and their access-management quota.
    package var instances: [AuditedInstance]
    /// Every key read, by owner, region and ID.
    package var keys: [AuditedKey]
    /// What needs attention, most severe first.
    package var findings: [AuditFinding]
    /// How many findings of each severity (`high`, `medium`, `low`, `info`; zeros included).
    package var counts: [String: Int]

    /// Whether a finding is at `threshold` or above.
    package func hasFinding(atLeast threshold: AuditSeverity) -> Bool {
        findings.contains { $0.severity.isAtLeast(threshold) }
    }
}

/// The Resource Directory as the audit saw it.
package struct DirectoryFacts: Codable, Sendable, Hashable {
    /// `present`, `absent` (the caller's account alone is the zone of trust) or `unreadable`.
    package var status: String
    /// Why it could not be read, for `unreadable`.
    package var reason: String?
    /// How many accounts it holds, for `present`.
    package var accounts: Int?
}

/// One account the audit read.
package struct AuditedAccount: Codable, Sendable, Hashable {
    /// The UID.
    package var id: String
    /// Its display name in the Resource Directory, when listed there.
    package var name: String?
    /// Regions whose keys could not be listed, with the reason, as `region: reason`.
    package var unreadable: [String]?
}

/// Where verification facts came from.
package struct VerificationFacts: Codable, Sendable, Hashable {
    /// `checked` (a journal was read) or `not-checked`.
    package var status: String
    /// The journal read, for `checked`.
    package var journal: String?
    /// Why nothing was checked, for `not-checked`.
    package var reason: String?
}

/// A KMS instance and its access-management quota (`vpc` of GetKmsInstanceQuotaInfos: bound VPCs
/// plus accounts its keys are shared with).
package struct AuditedInstance: Codable, Sendable, Hashable {
    /// `kst-…`.
    package var id: String
    /// The owner account.
    package var account: String
    /// The region.
    package var region: String
    /// The quota's use, when it could be read.
    package var accessQuota: QuotaUse?
    /// Why the quota could not be read.
    package var reason: String?
}

/// How much of a limit is used.
package struct QuotaUse: Codable, Sendable, Hashable {
    /// Units used.
    package var used: Int
    /// The limit.
    package var total: Int
    /// `total - used`, never below 0.
    package var left: Int
    /// `used / total` in whole percent, rounded down (100 for a zero limit in use).
    package var percent: Int

    /// The use of `used` out of `total`.
    package init(used: Int, total: Int) {
        self.used = used
        self.total = total
        left = max(0, total - used)
        percent = total > 0 ? used * 100 / total : (used > 0 ? 100 : 0)
    }
}

/// One key: what DescribeKey, ListAliases and GetKeyPolicy reported, and who beyond its owner it is
/// granted to.
package struct AuditedKey: Codable, Sendable, Hashable {
    /// The key ID.
    package var id: String
    /// The key ARN.
    package var arn: String
    /// The owner account.
    package var owner: String
    /// The region.
    package var region: String
    /// `Enabled`, `Disabled`, `PendingDeletion`, … (absent when DescribeKey failed).
    package var state: String?
    /// The KMS instance holding it (absent for a default key).
    package var instance: String?
    /// Its aliases.
    package var aliases: [String]
    /// The policy's size against the 32,768-byte limit (absent without a readable policy).
    package var policySize: QuotaUse?
    /// Why there is no policy to audit, or why the key could not be read.
    package var note: String?
    /// Principals of accounts other than the owner (and wildcards) the policy names, allows and
    /// denies alike, each with what the audit found about it.
    package var externalPrincipals: [ExternalPrincipal]
    /// Per account granted (by an Allow), the state of the grant: the row of the keys × accounts matrix.
    package var grants: [AccountGrant]
}

/// A principal of another account (or a wildcard) in a key policy.
package struct ExternalPrincipal: Codable, Sendable, Hashable {
    /// The principal as written.
    package var principal: String
    /// `role`, `user`, `root`, `account-wide`, `wildcard` or `other`.
    package var reach: PrincipalReach
    /// The account it names, if any.
    package var account: String?
    /// `statement "Sid"` or `Statement[i]`.
    package var statement: String
    /// `Allow` or `Deny`.
    package var effect: String
    /// The statement's actions.
    package var actions: [String]
    /// Whether a `Condition` narrows the statement.
    package var conditional: Bool
    /// Whether the account is in the Resource Directory (absent when that is unknown or there is no account).
    package var inResourceDirectory: Bool?
    /// For a role: `exists`, `missing` or `unknown`.
    package var role: String?
    /// Why the role's existence is unknown.
    package var roleReason: String?
}

/// One cell of the keys × accounts matrix: an account a key's policy allows.
package struct AccountGrant: Codable, Sendable, Hashable {
    /// The account's UID, or `*` for principals naming no account (a bare wildcard).
    package var account: String
    /// The cell's worst state (see ``GrantState``).
    package var state: GrantState
    /// Every state that applies, worst first.
    package var states: [GrantState]
    /// The principals allowed, as written.
    package var principals: [String]
}

/// The state of an account's grant of a key, worst first.
package enum GrantState: String, Codable, Sendable, Hashable, CaseIterable {
    /// A wildcard, every identity of the account, or its root.
    case wildcard
    /// The account is outside the Resource Directory.
    case outsideDirectory = "outside-resource-directory"
    /// A role the policy names no longer exists.
    case roleMissing = "role-missing"
    /// Whether a role exists could not be read.
    case roleUnknown = "role-unknown"
    /// keyshare's journal records no verification of this grant.
    case notVerified = "granted-not-verified"
    /// Granted; verification was not checked (no journal).
    case granted
    /// Granted and verified by keyshare.
    case verified = "granted-verified"

    /// 0 for the worst.
    var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}
