/// What keyshare's journal says about verified grants, handed to the audit by the command line
/// (the Audit layer never reads the journal itself).
package enum VerificationRecord: Sendable, Hashable {
    /// A journal was read: these (key, account) pairs were verified by a succeeded step.
    case checked(source: String, verified: Set<VerifiedGrant>)
    /// No journal could be read; `reason` says why, so no grant is called verified or unverified.
    case notChecked(reason: String)

    /// Whether `account` was verified with key `keyID`; nil when no journal was read.
    package func isVerified(key keyID: String, account: String) -> Bool? {
        guard case .checked(_, let verified) = self else { return nil }
        return verified.contains(VerifiedGrant(keyID: keyID, account: account))
    }
}

/// One verification keyshare recorded: an encrypted disk made with the key in the account.
package struct VerifiedGrant: Sendable, Hashable {
    /// The key's ID (`key-…`).
    package var keyID: String
    /// The account's UID.
    package var account: String

    /// Creates a fact.
    package init(keyID: String, account: String) {
        self.keyID = keyID
        self.account = account
    }
}
