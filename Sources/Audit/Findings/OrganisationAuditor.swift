import CloudAPI
import CloudModel

/// `keyshare audit` over any backend: reads every KMS instance and key the backend lets it read in
/// the zone of trust's accounts, the roles their policies name, and reports who beyond each key's
/// owner may use it. Only read calls are made (ListAccounts, ListKmsInstances,
/// GetKmsInstanceQuotaInfos, ListKeys, DescribeKey, GetKeyPolicy, ListAliases, and
/// GetCallerIdentity and GetRole in the accounts key policies name).
package struct OrganisationAuditor: Sendable {
    /// The backend read from; never written.
    package var cloud: any Cloud
    /// The account the audit runs as (the credentials' or the world's management account).
    package var caller: AccountID
    /// The regions whose keys are read.
    package var regions: [RegionID]
    /// What keyshare's journal says about verified grants.
    package var verification: VerificationRecord
    /// How many accounts are read at once.
    package var concurrency: Int

    /// Wraps a backend.
    package init(
        cloud: any Cloud, caller: AccountID, regions: [RegionID], verification: VerificationRecord,
        concurrency: Int = 8
    ) {
        self.cloud = cloud
        self.caller = caller
        self.regions = regions
        self.verification = verification
        self.concurrency = concurrency
    }

    /// Reads the organisation and reports on it.
    ///
    /// - Throws: ``AuditReadError`` when not even the caller's own keys could be listed in any region.
    package func audit() async throws(AuditReadError) -> AuditReport {
        let home = regions.first ?? .hangzhou
        let directory = await DirectoryView.read(from: cloud, caller: caller, region: home)
        let pairs = directory.accountsToAudit(caller: caller).flatMap { account in regions.map { (account, $0) } }
        let scanner = AccountScanner(cloud: cloud)
        let scans = await concurrentMap(pairs, limit: concurrency) { pair in await scanner.scan(pair.0, region: pair.1) }
        let own = scans.filter { $0.account == caller }
        if !own.isEmpty, own.allSatisfy({ $0.problem != nil }) {
            throw AuditReadError(
                "not even account \(caller)'s own keys could be listed: "
                    + own.compactMap(\.problem).joined(separator: "; "))
        }
        let roles = await roleStandings(scans.flatMap(\.keys), home: home)
        return AuditAssembly(
            caller: caller, regions: regions, directory: directory, scans: scans, roles: roles,
            verification: verification
        ).report()
    }

    /// GetRole once per role any key's Allow statements name.
    private func roleStandings(_ keys: [KeyReading], home: RegionID) async -> [RoleReference: RoleStanding] {
        var spelled: [RoleReference: String] = [:]
        for key in keys {
            guard let text = key.policyText, let entries = try? KeyPolicyReader.entries(text) else { continue }
            for entry in entries where entry.allows && entry.reach == .role {
                guard let name = entry.role, let account = entry.account.flatMap(AccountID.init) else { continue }
                let reference = RoleReference(account: account, name: name)
                if spelled[reference] == nil { spelled[reference] = name }
            }
        }
        let references = spelled.keys.sorted()
        let names = spelled
        let cloud = self.cloud
        let accounts = Array(Set(references.map(\.account))).sorted()
        let problems = await concurrentMap(accounts, limit: concurrency) { account in
            await RoleStanding.readable(account, from: cloud, region: home)
        }
        let unreadable = Dictionary(
            uniqueKeysWithValues: zip(accounts, problems).compactMap { account, problem in
                problem.map { (account, $0) }
            })
        let answers = await concurrentMap(references, limit: concurrency) { reference in
            if let problem = unreadable[reference.account] { return RoleStanding.unknown(problem) }
            return await RoleStanding.read(names[reference] ?? reference.name, in: reference.account, from: cloud, region: home)
        }
        return Dictionary(uniqueKeysWithValues: zip(references, answers))
    }
}
