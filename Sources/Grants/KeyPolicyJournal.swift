/// What the key-policy writers did for each account, confirmed by a read-back: the grant and revoke
/// changes and the notes (a concurrent writer merged again). The runner takes an account's entries
/// when its target finishes: notes go to the target's log, and a target that failed after its
/// grant still reports the grant.
package actor KeyPolicyJournal {
    /// One account's entries.
    package struct Entries: Sendable, Hashable {
        /// Changes as the plugins word them (`granted key use to <arn>`).
        package var changes: [String] = []
        /// Lines for the target's log.
        package var notes: [String] = []
    }

    private var entries: [String: Entries] = [:]

    /// Creates an empty journal.
    package init() {}

    /// Records a confirmed grant or revoke of `principals` on `keyID`, and the writer's notes,
    /// under the account each principal names.
    package func record(keyID: String, revoke: Bool, principals: [String], notes: [String], requested: [String]) {
        for principal in principals {
            guard let account = KeyPolicyDocument.account(of: principal) else { continue }
            entries[account, default: Entries()].changes.append(
                revoke ? "revoked use of \(keyID) by \(principal)" : "granted key use to \(principal)")
        }
        let accounts = Set(requested.compactMap(KeyPolicyDocument.account(of:)))
        for account in accounts.sorted() { entries[account, default: Entries()].notes += notes }
    }

    /// Removes and returns the entries of `account`.
    package func take(_ account: String) -> Entries {
        entries.removeValue(forKey: account) ?? Entries()
    }
}
