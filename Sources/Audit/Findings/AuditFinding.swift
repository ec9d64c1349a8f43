/// One thing `keyshare audit` reports, with the subjects it is about (JSON field names in README,
/// "Audit every key's sharing").
package struct AuditFinding: Codable, Sendable, Hashable {
    /// How much it matters.
    package var severity: AuditSeverity
    /// What kind of finding it is (a stable name, e.g. `outside-resource-directory`).
    package var kind: AuditFindingKind
    /// The sentence a person reads.
    package var message: String
    /// The key it is about (its ID), if any.
    package var key: String?
    /// The account it is about (a principal's, an unreadable one's), if any.
    package var account: String?
    /// The KMS instance it is about, if any.
    package var instance: String?
    /// The principal as the key policy writes it, if any.
    package var principal: String?
    /// The key-policy statement (its Sid, else `Statement[i]`), if any.
    package var statement: String?

    /// Creates a finding; the subjects not given stay absent.
    package init(
        _ severity: AuditSeverity, _ kind: AuditFindingKind, _ message: String, key: String? = nil,
        account: String? = nil, instance: String? = nil, principal: String? = nil, statement: String? = nil
    ) {
        self.severity = severity
        self.kind = kind
        self.message = message
        self.key = key
        self.account = account
        self.instance = instance
        self.principal = principal
        self.statement = statement
    }

    /// Severity first, then kind, key, account, principal and message, so every output lists
    /// findings in the same order whatever order the reads finished in.
    package static func ordered(_ lhs: AuditFinding, _ rhs: AuditFinding) -> Bool {
        let left = [lhs.kind.rawValue, lhs.key ?? "", lhs.instance ?? "", lhs.account ?? "", lhs.principal ?? "", lhs.message]
        let right = [rhs.kind.rawValue, rhs.key ?? "", rhs.instance ?? "", rhs.account ?? "", rhs.principal ?? "", rhs.message]
        if lhs.severity.rank != rhs.severity.rank { return lhs.severity.rank < rhs.severity.rank }
        return left.lexicographicallyPrecedes(right)
    }
}

/// The kinds of finding, as spelled in the JSON output.
package enum AuditFindingKind: String, Codable, Sendable, Hashable, CaseIterable {
    /// A key policy allows `*`, `acs:ram::*:…` or a wildcard role or user name.
    case wildcardPrincipal = "wildcard-principal"
    /// A key policy allows every identity (`acs:ram::X:*`) or the root of another account.
    case accountWideGrant = "account-wide-grant"
    /// A key policy allows a principal of an account outside the Resource Directory.
    case outsideResourceDirectory = "outside-resource-directory"
    /// A key policy allows a role that no longer exists in its account.
    case roleMissing = "role-missing"
    /// Whether a named role exists could not be read.
    case roleUnknown = "role-unknown"
    /// An account is granted a key, and keyshare's journal records no verification of it.
    case grantNotVerified = "grant-not-verified"
    /// An instance's access-management quota is 80 % used or more.
    case accessQuota = "access-quota"
    /// An instance's quota could not be read.
    case accessQuotaUnknown = "access-quota-unknown"
    /// A key policy is 80 % of the 32,768-byte limit or more.
    case policySize = "policy-size"
    /// A key (its metadata or policy) could not be read or parsed.
    case keyUnreadable = "key-unreadable"
    /// An account's keys or instances could not be listed in a region.
    case accountUnreadable = "account-unreadable"
    /// The Resource Directory could not be listed, so the zone of trust is unknown.
    case directoryUnreadable = "directory-unreadable"
    /// Verification could not be checked (no journal).
    case verificationNotChecked = "verification-not-checked"
}
