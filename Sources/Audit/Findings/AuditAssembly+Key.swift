import CloudModel

// One key's part of the report: its policy's size, the principals beyond its owner with what is
// known of each, its row of the matrix, and the findings about them.
extension AuditAssembly {
    /// The key as reported; its findings are appended to `findings`.
    func audited(_ reading: KeyReading, findings: inout [AuditFinding]) -> AuditedKey {
        let owner = reading.owner.rawValue
        var key = AuditedKey(
            id: reading.id, arn: reading.arn, owner: owner, region: reading.region.rawValue,
            state: reading.state, instance: reading.instance, aliases: reading.aliases, policySize: nil,
            note: reading.note, externalPrincipals: [], grants: [])
        let name = "\(reading.id) (owner \(owner), \(reading.region))"
        if reading.unreadable {
            findings.append(
                AuditFinding(
                    .medium, .keyUnreadable,
                    "\(name) could not be read: \(reading.note ?? "unknown reason"); "
                        + "who may use it is unknown", key: reading.id, account: owner))
        }
        guard let text = reading.policyText else { return key }
        let size = QuotaUse(used: text.utf8.count, total: Self.policyLimit)
        key.policySize = size
        if size.percent >= 80 {
            // Medium even when full: a key pool fills its keys on purpose and grants on to the next one.
            findings.append(
                AuditFinding(
                    .medium, .policySize,
                    "\(name): key policy \(size.used) of \(size.total) bytes (\(size.percent) %), "
                        + "\(size.left) left: a grant that does not fit is refused (a key pool grants on "
                        + "to its next key)", key: reading.id, account: owner))
        }
        let entries: [PolicyPrincipalEntry]
        do {
            entries = try KeyPolicyReader.entries(text)
        } catch {
            key.note = "the key policy could not be read as a policy: \(error.reason)"
            findings.append(
                AuditFinding(
                    .medium, .keyUnreadable,
                    "\(name): the key policy could not be read as a policy "
                        + "(\(error.reason)); who may use it is unknown", key: reading.id, account: owner))
            return key
        }
        let external = entries.filter { $0.account != owner }
        key.externalPrincipals = external.map(principal)
        for (entry, described) in zip(external, key.externalPrincipals) where entry.allows {
            findings += principalFindings(entry, described, key: reading.id, name: name)
        }
        // A role of the owner's own that is gone is a dangling grant too, though not an external one.
        for entry in entries where entry.allows && entry.account == owner {
            findings += roleFindings(entry, key: reading.id, name: name)
        }
        key.grants = grants(external.filter(\.allows), key: reading.id, findings: &findings, name: name)
        return key
    }

    /// What the report says about one external principal.
    private func principal(_ entry: PolicyPrincipalEntry) -> ExternalPrincipal {
        var result = ExternalPrincipal(
            principal: entry.principal, reach: entry.reach, account: entry.account,
            statement: entry.statement, effect: entry.effect, actions: entry.actions,
            conditional: entry.conditional)
        if let account = entry.account { result.inResourceDirectory = directory.contains(account, caller: caller) }
        if entry.allows, let standing = standing(of: entry) {
            result.role = standing.label
            if case .unknown(let reason) = standing { result.roleReason = reason }
        }
        return result
    }

    /// GetRole's answer for a role entry.
    private func standing(of entry: PolicyPrincipalEntry) -> RoleStanding? {
        guard entry.reach == .role, let name = entry.role, let account = entry.account.flatMap(AccountID.init) else { return nil }
        return roles[RoleReference(account: account, name: name)]
    }

