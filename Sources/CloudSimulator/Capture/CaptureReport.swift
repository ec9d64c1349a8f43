import CloudModel

/// What a capture could not carry into the world, counted per kind: written as the world file's
/// comment header and printed on standard error, one line per kind, so nothing is dropped silently.
package struct CaptureReport: Sendable, Equatable {
    /// A member account whose reads failed: the world keeps its directory entry only.
    package struct Skipped: Sendable, Equatable {
        /// The account.
        package var account: AccountID
        /// Its display name in the directory.
        package var name: String
        /// The read that failed.
        package var failure: CaptureFailure

        package static func == (lhs: Skipped, rhs: Skipped) -> Bool {
            lhs.account == rhs.account && lhs.failure.summary == rhs.failure.summary
        }
    }

    /// Accounts whose reads failed.
    package var skipped: [Skipped] = []
    /// Listings stopped at the page cap (`ListRoles in account …`).
    package var truncated: [String] = []
    /// Why the directory could not be listed, when the credentials may not (a member's credentials).
    package var directoryRefused: String?
    /// System policy name → attachments left out because the simulator does not know the policy.
    package var unknownSystemPolicies: [String: Int] = [:]
    /// Custom policies whose default version is not v1 (only that version can be read; earlier ones are not held).
    package var laterPolicyVersions = 0
    /// Aliases left out: `alias/acs/…` aliases belong to services, and aliases of keys left out.
    package var aliasesLeftOut = 0
    /// Keys whose usage, origin, protection level, rotation or deletion protection the twin does not keep.
    package var keySettingsLost = 0
    /// Keys, roles and policies left out, each `id (reason)`.
    package var leftOut: [String] = []
    /// Roles made up because a key policy names them and they could not be read.
    package var placeholderRoles = 0
    /// Users made up because a key policy names them (RAM users cannot be listed).
    package var placeholderUsers = 0
    /// Accounts made up because a key policy names their roles or users and they are outside the capture.
    package var placeholderAccounts = 0
    /// Instances whose used access-management quota beyond their keys' policies is held as `bound_vpcs`.
    package var inferredBoundVPCs = 0
    /// Regions whose zones could not be read (the twin uses its default zones there).
    package var zonesUnread: [String] = []
    /// Accounts renamed because their display name repeats another's (world names are unique).
    package var renamedAccounts = 0
    /// ECS disks, snapshots, images and resource shares found, which the twin starts without.
    package var uncaptured = UncapturedResources()
    /// The simulated access key the twin gives the credentials' account.
    package var accessKeyID = ""

    /// Whether something that exists was not read: skipped accounts, truncated listings, a directory
    /// the credentials may not list. Things the world format cannot hold do not make a capture partial.
    package var isPartial: Bool { !skipped.isEmpty || !truncated.isEmpty || directoryRefused != nil }

    /// Merges an account's notes.
    mutating func merge(_ other: CaptureReport) {
        truncated += other.truncated
        for (name, count) in other.unknownSystemPolicies { unknownSystemPolicies[name, default: 0] += count }
        laterPolicyVersions += other.laterPolicyVersions
        aliasesLeftOut += other.aliasesLeftOut
        keySettingsLost += other.keySettingsLost
        leftOut += other.leftOut
        placeholderRoles += other.placeholderRoles
        inferredBoundVPCs += other.inferredBoundVPCs
        uncaptured.add(other.uncaptured)
    }

    /// One line per kind, in a fixed order: never-read kinds first, then counted ones (only when
    /// non-zero), then skipped accounts. Deterministic, so a capture of the same cloud is the same file.
    package var lines: [String] {
        var lines: [String] = []
        if let directoryRefused {
            lines.append(
                "directory: not listed (\(directoryRefused)); only the credentials' account was read, capture "
                    + "with the management account's credentials for the whole organisation")
        }
        lines.append(resourcesLine)
        lines.append(
            "never read: RAM users (no ListUsers call), custom policies attached to no role (no ListPolicies "
                + "call), key tags, access keys and secrets")
        lines.append("access keys: 1 simulated key for the credentials' account (\(accessKeyID)), none from the source")
        lines.append("not kept: creation dates, key creators, role ids and key versions (the twin makes its own)")
        if laterPolicyVersions > 0 {
            lines.append(
                "policy versions: \(laterPolicyVersions) custom \(plural(laterPolicyVersions, "policy", "policies")) "
                    + "past v1; only the default version can be read (kept with its id), earlier versions are missing")
        }
        if aliasesLeftOut > 0 {
            lines.append("aliases: \(aliasesLeftOut) left out (service aliases alias/acs/…, or of keys left out)")
        }
        if keySettingsLost > 0 {
            lines.append(
                "key settings: \(keySettingsLost) \(plural(keySettingsLost, "key", "keys")) whose usage, origin, "
                    + "protection level, automatic rotation or deletion protection the twin does not keep")
        }
        if !unknownSystemPolicies.isEmpty {
            let count = unknownSystemPolicies.values.reduce(0, +)
            lines.append(
                "system policies: \(count) \(plural(count, "attachment", "attachments")) left out, unknown to the "
                    + "simulator (\(unknownSystemPolicies.keys.sorted().joined(separator: ", ")))")
        }
        if !leftOut.isEmpty {
            lines.append("left out: \(leftOut.count) the simulator cannot load: " + Self.listed(leftOut.sorted()))
        }
        if placeholderRoles > 0 {
            lines.append(
                "placeholder roles: \(placeholderRoles) named by key policies but not readable (trusting only "
                    + "their own account, no policies)")
        }
        if placeholderUsers > 0 {
            lines.append("placeholder users: \(placeholderUsers) named by key policies (users cannot be listed; no policies)")
        }
        if placeholderAccounts > 0 {
            lines.append(
                "placeholder accounts: \(placeholderAccounts) outside the capture whose roles or users key "
                    + "policies name (outside the directory in the twin)")
        }
        if inferredBoundVPCs > 0 {
            lines.append(
                "bound VPCs: \(inferredBoundVPCs) \(plural(inferredBoundVPCs, "instance", "instances")) use more "
                    + "access-management quota than their bound VPCs and key policies explain; the twin counts the rest as bound VPCs"
            )
        }
        if renamedAccounts > 0 {
            lines.append("account names: \(renamedAccounts) renamed to <name>-<uid> (their display name repeats another's)")
        }
        if !zonesUnread.isEmpty {
            lines.append(
                "zones: not read in \(zonesUnread.sorted().joined(separator: ", ")); the twin uses its default zones there")
        }
        for listing in truncated.sorted() {
            lines.append("truncated: \(listing) stopped after the page cap; later entries are missing")
        }
        for entry in skipped.sorted(by: { $0.account.rawValue < $1.account.rawValue }) {
            lines.append(
                "skipped account: \(entry.account) (\(entry.name)): \(entry.failure.summary); its roles, "
                    + "policies and keys are missing (the twin gives a member the default access role)")
        }
        return lines
    }

    /// The ECS and Resource Sharing line: what was found, which the twin starts without.
    private var resourcesLine: String {
        var line =
            uncaptured.isEmpty
            ? "ECS and shares: no disks, snapshots, own images or resource shares found (the twin starts with none)"
            : "ECS and shares: \(count(uncaptured.disks, "disk", "disks")), \(count(uncaptured.snapshots, "snapshot", "snapshots")), "
                + "\(count(uncaptured.images, "own image", "own images")) and "
                + "\(count(uncaptured.resourceShares, "resource share", "resource shares")) not captured (the twin starts with none)"
        if !uncaptured.uncounted.isEmpty {
            let accounts = uncaptured.uncounted.map(\.rawValue).sorted()
            line +=
                "; not countable in \(accounts.count) \(plural(accounts.count, "account", "accounts")) ("
                + Self.listed(accounts) + ")"
        }
        return line
    }

    /// At most five entries, then how many more.
    private static func listed(_ items: [String]) -> String {
        let shown = items.prefix(5).joined(separator: "; ")
        return items.count > 5 ? shown + "; and \(items.count - 5) more" : shown
    }

    private func plural(_ count: Int, _ one: String, _ many: String) -> String { count == 1 ? one : many }

    private func count(_ number: Int, _ one: String, _ many: String) -> String { "\(number) \(plural(number, one, many))" }
}
