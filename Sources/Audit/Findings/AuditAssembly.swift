import CloudModel

/// Turns what the audit read into the report: per key its external principals and matrix row,
/// per instance its quota, and the findings. Pure, so the rules are testable on any reading.
struct AuditAssembly {
    /// The account the audit ran as.
    var caller: AccountID
    /// The regions read.
    var regions: [RegionID]
    /// The zone of trust.
    var directory: DirectoryView
    /// Every account and region read.
    var scans: [AccountScan]
    /// Every role an Allow names, and whether it exists.
    var roles: [RoleReference: RoleStanding]
    /// What the journal says about verification.
    var verification: VerificationRecord

    /// The 32,768-byte limit of a key policy.
    static let policyLimit = 32_768

    /// The report, findings sorted most severe first.
    func report() -> AuditReport {
        var findings: [AuditFinding] = []
        if case .unreadable(let reason) = directory {
            findings.append(
                AuditFinding(
                    .medium, .directoryUnreadable,
                    "the Resource Directory could not be read (\(reason)): "
                        + "whether principals are outside the zone of trust is unknown"))
        }
        if case .notChecked(let reason) = verification {
            findings.append(
                AuditFinding(
                    .info, .verificationNotChecked,
                    "whether granted accounts were verified was not checked: \(reason)"))
        }
        var accounts: [AuditedAccount] = []
        for (account, scans) in Dictionary(grouping: scans, by: \.account).sorted(by: { $0.key < $1.key }) {
            let unreadable = scans.sorted { $0.region < $1.region }.compactMap { scan in
                scan.problem.map { "\(scan.region): \($0)" }
            }
            accounts.append(
                AuditedAccount(
                    id: account.rawValue, name: directory.name(of: account),
                    unreadable: unreadable.isEmpty ? nil : unreadable))
        }
        var instances: [AuditedInstance] = []
        var keys: [AuditedKey] = []
        for scan in scans {
            if let problem = scan.problem {
                findings.append(
                    AuditFinding(
                        .medium, .accountUnreadable,
                        "unknown: could not read account \(scan.account) "
                            + "in \(scan.region) (\(problem)); its keys are not audited", account: scan.account.rawValue))
            }
            if let problem = scan.instanceProblem {
                findings.append(
                    AuditFinding(
                        .low, .accessQuotaUnknown,
                        "the KMS instances of account \(scan.account) in "
                            + "\(scan.region) could not be listed (\(problem)): their access-management quota is unknown",
                        account: scan.account.rawValue))
            }
            for instance in scan.instances {
                instances.append(instance)
                if let finding = Self.quotaFinding(instance) { findings.append(finding) }
            }
            for reading in scan.keys {
                keys.append(audited(reading, findings: &findings))
            }
        }
        instances.sort { ($0.account, $0.region, $0.id) < ($1.account, $1.region, $1.id) }
        keys.sort { ($0.owner, $0.region, $0.id) < ($1.owner, $1.region, $1.id) }
        findings.sort(by: AuditFinding.ordered)
        var counts = Dictionary(uniqueKeysWithValues: AuditSeverity.allCases.map { ($0.rawValue, 0) })
        for finding in findings { counts[finding.severity.rawValue, default: 0] += 1 }
        return AuditReport(
            caller: caller.rawValue, regions: regions.map(\.rawValue), resourceDirectory: directory.facts,
            accounts: accounts, verification: verificationFacts, instances: instances, keys: keys,
            findings: findings, counts: counts)
    }

    private var verificationFacts: VerificationFacts {
        switch verification {
        case .checked(let source, _): VerificationFacts(status: "checked", journal: source)
        case .notChecked(let reason): VerificationFacts(status: "not-checked", reason: reason)
        }
    }

    /// A finding when the access-management quota is 80 % used or more (high when full), or unknown.
    static func quotaFinding(_ instance: AuditedInstance) -> AuditFinding? {
        let place = "KMS instance \(instance.id) (account \(instance.account), \(instance.region))"
        guard let quota = instance.accessQuota else {
            return AuditFinding(
                .low, .accessQuotaUnknown,
                "\(place): access-management quota unknown: \(instance.reason ?? "not reported")",
                account: instance.account, instance: instance.id)
        }
        let use = "\(quota.used) of \(quota.total) used (\(quota.percent) %), \(quota.left) left"
        if quota.used >= quota.total {
            return AuditFinding(
                .high, .accessQuota,
                "\(place): access-management quota full, \(use): sharing a key of it with "
                    + "one more account is refused (Rejected.ShareQuotaExceedLimit)", account: instance.account,
                instance: instance.id)
        }
        guard quota.percent >= 80 else { return nil }
        return AuditFinding(
            .medium, .accessQuota, "\(place): access-management quota \(use)",
            account: instance.account, instance: instance.id)
    }
}
