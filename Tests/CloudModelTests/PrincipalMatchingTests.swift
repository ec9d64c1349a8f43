import Testing

@testable import CloudModel

private let owner = PolicyFixtures.owner
private let sharee = PolicyFixtures.sharee

/// A caller, a pattern, the policy kind and whether the pattern names the caller.
struct PrincipalCase: Sendable, CustomTestStringConvertible {
    let caller: Principal
    let pattern: PrincipalPattern
    let kind: PolicyKind
    let resourceAccount: AccountID
    let expected: Bool
    var testDescription: String { "\(kind): \(pattern) vs \(caller) → \(expected)" }

    init(_ caller: Principal, _ pattern: PrincipalPattern, _ kind: PolicyKind, owner account: AccountID = owner, _ expected: Bool)
    {
        self.caller = caller
        self.pattern = pattern
        self.kind = kind
        self.resourceAccount = account
        self.expected = expected
    }
}

@Suite("Principal matching")
struct PrincipalMatchingTests {
    static let cases: [PrincipalCase] = [
        // acs:ram::<uid>:* — every RAM identity of that account, never another account or a service.
        .init(.account(owner), .anyIdentity(of: owner), .keyPolicy, true),
        .init(.user(owner, name: "alice"), .anyIdentity(of: owner), .keyPolicy, true),
        .init(.role(owner, name: "r"), .anyIdentity(of: owner), .keyPolicy, true),
        .init(.assumedRole(owner, roleName: "r", sessionName: "s"), .anyIdentity(of: owner), .keyPolicy, true),
        .init(.user(sharee, name: "alice"), .anyIdentity(of: owner), .keyPolicy, false),
        .init(.service("ecs.aliyuncs.com", onBehalfOf: owner), .anyIdentity(of: owner), .keyPolicy, false),
        // :root — key policies: the root only; trust policies: any RAM identity of the account.
        .init(.account(owner), .accountRoot(owner), .keyPolicy, true),
        .init(.user(owner, name: "alice"), .accountRoot(owner), .keyPolicy, false),
        .init(.assumedRole(owner, roleName: "r", sessionName: "s"), .accountRoot(owner), .keyPolicy, false),
        .init(.account(sharee), .accountRoot(owner), .keyPolicy, false),
        .init(.account(owner), .accountRoot(owner), .trust, true),
        .init(.user(owner, name: "alice"), .accountRoot(owner), .trust, true),
        .init(.assumedRole(owner, roleName: "r", sessionName: "s"), .accountRoot(owner), .trust, true),
        .init(.user(sharee, name: "alice"), .accountRoot(owner), .trust, false),
        .init(.service("ecs.aliyuncs.com", onBehalfOf: owner), .accountRoot(owner), .trust, false),
        // user/<n>
        .init(.user(owner, name: "alice"), .user(owner, name: "alice"), .keyPolicy, true),
        .init(.user(owner, name: "Alice"), .user(owner, name: "alice"), .keyPolicy, true),
        .init(.user(owner, name: "bob"), .user(owner, name: "alice"), .keyPolicy, false),
        .init(.user(sharee, name: "alice"), .user(owner, name: "alice"), .keyPolicy, false),
        .init(.account(owner), .user(owner, name: "alice"), .keyPolicy, false),
        .init(.role(owner, name: "alice"), .user(owner, name: "alice"), .keyPolicy, false),
        // role/<n> — the role and its sessions, names case-insensitive.
        .init(
            .role(sharee, name: "AliyunECSDiskEncryptDefaultRole"), .role(sharee, name: "aliyunecsdiskencryptdefaultrole"),
            .keyPolicy, true),
        .init(
            .assumedRole(sharee, roleName: "AliyunECSDiskEncryptDefaultRole", sessionName: "ecs"),
            .role(sharee, name: "aliyunecsdiskencryptdefaultrole"), .keyPolicy, true),
        .init(
            .assumedRole(sharee, roleName: "OtherRole", sessionName: "ecs"),
            .role(sharee, name: "aliyunecsdiskencryptdefaultrole"), .keyPolicy, false),
        .init(
            .assumedRole(owner, roleName: "AliyunECSDiskEncryptDefaultRole", sessionName: "ecs"),
            .role(sharee, name: "aliyunecsdiskencryptdefaultrole"), .keyPolicy, false),
        .init(.account(sharee), .role(sharee, name: "r"), .keyPolicy, false),
        .init(.user(sharee, name: "r"), .role(sharee, name: "r"), .trust, false),
        .init(.assumedRole(sharee, roleName: "r", sessionName: "s"), .role(sharee, name: "R"), .trust, true),
        // Service principals.
        .init(.service("ecs.aliyuncs.com", onBehalfOf: owner), .service("ecs.aliyuncs.com", onBehalfOf: nil), .trust, true),
        .init(.service("ecs.aliyuncs.com", onBehalfOf: sharee), .service("ecs.aliyuncs.com", onBehalfOf: nil), .trust, false),
        .init(.service("ecs.aliyuncs.com", onBehalfOf: nil), .service("ecs.aliyuncs.com", onBehalfOf: nil), .trust, false),
        .init(.service("oss.aliyuncs.com", onBehalfOf: owner), .service("ecs.aliyuncs.com", onBehalfOf: nil), .trust, false),
        .init(.service("ecs.aliyuncs.com", onBehalfOf: sharee), .service("ecs.aliyuncs.com", onBehalfOf: sharee), .trust, true),
        .init(.service("ecs.aliyuncs.com", onBehalfOf: owner), .service("ecs.aliyuncs.com", onBehalfOf: sharee), .trust, false),
        .init(.service("ecs.aliyuncs.com", onBehalfOf: nil), .service("ecs.aliyuncs.com", onBehalfOf: sharee), .trust, false),
        .init(.account(sharee), .service("ecs.aliyuncs.com", onBehalfOf: sharee), .trust, false),
        .init(
            .assumedRole(sharee, roleName: "r", sessionName: "s"), .service("ecs.aliyuncs.com", onBehalfOf: nil), .trust,
            owner: sharee, false),
        // Federated never matches.
        .init(.account(owner), .federated("acs:ram::1111111111111111:saml-provider/idp"), .trust, false),
    ]

