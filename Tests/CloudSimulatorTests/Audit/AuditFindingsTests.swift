import Audit
import CloudAPI
import CloudModel
import CloudSimulator
import Testing

/// `OrganisationAuditor` over seeded worlds with known findings: each row changes one thing of
/// `AuditWorld` and names the findings (kind and severity) and the matrix cell it must produce.
@Suite("audit findings over seeded worlds")
struct AuditFindingsTests {
    /// One world variant and what the audit must say about it.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var world: AuditWorld
        /// Roles deleted (account, name) after seeding, as a grant outlives its role.
        var deletedRoles: [(String, String)] = []
        /// Key policy text served instead of the stored one (a real cloud may hold what the simulator refuses).
        var policyText: String?
        /// Accounts whose RAM cannot be read.
        var unreadable: Set<String> = []
        /// Accounts no call can act in (the access role missing there).
        var unassumable: Set<String> = []
        /// Verified (key, account) pairs; nil: no journal.
        var verified: [String]?
        /// Every finding expected, as `severity kind`, besides verification-not-checked.
        var expected: [String]
        /// The matrix cell of an account, if one is expected: account → state.
        var cells: [String: GrantState] = [:]
        /// Phrases some finding's message must contain.
        var phrases: [String] = []

        var testDescription: String { name }
    }

    static let memberRole = "acs:ram::\(AuditWorld.member1):role/KeyUser"

    static let cases: [Case] = [
        Case(
            name: "a grant to a member's existing role is clean", world: AuditWorld(principals: [memberRole]),
            expected: [], cells: [AuditWorld.member1: .granted]),
        Case(
            name: "a principal outside the Resource Directory is high",
            world: AuditWorld(principals: ["acs:ram::\(AuditWorld.partner):role/Partner"]),
            expected: ["high outside-resource-directory"], cells: [AuditWorld.partner: .outsideDirectory],
            phrases: ["account 3000000000000001 is outside the Resource Directory"]),
        Case(
            name: "every identity of another account is high",
            world: AuditWorld(principals: ["acs:ram::\(AuditWorld.member2):*"]),
            expected: ["high account-wide-grant"], cells: [AuditWorld.member2: .wildcard],
            phrases: ["every identity of account 2000000000000002"]),
        Case(
            name: "another account's root is high", world: AuditWorld(principals: ["acs:ram::\(AuditWorld.member2):root"]),
            expected: ["high account-wide-grant"], cells: [AuditWorld.member2: .wildcard], phrases: ["root identity"]),
        Case(
            name: "an account outside the world and the directory, whole",
            world: AuditWorld(principals: ["acs:ram::9000000000000009:*"]),
            expected: ["high account-wide-grant", "high outside-resource-directory"], cells: ["9000000000000009": .wildcard]),
        Case(
            name: "a role deleted after the grant is medium", world: AuditWorld(principals: [memberRole]),
            deletedRoles: [(AuditWorld.member1, "KeyUser")], expected: ["medium role-missing"],
            cells: [AuditWorld.member1: .roleMissing], phrases: ["has no role KeyUser any more"]),
        Case(
            name: "a role of the owner's own that is gone is a dangling grant too",
            world: AuditWorld(
                principals: [],
                extraStatements: [
                    #"{ Sid: admins, Effect: Allow, Principal: { RAM: [ "acs:ram::1000000000000001:role/KeyAdmin" ] }, Action: [ "kms:*" ], Resource: [ "*" ] }"#
                ]), deletedRoles: [(AuditWorld.owner, "KeyAdmin")], expected: ["medium role-missing"],
            phrases: ["account 1000000000000001 has no role KeyAdmin any more"]),
        Case(
            name: "a role in an account that cannot be read is unknown, never guessed",
            world: AuditWorld(principals: ["acs:ram::\(AuditWorld.member2):role/KeyUser"]), unreadable: [AuditWorld.member2],
            expected: ["low role-unknown"], cells: [AuditWorld.member2: .roleUnknown],
            phrases: ["unknown: could not read account 2000000000000002 (NoPermission"]),
        Case(
            name: "an account the backend cannot act in is unknown, although the failure says EntityNotExist.Role",
            world: AuditWorld(principals: ["acs:ram::\(AuditWorld.partner):role/Partner"]), unassumable: [AuditWorld.partner],
            expected: ["high outside-resource-directory", "low role-unknown"], cells: [AuditWorld.partner: .outsideDirectory],
            phrases: ["unknown: could not read account 3000000000000001 (EntityNotExist.Role"]),
        Case(
            name: "a grant the journal verified", world: AuditWorld(principals: [memberRole]), verified: [AuditWorld.member1],
            expected: [], cells: [AuditWorld.member1: .verified]),
        Case(
            name: "a grant the journal never verified is low",
            world: AuditWorld(principals: [memberRole, "acs:ram::\(AuditWorld.member2):role/KeyUser"]),
            verified: [AuditWorld.member1],
            expected: ["low grant-not-verified"], cells: [AuditWorld.member1: .verified, AuditWorld.member2: .notVerified],
            phrases: ["is granted to account 2000000000000002"]),
        Case(
            name: "an access-management quota 80 % used is medium",
            world: AuditWorld(principals: [memberRole], vpcNum: 5, boundVPCs: 3),
            expected: ["medium access-quota"], phrases: ["4 of 5 used (80 %), 1 left"]),
        Case(
            name: "a full access-management quota is high", world: AuditWorld(principals: [memberRole], vpcNum: 4, boundVPCs: 3),
            expected: ["high access-quota"], phrases: ["quota full, 4 of 4 used (100 %), 0 left"]),
        Case(
            name: "a quota below 80 % is no finding", world: AuditWorld(principals: [memberRole], vpcNum: 5, boundVPCs: 2),
            expected: []),
        Case(
            name: "a key policy 80 % of the limit is medium", world: AuditWorld(principals: [memberRole], padding: 1_500),
            expected: ["medium policy-size"], phrases: ["of 32768 bytes (8"]),
        Case(
            name: "a key policy nearly full is still medium (a key pool fills its keys on purpose)",
            world: AuditWorld(principals: [memberRole], padding: 1_730), expected: ["medium policy-size"],
            phrases: ["of 32768 bytes (9", "a key pool grants on to its next key"]),
        Case(
            name: "a key policy below 80 % is no finding", world: AuditWorld(principals: [memberRole], padding: 1_400),
            expected: []),
        Case(
            name: "without a Resource Directory another account is outside the zone of trust",
            world: AuditWorld(principals: [memberRole], directory: false), expected: ["high outside-resource-directory"],
            cells: [AuditWorld.member1: .outsideDirectory], phrases: ["there is no Resource Directory"]),
        Case(
            name: "a key that denies everyone is reported unreadable, not a crash",
            world: AuditWorld(
                principals: [],
                extraStatements: [
                    #"{ Sid: deny-all, Effect: Deny, Principal: { RAM: [ "acs:ram::1000000000000001:*" ] }, Action: [ "kms:*" ], Resource: [ "*" ] }"#
                ], defaultStatement: false),
            expected: ["medium key-unreadable"], phrases: ["could not be read: DescribeKey failed"]),
        Case(
            name: "a bare wildcard and a wildcard account, as a real key policy may hold",
            world: AuditWorld(principals: [memberRole]),
            policyText:
                #"{"Version":"1","Statement":[{"Sid":"open","Effect":"Allow","Principal":{"RAM":["*","acs:ram::*:role/Any"]},"Action":["kms:Decrypt"],"Resource":["*"]}]}"#,
            expected: ["high wildcard-principal", "high wildcard-principal"], cells: ["*": .wildcard],
            phrases: ["identities of any account may use the key"]),
        Case(
            name: "a wildcard role name of another account", world: AuditWorld(principals: [memberRole]),
            policyText:
                #"{"Version":"1","Statement":[{"Effect":"Allow","Principal":{"RAM":"acs:ram::2000000000000001:role/Key*"},"Action":"kms:*","Resource":"*"}]}"#,
            expected: ["high wildcard-principal"], cells: [AuditWorld.member1: .wildcard], phrases: ["Statement[0] allows"]),
        Case(
            name: "a deny naming another account is listed but grants nothing",
            world: AuditWorld(
                principals: [],
                extraStatements: [
                    #"{ Sid: no-prod-2, Effect: Deny, Principal: { RAM: [ "acs:ram::2000000000000002:*" ] }, Action: [ "kms:Decrypt" ], Resource: [ "*" ] }"#
                ]), expected: []),
        Case(
            name: "a key policy that is not JSON is reported unreadable", world: AuditWorld(principals: [memberRole]),
            policyText: "{not json", expected: ["medium key-unreadable"], phrases: ["could not be read as a policy"]),
    ]

    @Test("each world's findings, severities and matrix cells", arguments: cases)
    func findings(_ row: Case) async throws {
        let cloud = try SimulatedCloud(world: try World.load(yaml: row.world.yaml))
        for (account, role) in row.deletedRoles {
            let context = CallContext.root(try #require(AccountID(account)))
            _ = try await cloud.deleteRole(DeleteRoleRequest(roleName: role), context: context)
        }
        var probe = AuditProbeCloud(inner: cloud)
        probe.unreadableAccounts = row.unreadable
        probe.unassumableAccounts = row.unassumable
        if let text = row.policyText { probe.policies[AuditWorld.keyID] = text }
        let verification: VerificationRecord =
            row.verified.map { accounts in
                .checked(
                    source: "journal.sqlite", verified: Set(accounts.map { VerifiedGrant(keyID: AuditWorld.keyID, account: $0) }))
            } ?? .notChecked(reason: "no journal")
        let auditor = OrganisationAuditor(
            cloud: probe, caller: try #require(AccountID(AuditWorld.owner)), regions: [.hangzhou],
            verification: verification)
        let report = try await auditor.audit()

        let found = report.findings.filter { $0.kind != .verificationNotChecked }.map {
            "\($0.severity.rawValue) \($0.kind.rawValue)"
        }
        #expect(found.sorted() == row.expected.sorted(), "\(row.name): \(report.findings.map(\.message))")
        #expect(report.findings.contains { $0.kind == .verificationNotChecked } == (row.verified == nil))
        let ranks = report.findings.map(\.severity.rank)
        #expect(ranks == ranks.sorted(), "findings are sorted by severity")
        for phrase in row.phrases {
            #expect(
                report.findings.contains { $0.message.contains(phrase) },
                "\(row.name): no finding says \(phrase): \(report.findings.map(\.message))")
        }
        let key = try #require(report.keys.first { $0.id == AuditWorld.keyID })
        for (account, state) in row.cells {
            #expect(key.grants.first { $0.account == account }?.state == state, "\(row.name): cells \(key.grants)")
        }
        let writes = await probe.log.actions.filter(CloudOperations.isMutating(action:))
        #expect(writes.isEmpty, "the audit changed the cloud: \(writes)")
    }

    @Test("each key is reported with its aliases, instance, policy size and external principals")
    func keyFacts() async throws {
        let world = AuditWorld(principals: [Self.memberRole, "acs:ram::\(AuditWorld.partner):role/Partner"])
        let cloud = try SimulatedCloud(world: try World.load(yaml: world.yaml))
        let report = try await OrganisationAuditor(
            cloud: cloud, caller: try #require(AccountID(AuditWorld.owner)),
            regions: [.hangzhou], verification: .notChecked(reason: "none")
        ).audit()
        let key = try #require(report.keys.first)
        #expect(key.aliases == ["alias/shared-disk-key"])
        #expect(key.instance == AuditWorld.instanceID)
        #expect(key.state == "Enabled")
        #expect((key.policySize?.used ?? 0) > 100 && key.policySize?.total == 32_768)
        #expect(key.externalPrincipals.map(\.principal) == [Self.memberRole, "acs:ram::\(AuditWorld.partner):role/Partner"])
        #expect(key.externalPrincipals.map(\.inResourceDirectory) == [true, false])
        #expect(key.externalPrincipals.map(\.role) == ["exists", "exists"])
        #expect(report.resourceDirectory.status == "present")
        #expect(report.accounts.map(\.id) == [AuditWorld.owner, AuditWorld.member1, AuditWorld.member2])
        let instance = try #require(report.instances.first)
        #expect(instance.accessQuota == QuotaUse(used: 2, total: 10))
    }

    @Test("when not even the caller's own keys can be read, the audit fails instead of reporting nothing")
    func callerUnreadable() async throws {
        let cloud = try SimulatedCloud(world: try World.load(yaml: AuditWorld(principals: [Self.memberRole]).yaml))
        var probe = AuditProbeCloud(inner: cloud)
        probe.unassumableAccounts = [AuditWorld.owner]
        let auditor = OrganisationAuditor(
            cloud: probe, caller: try #require(AccountID(AuditWorld.owner)), regions: [.hangzhou],
            verification: .notChecked(reason: "none"))
        await #expect(throws: AuditReadError.self) { try await auditor.audit() }
    }

    @Test("a member whose keys cannot be listed is reported unreadable; the others are audited")
    func memberUnreadable() async throws {
        let cloud = try SimulatedCloud(world: try World.load(yaml: AuditWorld(principals: [Self.memberRole]).yaml))
        var probe = AuditProbeCloud(inner: cloud)
        probe.unassumableAccounts = [AuditWorld.member2]
        let report = try await OrganisationAuditor(
            cloud: probe, caller: try #require(AccountID(AuditWorld.owner)),
            regions: [.hangzhou], verification: .notChecked(reason: "none")
        ).audit()
        let finding = try #require(report.findings.first { $0.kind == .accountUnreadable })
        #expect(finding.severity == .medium && finding.account == AuditWorld.member2)
        #expect(finding.message.hasPrefix("unknown: could not read account 2000000000000002 in cn-hangzhou (ListKeys failed"))
        #expect(
            report.accounts.first { $0.id == AuditWorld.member2 }?.unreadable?.first?.hasPrefix("cn-hangzhou: ListKeys") == true)
        #expect(report.keys.count == 1)
    }

    @Test("audited regions without keys are read and reported empty")
    func otherRegion() async throws {
        let cloud = try SimulatedCloud(world: try World.load(yaml: AuditWorld(principals: [Self.memberRole]).yaml))
        let report = try await OrganisationAuditor(
            cloud: cloud, caller: try #require(AccountID(AuditWorld.owner)),
            regions: [.hangzhou, "cn-shanghai"], verification: .notChecked(reason: "none")
        ).audit()
        #expect(report.regions == ["cn-hangzhou", "cn-shanghai"])
        #expect(report.keys.map(\.region) == ["cn-hangzhou"])
    }
}
