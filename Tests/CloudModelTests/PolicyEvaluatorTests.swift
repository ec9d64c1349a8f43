import Testing

@testable import CloudModel

private let owner = PolicyFixtures.owner
private let sharee = PolicyFixtures.sharee
private let keyARN = PolicyFixtures.keyARN
private let alice = Principal.user(owner, name: "alice")

private func identity(_ name: String, _ statements: String...) throws -> PolicySource {
    PolicySource(
        name: name,
        document: try PolicyDocument.parse(
            #"{"Version":"1","Statement":["# + statements.joined(separator: ",") + "]}", kind: .identity))
}

private func keyPolicy(_ statements: String...) throws -> PolicySource {
    PolicySource(
        name: "key policy",
        document: try PolicyDocument.parse(
            #"{"Version":"1","Statement":["# + statements.joined(separator: ",") + "]}", kind: .keyPolicy))
}

private func ref(_ source: String, _ index: Int, _ sid: String? = nil) -> StatementReference {
    StatementReference(source: source, index: index, sid: sid)
}

@Suite("Policy evaluator")
struct PolicyEvaluatorTests {
    @Test("explicit deny in any policy beats allows in others, and lists every denying statement")
    func explicitDenyWins() throws {
        let allowAll = try identity("Admin@v1", #"{"Effect":"Allow","Action":"*","Resource":"*"}"#)
        let denyDecrypt = try identity(
            "NoDecrypt@v3",
            #"{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*"}"#,
            #"{"Sid":"nodecrypt","Effect":"Deny","Action":"kms:Decrypt","Resource":"acs:kms:*:*:*"}"#,
            #"{"Effect":"Deny","Action":"kms:De*","Resource":"*"}"#)
        let request = AccessRequest(principal: alice, action: "kms:Decrypt", resource: keyARN)
        #expect(
            PolicyEvaluator.evaluate(request, against: [allowAll, denyDecrypt])
                == .explicitDeny(by: [ref("NoDecrypt@v3", 1, "nodecrypt"), ref("NoDecrypt@v3", 2)]))
        #expect(PolicyEvaluator.evaluate(request, against: [allowAll]) == .allow(by: [ref("Admin@v1", 0)]))
        #expect(PolicyEvaluator.evaluate(request, against: []) == .implicitDeny)
    }

    @Test("every allowing statement is reported, across sources in order")
    func allAllowsReported() throws {
        let a = try identity(
            "A@v1", #"{"Effect":"Allow","Action":"kms:*","Resource":"*"}"#,
            #"{"Effect":"Allow","Action":"ecs:*","Resource":"*"}"#)
        let b = try identity("B@v2", #"{"Sid":"b","Effect":"Allow","Action":"kms:Decrypt","Resource":"acs:kms:*:*:key/*"}"#)
        let request = AccessRequest(principal: alice, action: "KMS:DECRYPT", resource: keyARN)
        #expect(PolicyEvaluator.evaluate(request, against: [a, b]) == .allow(by: [ref("A@v1", 0), ref("B@v2", 0, "b")]))
    }

    @Test(
        "NotAction and NotResource match everything except what they list",
        arguments: [
            ("kms:Decrypt", PolicyFixtures.keyARN.description, true),
            ("kms:ScheduleKeyDeletion", PolicyFixtures.keyARN.description, false),
            ("kms:Decrypt", "acs:kms:cn-hangzhou:\(owner):key/key-protected", false),
            ("ecs:CreateDisk", "acs:ecs:cn-hangzhou:\(owner):disk/d-1", true),
        ])
    func negatedElements(action: String, resource: String, allowed: Bool) throws {
        let policy = try identity(
            "Broad@v1",
            #"{"Effect":"Allow","NotAction":["kms:ScheduleKeyDeletion","kms:Delete*"],"NotResource":"acs:kms:*:*:key/key-protected"}"#
        )
        let request = AccessRequest(principal: alice, action: action, resource: ResourceName(parsing: resource)!)
        #expect(PolicyEvaluator.evaluate(request, against: [policy]).isAllowed == allowed)
    }

    @Test("a Deny with NotResource denies everything outside the listed resources")
    func denyNotResource() throws {
        let policy = try identity(
            "Fence@v1",
            #"{"Effect":"Allow","Action":"kms:*","Resource":"*"}"#,
            #"{"Effect":"Deny","Action":"kms:*","NotResource":"acs:kms:cn-hangzhou:*:*"}"#)
        let inside = AccessRequest(principal: alice, action: "kms:Decrypt", resource: keyARN)
        let outside = AccessRequest(
            principal: alice, action: "kms:Decrypt",
            resource: .key("k", region: "cn-beijing", account: owner))
        #expect(PolicyEvaluator.evaluate(inside, against: [policy]) == .allow(by: [ref("Fence@v1", 0)]))
        #expect(PolicyEvaluator.evaluate(outside, against: [policy]) == .explicitDeny(by: [ref("Fence@v1", 1)]))
    }

    @Test(
        "conditions gate statements; a Deny conditioned on insecure transport denies only then",
        arguments: [
            (["acs:SecureTransport": ["true"], "acs:SourceIp": ["10.0.0.5"]], "allow"),
            (["acs:SecureTransport": ["false"], "acs:SourceIp": ["10.0.0.5"]], "deny"),
            (["acs:SecureTransport": ["true"], "acs:SourceIp": ["8.8.8.8"]], "implicit"),
            (["acs:SourceIp": ["10.0.0.5"]], "allow"),
            ([:], "implicit"),
        ])
    func conditions(context: [String: [String]], expected: String) throws {
        let policy = try identity(
            "Net@v1",
            #"{"Effect":"Allow","Action":"kms:*","Resource":"*","Condition":{"IpAddress":{"acs:SourceIp":"10.0.0.0/8"}}}"#,
            #"{"Effect":"Deny","Action":"kms:*","Resource":"*","Condition":{"Bool":{"acs:SecureTransport":"false"}}}"#)
        let decision = PolicyEvaluator.evaluate(
            AccessRequest(principal: alice, action: "kms:Encrypt", resource: keyARN, context: context), against: [policy])
        switch expected {
        case "allow": #expect(decision == .allow(by: [ref("Net@v1", 0)]))
        case "deny": #expect(decision == .explicitDeny(by: [ref("Net@v1", 1)]))
        default: #expect(decision == .implicitDeny)
        }
    }

    @Test("key-policy statements match by principal; their Resource * is the key whatever its ARN")
    func keyPolicyMatchesPrincipal() throws {
        let policy = try keyPolicy(
            #"{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*","Principal":{"RAM":"acs:ram::\#(sharee):user/carol"}}"#)
        let otherKey = ResourceName.key("key-other", region: "cn-shanghai", account: owner)
        #expect(
            PolicyEvaluator.evaluate(
                AccessRequest(principal: .user(sharee, name: "carol"), action: "kms:Decrypt", resource: otherKey),
                against: [policy]
            ).isAllowed)
        #expect(
            !PolicyEvaluator.evaluate(
                AccessRequest(principal: .user(sharee, name: "dave"), action: "kms:Decrypt", resource: otherKey),
                against: [policy]
            ).isAllowed)
        #expect(
            !PolicyEvaluator.evaluate(
                AccessRequest(principal: .user(sharee, name: "carol"), action: "kms:Encrypt", resource: otherKey),
                against: [policy]
            ).isAllowed)
    }

    @Test("RAM resource ARNs compare case-insensitively, KMS ARNs case-sensitively")
    func resourceCase() throws {
        let policy = try identity(
            "Assume@v1",
            #"{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"acs:ram::\#(sharee):role/aliyunecsdiskencryptdefaultrole"}"#,
            #"{"Effect":"Allow","Action":"kms:Decrypt","Resource":"acs:kms:*:*:key/KEY-1"}"#)
        let role = ResourceName.role("AliyunECSDiskEncryptDefaultRole", in: sharee)
        #expect(
            PolicyEvaluator.evaluate(AccessRequest(principal: alice, action: "sts:AssumeRole", resource: role), against: [policy])
                .isAllowed)
        let lower = ResourceName.key("key-1", region: "cn-hangzhou", account: owner)
        #expect(
            !PolicyEvaluator.evaluate(AccessRequest(principal: alice, action: "kms:Decrypt", resource: lower), against: [policy])
                .isAllowed)
    }
}

/// (identity, resource, same account) → combined decision, with explicit deny winning everywhere.
struct CombineCase: Sendable, CustomTestStringConvertible {
    let identity: Decision
    let resource: Decision
    let sameAccount: Bool
    let expected: Decision
    var testDescription: String { "\(identity) + \(resource) \(sameAccount ? "same" : "cross") → \(expected)" }
}

private let idAllow = Decision.allow(by: [StatementReference(source: "P@v1", index: 0)])
private let idDeny = Decision.explicitDeny(by: [StatementReference(source: "P@v1", index: 1)])
private let kpAllow = Decision.allow(by: [StatementReference(source: "key policy", index: 0)])
private let kpDeny = Decision.explicitDeny(by: [StatementReference(source: "key policy", index: 2)])

@Suite("Decision combinators")
struct DecisionCombinatorTests {
    static let cases: [CombineCase] = [
        .init(
            identity: idAllow, resource: kpAllow, sameAccount: true, expected: .allow(by: idAllow.statements + kpAllow.statements)
        ),
        .init(identity: idAllow, resource: .implicitDeny, sameAccount: true, expected: idAllow),
        .init(identity: .implicitDeny, resource: kpAllow, sameAccount: true, expected: kpAllow),
        .init(identity: .implicitDeny, resource: .implicitDeny, sameAccount: true, expected: .implicitDeny),
        .init(identity: idDeny, resource: kpAllow, sameAccount: true, expected: idDeny),
        .init(identity: idAllow, resource: kpDeny, sameAccount: true, expected: kpDeny),
        .init(
            identity: idDeny, resource: kpDeny, sameAccount: true,
            expected: .explicitDeny(by: idDeny.statements + kpDeny.statements)),
        .init(
            identity: idAllow, resource: kpAllow, sameAccount: false,
            expected: .allow(by: idAllow.statements + kpAllow.statements)),
        .init(identity: idAllow, resource: .implicitDeny, sameAccount: false, expected: .implicitDeny),
        .init(identity: .implicitDeny, resource: kpAllow, sameAccount: false, expected: .implicitDeny),
        .init(identity: .implicitDeny, resource: .implicitDeny, sameAccount: false, expected: .implicitDeny),
        .init(identity: idDeny, resource: kpAllow, sameAccount: false, expected: idDeny),
        .init(identity: idAllow, resource: kpDeny, sameAccount: false, expected: kpDeny),
        .init(identity: .implicitDeny, resource: kpDeny, sameAccount: false, expected: kpDeny),
        .init(identity: Decision.accountRoot, resource: kpAllow, sameAccount: false, expected: kpAllow),
        .init(identity: Decision.accountRoot, resource: .implicitDeny, sameAccount: false, expected: .implicitDeny),
    ]

    @Test("identity and resource decisions combine by account relation", arguments: cases)
    func combine(_ row: CombineCase) {
        #expect(Decision.combine(identity: row.identity, resource: row.resource, sameAccount: row.sameAccount) == row.expected)
    }

    @Test(
        "AssumeRole needs the trust policy, and the caller's policy unless root or a service",
        arguments: [
            (Principal.user(PolicyFixtures.owner, name: "u"), idAllow, kpAllow, true),
            (.user(PolicyFixtures.owner, name: "u"), .implicitDeny, kpAllow, false),
            (.user(PolicyFixtures.owner, name: "u"), idAllow, .implicitDeny, false),
            (.assumedRole(PolicyFixtures.owner, roleName: "r", sessionName: "s"), idAllow, kpAllow, true),
            (.assumedRole(PolicyFixtures.owner, roleName: "r", sessionName: "s"), .implicitDeny, kpAllow, false),
            (.account(PolicyFixtures.owner), .implicitDeny, kpAllow, true),
            (.account(PolicyFixtures.owner), .implicitDeny, .implicitDeny, false),
            (.account(PolicyFixtures.owner), idDeny, kpAllow, false),
            (.service("ecs.aliyuncs.com", onBehalfOf: PolicyFixtures.owner), .implicitDeny, kpAllow, true),
            (.service("ecs.aliyuncs.com", onBehalfOf: PolicyFixtures.owner), .implicitDeny, kpDeny, false),
            (.user(PolicyFixtures.owner, name: "u"), idAllow, kpDeny, false),
            (.user(PolicyFixtures.owner, name: "u"), idDeny, kpAllow, false),
        ])
    func assumeRole(caller: Principal, identity: Decision, trust: Decision, allowed: Bool) {
        let decision = Decision.combineForAssumeRole(identity: identity, trust: trust, caller: caller)
        #expect(decision.isAllowed == allowed)
        #expect(decision.isExplicitDeny == (identity.isExplicitDeny || trust.isExplicitDeny))
    }
}

@Suite("Key policies and other accounts")
struct KeyPolicyCrossAccountTests {
    @Test(
        "a key policy grants another account's identities key-user actions only",
        arguments: [
            ("kms:Decrypt", true), ("kms:Encrypt", true), ("kms:GenerateDataKey", true), ("kms:DescribeKey", true),
            ("KMS:decrypt", true), ("kms:ScheduleKeyDeletion", false), ("kms:SetKeyPolicy", false),
            ("kms:DisableKey", false), ("kms:TagResource", false), ("kms:CreateAlias", false),
        ])
    func keyUsersOnly(action: String, allowed: Bool) throws {
        let policy = PolicySource(
            name: "key policy",
            document: try PolicyDocument.parse(
                PolicyFixtures.document(
                    #"{"Effect":"Allow","Principal":{"RAM":["acs:ram::\#(owner):*","acs:ram::\#(sharee):*"]},"Action":"kms:*","Resource":"*"}"#
                ),
                kind: .keyPolicy))
        let foreign = PolicyEvaluator.evaluate(
            AccessRequest(principal: .user(sharee, name: "carol"), action: action, resource: keyARN), against: [policy])
        #expect(foreign == (allowed ? .allow(by: [StatementReference(source: "key policy", index: 0)]) : .implicitDeny))
        let local = PolicyEvaluator.evaluate(AccessRequest(principal: alice, action: action, resource: keyARN), against: [policy])
        #expect(local.isAllowed)
    }

    @Test("a key policy Deny still applies to another account's administrative actions")
    func denyStillApplies() throws {
        let policy = PolicySource(
            name: "key policy",
            document: try PolicyDocument.parse(
                PolicyFixtures.document(
                    #"{"Effect":"Deny","Principal":{"RAM":"acs:ram::\#(sharee):*"},"Action":"kms:*","Resource":"*"}"#),
                kind: .keyPolicy))
        let decision = PolicyEvaluator.evaluate(
            AccessRequest(principal: .user(sharee, name: "carol"), action: "kms:ScheduleKeyDeletion", resource: keyARN),
            against: [policy])
        #expect(decision.isExplicitDeny)
    }
}

@Suite("Policy divergence register")
struct PolicyDivergenceTests {
    @Test("divergence ids are unique, numbered POL-nnn in order, and every summary is one sentence")
    func register() {
        let entries = Divergence.policyDivergences
        #expect(
            entries.map(\.id)
                == entries.indices.map { "POL-" + String(repeating: "0", count: 3 - String($0 + 1).count) + String($0 + 1) })
        for entry in entries {
            #expect(entry.summary.hasSuffix("."), "\(entry.id)")
            #expect(!entry.summary.isEmpty && entry.summary.count < 400, "\(entry.id)")
        }
    }
}
