import KeyshareTesting
import Testing

/// The authorization truth table: every row loads a world, makes one call as one identity and
/// names the outcome. Zero false allows is the bar, so most rows are denials a sloppy evaluator
/// would let through.
@Suite("Authorization truth table")
struct AuthorizationTruthTableTests {
    /// Every row of the table.
    static let all =
        KMSMatrixCases.crossAccountEncrypt + KMSMatrixCases.crossAccountOtherActions
        + KMSMatrixCases.sameAccountEncrypt + KMSRuleCases.keyNaming + KMSRuleCases.actionPatterns
        + KMSRuleCases.resourcePatterns + KMSRuleCases.conditions + KeyStateCases.all + DiskEncryptionCases.all
        + IdentityCases.assumeRole + IdentityCases.ownAccount + SessionAndAdminCases.sessions
        + SessionAndAdminCases.administration

    /// The rows replayed over HTTP: root and user callers (they have access keys) whose outcome
    /// does not depend on the caller's address or transport, which loopback HTTP changes.
    static let httpRows = all.filter { row in
        row.callerAccessKey != nil && !conditionRows.contains(row.name) && !row.name.contains("condition")
    }

    /// Rows whose conditions read `acs:SourceIp` / `acs:SecureTransport`.
    static let conditionRows = Set(KMSRuleCases.conditions.map(\.name))

    @Test("the same rows over HTTP, signed with the caller's own access key, end the same way", arguments: httpRows)
    func overHTTP(_ row: AuthorizationCase) async throws {
        let outcome = try await row.runOverHTTP()
        #expect(outcome == row.expected)
    }

    @Test("the table has at least 200 rows, most of them denials")
    func tableSize() {
        #expect(Self.all.count >= 200)
        let denials = Self.all.filter { $0.expected.isDenial }.count
        #expect(denials * 2 > Self.all.count, "denials: \(denials) of \(Self.all.count)")
        #expect(Set(Self.all.map(\.name)).count == Self.all.count, "row names are unique")
    }

    @Test(
        "cross-account Encrypt needs both the key policy and the caller's RAM policy",
        arguments: KMSMatrixCases.crossAccountEncrypt)
    func crossAccountEncrypt(_ row: AuthorizationCase) async throws {
        let outcome = try await row.run()
        #expect(outcome == row.expected)
    }

    @Test(
        "cross-account GenerateDataKey, DescribeKey and Decrypt need both sides",
        arguments: KMSMatrixCases.crossAccountOtherActions)
    func crossAccountOtherActions(_ row: AuthorizationCase) async throws {
        let outcome = try await row.run()
        #expect(outcome == row.expected)
    }

    @Test("same-account access needs either side and no explicit deny", arguments: KMSMatrixCases.sameAccountEncrypt)
    func sameAccount(_ row: AuthorizationCase) async throws {
        let outcome = try await row.run()
        #expect(outcome == row.expected)
    }

    @Test("another account must name the key by its ARN", arguments: KMSRuleCases.keyNaming)
    func keyNaming(_ row: AuthorizationCase) async throws {
        let outcome = try await row.run()
        #expect(outcome == row.expected)
    }

    @Test("action patterns match as the policy language says", arguments: KMSRuleCases.actionPatterns)
    func actionPatterns(_ row: AuthorizationCase) async throws {
        let outcome = try await row.run()
        #expect(outcome == row.expected)
    }

    @Test("resource patterns match as the policy language says", arguments: KMSRuleCases.resourcePatterns)
    func resourcePatterns(_ row: AuthorizationCase) async throws {
        let outcome = try await row.run()
        #expect(outcome == row.expected)
    }

    @Test("conditions must all be met for an Allow and any met Deny wins", arguments: KMSRuleCases.conditions)
    func conditions(_ row: AuthorizationCase) async throws {
        let outcome = try await row.run()
        #expect(outcome == row.expected)
    }

    @Test("key states gate each operation with 409 Rejected codes", arguments: KeyStateCases.all)
    func keyStates(_ row: AuthorizationCase) async throws {
        let outcome = try await row.run()
        #expect(outcome == row.expected)
    }

    @Test(
        "encrypted CreateDisk needs the disk-encrypt role, its policy and the key policy",
        arguments: DiskEncryptionCases.all)
    func diskEncryption(_ row: AuthorizationCase) async throws {
        let outcome = try await row.run()
        #expect(outcome == row.expected)
    }

    @Test("AssumeRole needs the trust policy and the caller's permission", arguments: IdentityCases.assumeRole)
    func assumeRole(_ row: AuthorizationCase) async throws {
        let outcome = try await row.run()
        #expect(outcome == row.expected)
    }

    @Test("assumed-role sessions are authorized as their role", arguments: SessionAndAdminCases.sessions)
    func sessions(_ row: AuthorizationCase) async throws {
        let outcome = try await row.run()
        #expect(outcome == row.expected)
    }

    @Test(
        "other accounts never administer a key, and SetKeyPolicy checks named roles exist",
        arguments: SessionAndAdminCases.administration)
    func administration(_ row: AuthorizationCase) async throws {
        let outcome = try await row.run()
        #expect(outcome == row.expected)
    }

    @Test("calls inside the caller's account need its RAM policies", arguments: IdentityCases.ownAccount)
    func ownAccount(_ row: AuthorizationCase) async throws {
        let outcome = try await row.run()
        #expect(outcome == row.expected)
    }
}