    /// The findings about one principal an Allow statement names.
    private func principalFindings(_ entry: PolicyPrincipalEntry, _ described: ExternalPrincipal, key: String, name: String)
        -> [AuditFinding]
    {
        var result: [AuditFinding] = []
        let allows = "\(name): \(entry.statement) allows \(entry.principal) (\(Self.summary(entry.actions)))"
        func add(_ severity: AuditSeverity, _ kind: AuditFindingKind, _ text: String) {
            result.append(
                AuditFinding(
                    severity, kind, text, key: key, account: entry.account, principal: entry.principal,
                    statement: entry.sid ?? "Statement[\(entry.index)]"))
        }
        switch entry.reach {
        case .wildcard:
            let whom = entry.account.map { "every identity of account \($0) whose name matches" } ?? "identities of any account"
            add(.high, .wildcardPrincipal, "\(allows): a wildcard, so \(whom) may use the key")
        case .accountWide:
            add(
                .high, .accountWideGrant,
                "\(allows): every identity of account \(entry.account ?? "?") may use the key, "
                    + "not named roles")
        case .root:
            add(
                .high, .accountWideGrant,
                "\(allows): the root identity of account \(entry.account ?? "?"), which acts for the "
                    + "whole account")
        case .role, .user, .other:
            break
        }
        if described.inResourceDirectory == false, let account = entry.account {
            let zone: String
            if case .absent = directory {
                zone = "there is no Resource Directory, so only account \(caller) is inside the zone of trust"
            } else {
                zone = "account \(account) is outside the Resource Directory (outside the zone of trust)"
            }
            add(.high, .outsideResourceDirectory, "\(allows): \(zone)")
        }
        return result + roleFindings(entry, key: key, name: name)
    }

    /// A finding when the role an Allow names is gone, or cannot be read.
    private func roleFindings(_ entry: PolicyPrincipalEntry, key: String, name: String) -> [AuditFinding] {
        let allows = "\(name): \(entry.statement) allows \(entry.principal) (\(Self.summary(entry.actions)))"
        let (severity, kind, text): (AuditSeverity, AuditFindingKind, String)
        switch standing(of: entry) {
        case .missing?:
            (severity, kind, text) = (
                .medium, .roleMissing,
                "\(allows): account \(entry.account ?? "?") has no role "
                    + "\(entry.role ?? "?") any more (GetRole: EntityNotExist.Role); whoever creates a role of that name there "
                    + "gets the grant"
            )
        case .unknown(let reason)?:
            (severity, kind, text) = (.low, .roleUnknown, "\(allows): whether the role exists is unknown: \(reason)")
        case .exists?, nil:
            return []
        }
        return [
            AuditFinding(
                severity, kind, text, key: key, account: entry.account, principal: entry.principal,
                statement: entry.sid ?? "Statement[\(entry.index)]")
        ]
    }

    /// The key's row of the matrix: one cell per account its Allow statements name (`*` for none).
    private func grants(_ allowed: [PolicyPrincipalEntry], key: String, findings: inout [AuditFinding], name: String)
        -> [AccountGrant]
    {
        var cells: [AccountGrant] = []
        for (account, entries) in Dictionary(grouping: allowed, by: { $0.account ?? "*" }).sorted(by: { $0.key < $1.key }) {
            var states = Set<GrantState>()
            if entries.contains(where: { [.wildcard, .accountWide, .root].contains($0.reach) }) { states.insert(.wildcard) }
            if account != "*", directory.contains(account, caller: caller) == false { states.insert(.outsideDirectory) }
            for entry in entries {
                switch standing(of: entry) {
                case .missing?: states.insert(.roleMissing)
                case .unknown?: states.insert(.roleUnknown)
                default: break
                }
            }
            switch account == "*" ? nil : verification.isVerified(key: key, account: account) {
            case true?:
                states.insert(.verified)
            case false?:
                states.insert(.notVerified)
                let principals = Set(entries.map(\.principal)).sorted()
                findings.append(
                    AuditFinding(
                        .low, .grantNotVerified,
                        "\(name) is granted to account \(account) "
                            + "(\(principals.joined(separator: ", "))), and keyshare's journal records no verification of it "
                            + "(an encrypted disk made with the key there)", key: key, account: account))
            case nil:
                states.insert(.granted)
            }
            let ordered = states.sorted { $0.rank < $1.rank }
            cells.append(
                AccountGrant(
                    account: account, state: ordered.first ?? .granted, states: ordered,
                    principals: Set(entries.map(\.principal)).sorted()))
        }
        return cells
    }

    /// Up to four actions, then how many more.
    static func summary(_ actions: [String]) -> String {
        guard !actions.isEmpty else { return "no actions" }
        let shown = actions.prefix(4).joined(separator: ", ")
        return actions.count > 4 ? "\(shown) and \(actions.count - 4) more" : shown
    }
}
