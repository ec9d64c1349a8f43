import CloudModel
import Testing

/// The evaluator's two assumptions for condition keys the request context lacks (what `keyshare
/// explain` uses to say "unknown" instead of guessing), against the simulator's plain evaluation.
@Suite("Unknown condition keys")
struct UnknownConditionTests {
    /// One statement shape: its effect, its conditions, and which statements apply under each
    /// assumption and under the simulator's rule (a missing key fails positive operators).
    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var effect: String
        var condition: String
        /// Applies when unknown keys favour access.
        var favour: Bool
        /// Applies when unknown keys oppose access.
        var oppose: Bool
        /// Applies as the simulator decides.
        var simulator: Bool
        /// Keys reported as missing.
        var missing: [String]

        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(
            name: "an Allow on a missing address", effect: "Allow",
            condition: #"{"IpAddress":{"acs:SourceIp":["10.0.0.0/8"]}}"#, favour: true, oppose: false, simulator: false,
            missing: ["acs:SourceIp"]),
        Row(
            name: "a Deny on a missing address", effect: "Deny",
            condition: #"{"IpAddress":{"acs:SourceIp":["10.0.0.0/8"]}}"#, favour: false, oppose: true, simulator: false,
            missing: ["acs:SourceIp"]),
        Row(
            name: "a negated operator on a missing key", effect: "Allow",
            condition: #"{"StringNotEquals":{"kms:tag/env":["prod"]}}"#, favour: true, oppose: false, simulator: true,
            missing: ["kms:tag/env"]),
        Row(
            name: "a known key that holds", effect: "Allow",
            condition: #"{"DateGreaterThan":{"acs:CurrentTime":["2025-01-01T00:00:00Z"]}}"#, favour: true, oppose: true,
            simulator: true, missing: []),
        Row(
            name: "a known key that fails", effect: "Allow",
            condition: #"{"DateLessThan":{"acs:CurrentTime":["2025-01-01T00:00:00Z"]}}"#, favour: false, oppose: false,
            simulator: false, missing: []),
        Row(
            name: "a known key that fails beside an unknown one", effect: "Deny",
            condition: #"{"DateLessThan":{"acs:CurrentTime":["2025-01-01T00:00:00Z"]},"Bool":{"acs:SecureTransport":["false"]}}"#,
            favour: false, oppose: false, simulator: false, missing: []),
        Row(
            name: "a known key that holds beside an unknown one", effect: "Deny",
            condition:
                #"{"DateGreaterThan":{"acs:CurrentTime":["2025-01-01T00:00:00Z"]},"Bool":{"acs:SecureTransport":["false"]}}"#,
            favour: false, oppose: true, simulator: false, missing: ["acs:SecureTransport"]),
        Row(
            name: "a key written in another case than the context's", effect: "Allow",
            condition: #"{"DateGreaterThan":{"ACS:currenttime":["2025-01-01T00:00:00Z"]}}"#, favour: true, oppose: true,
            simulator: true, missing: []),
    ]

    /// The request: a session of the sharee's role encrypting with the owner's key in 2026.
    static let request = AccessRequest(
        principal: .assumedRole(AccountID("2000000000000001")!, roleName: "KeyUser", sessionName: "s"),
        action: "kms:Encrypt",
        resource: ResourceName.key("key-1", region: RegionID("cn-hangzhou"), account: AccountID("1000000000000001")!),
        context: ["acs:CurrentTime": ["2026-06-01T00:00:00Z"]])

    static func policy(_ row: Row) throws -> PolicySource {
        let text =
            #"{"Version":"1","Statement":[{"Effect":"\#(row.effect)","Action":"kms:*","Resource":"*","Condition":\#(row.condition)}]}"#
        return PolicySource(name: "p", document: try PolicyDocument.parse(text, kind: .identity))
    }

    @Test("each assumption settles only the unknown keys; known keys decide as the simulator does", arguments: rows)
    func assumptions(_ row: Row) throws {
        let source = try Self.policy(row)
        func applies(_ assumption: UnknownConditions?) -> Bool {
            !PolicyEvaluator.evaluate(Self.request, against: [source], assuming: assumption).statements.isEmpty
        }
        #expect(applies(.favourAccess) == row.favour)
        #expect(applies(.opposeAccess) == row.oppose)
        #expect(applies(nil) == row.simulator)
        #expect(
            PolicyEvaluator.evaluate(Self.request, against: [source])
                == PolicyEvaluator.evaluate(Self.request, against: [source], assuming: nil))
        let statement = source.document.statements[0]
        #expect(PolicyEvaluator.missingConditionKeys(statement, kind: .identity, to: Self.request) == row.missing)
    }

    @Test("a statement about another action reports no missing keys")
    func otherAction() throws {
        let source = try Self.policy(Self.rows[0])
        var request = Self.request
        request.action = "ecs:CreateDisk"
        #expect(PolicyEvaluator.missingConditionKeys(source.document.statements[0], kind: .identity, to: request).isEmpty)
    }

    @Test("KeyAuthorization joins the sides as the simulator does: root, missing identity, session intersection")
    func keyAuthorization() throws {
        let owner = AccountID("1000000000000001")!
        let allowAll = try PolicySource(
            name: "all",
            document: PolicyDocument.parse(
                #"{"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}"#, kind: .identity))
        let denyEncrypt = try PolicySource(
            name: "session",
            document: PolicyDocument.parse(
                #"{"Version":"1","Statement":[{"Effect":"Deny","Action":"kms:Encrypt","Resource":"*"}]}"#, kind: .identity))
        var root = Self.request
        root.principal = .account(owner)
        #expect(KeyAuthorization.identity(root, policies: nil) == .accountRoot)
        #expect(KeyAuthorization.identity(Self.request, policies: nil) == .implicitDeny)
        #expect(KeyAuthorization.identity(Self.request, policies: [allowAll]).isAllowed)
        #expect(KeyAuthorization.identity(Self.request, policies: [allowAll], sessionPolicy: denyEncrypt).isExplicitDeny)
        #expect(KeyAuthorization.keyPolicy(Self.request, policy: nil) == .implicitDeny)
        let crossAccount = KeyAuthorization.decide(
            Self.request, keyOwner: owner, identity: .allow(by: []), keyPolicy: .implicitDeny)
        #expect(crossAccount == .implicitDeny)
        #expect(KeyAuthorization.decide(root, keyOwner: owner, identity: .accountRoot, keyPolicy: .implicitDeny).isAllowed)
    }
}