    @Test("principal entries name exactly the identities the reference says", arguments: cases)
    func matching(_ row: PrincipalCase) {
        #expect(row.caller.matches(row.pattern, resourceAccount: row.resourceAccount, kind: row.kind) == row.expected)
    }

    @Test(
        "RAM principal entries parse into the matching pattern",
        arguments: [
            ("acs:ram::1111111111111111:*", true, PrincipalPattern.anyIdentity(of: owner)),
            ("acs:ram::1111111111111111:root", false, .accountRoot(owner)),
            ("acs:ram::2222222222222222:user/bob", false, .user(sharee, name: "bob")),
            (
                "acs:ram::2222222222222222:role/AliyunECSDiskEncryptDefaultRole", true,
                .role(sharee, name: "AliyunECSDiskEncryptDefaultRole")
            ),
        ])
    func ramParsing(text: String, allowAny: Bool, expected: PrincipalPattern) {
        #expect(PrincipalPattern(ram: text, allowAnyIdentity: allowAny) == expected)
        #expect(expected.description == text)
    }

    @Test(
        "service entries parse with and without an account",
        arguments: [
            ("ecs.aliyuncs.com", PrincipalPattern.service("ecs.aliyuncs.com", onBehalfOf: nil)),
            ("2222222222222222@ecs.aliyuncs.com", .service("ecs.aliyuncs.com", onBehalfOf: sharee)),
        ])
    func serviceParsing(text: String, expected: PrincipalPattern) {
        #expect(PrincipalPattern(service: text) == expected)
        #expect(expected.description == text)
    }
}
