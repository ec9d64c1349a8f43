// The terminal form of an audit: a header, the findings table (most severe first), then per key
// the principals beyond its owner, then the instances' quotas.
extension AuditReport {
    /// The report for a terminal, columns aligned, ending in a newline.
    package var text: String {
        var lines = [
            "audit      as account \(caller) in \(regions.joined(separator: ", ")); \(accounts.count) account(s), "
                + "\(keys.count) key(s), \(instances.count) KMS instance(s)",
            "zone       \(directoryText)",
            "journal    \(verificationText)",
            "findings   " + AuditSeverity.allCases.map { "\(counts[$0.rawValue] ?? 0) \($0.rawValue)" }.joined(separator: ", "),
            "",
        ]
        if findings.isEmpty {
            lines.append("no findings")
        } else {
            lines += TerminalText.table(
                [["SEVERITY", "KIND", "FINDING"]]
                    + findings.map { [$0.severity.rawValue, $0.kind.rawValue, $0.message] })
        }
        lines.append("")
        lines += keyLines
        if !instances.isEmpty {
            lines.append("")
            lines += TerminalText.table(
                [["INSTANCE", "ACCOUNT", "REGION", "ACCESS-MANAGEMENT QUOTA"]]
                    + instances.map { instance in
                        [
                            instance.id, instance.account, instance.region,
                            instance.accessQuota.map { "\($0.used) of \($0.total) used (\($0.percent) %), \($0.left) left" }
                                ?? "unknown: \(instance.reason ?? "not reported")",
                        ]
                    })
        }
        return lines.map(TerminalText.safe).joined(separator: "\n") + "\n"
    }

    private var directoryText: String {
        switch resourceDirectory.status {
        case "present": "Resource Directory with \(resourceDirectory.accounts ?? 0) account(s)"
        case "absent": "no Resource Directory: account \(caller) alone"
        default: "unknown: \(resourceDirectory.reason ?? "the Resource Directory could not be read")"
        }
    }

    private var verificationText: String {
        if verification.status == "checked" { return "\(verification.journal ?? "") (verification checked)" }
        return "not checked: \(verification.reason ?? "no journal")"
    }

    /// One table of keys, each followed by its external principals, indented.
    private var keyLines: [String] {
        guard !keys.isEmpty else { return ["no keys"] }
        var rows: [[String]] = [["KEY", "OWNER", "REGION", "STATE", "POLICY SIZE", "GRANTED ACCOUNTS"]]
        for key in keys {
            let name = key.id + (key.aliases.isEmpty ? "" : " (\(key.aliases.joined(separator: ", ")))")
            let size = key.policySize.map { "\($0.used) B (\($0.percent) %)" } ?? "-"
            rows.append([name, key.owner, key.region, key.state ?? "unknown", size, grantSummary(key)])
        }
        var lines = TerminalText.table(rows)
        // Principals under each key row: insert after the key's line (offset by the header).
        var result = [lines.removeFirst()]
        for (key, line) in zip(keys, lines) {
            result.append(line)
            if let note = key.note { result.append("    note: \(note)") }
            result += TerminalText.table(
                key.externalPrincipals.map { principal in
                    [principal.principal, principal.effect, principal.statement, principalFacts(principal)]
                }, indent: "    ")
        }
        return result
    }

    private func grantSummary(_ key: AuditedKey) -> String {
        guard !key.grants.isEmpty else { return "none" }
        let tally = Dictionary(grouping: key.grants, by: \.state).sorted { $0.key.rank < $1.key.rank }
            .map { "\($0.value.count) \($0.key.rawValue)" }
        return "\(key.grants.count): " + tally.joined(separator: ", ")
    }

    private func principalFacts(_ principal: ExternalPrincipal) -> String {
        var facts: [String] = [principal.reach.rawValue]
        switch principal.inResourceDirectory {
        case true?: facts.append("in the Resource Directory")
        case false?: facts.append("OUTSIDE the Resource Directory")
        case nil: break
        }
        if let role = principal.role { facts.append("role " + role + (principal.roleReason.map { " (\($0))" } ?? "")) }
        if principal.conditional { facts.append("conditional") }
        return facts.joined(separator: ", ")
    }
}
