import KeyshareTesting

/// KMS rows that probe one matching rule each: how the key is named, action and resource
/// patterns, conditions.
enum KMSRuleCases {
    typealias W = AuthorizationWorld
    /// KMS's refusal: 403 `Forbidden.NoPermission`.
    static let denied = KMSMatrixCases.denied
    /// A key policy granting every identity of the sharee full key use.
    static let shareeGranted = W.keyPolicy(.allow(["kms:*"], principal: W.ram("acs:ram::\(W.sharee):*")))

    /// Group C: another account must name the key by ARN (16 rows).
    static let keyNaming: [AuthorizationCase] = {
        let refs: [(String, AuthorizationCase.KeyRef, Outcome)] = [
            ("the key ARN", .arn, .success),
            ("the bare key ID", .id, .error("Forbidden.KeyNotFound", 404)),
            ("the owner's alias", .alias, .error("Forbidden.AliasNotFound", 404)),
            ("an ARN in another region", .otherRegionARN, .error("Forbidden.KeyNotFound", 404)),
        ]
        let calls: [(String, (AuthorizationCase.KeyRef) -> AuthorizationCase.Call)] = [
            ("Encrypt", { .encrypt($0) }), ("GenerateDataKey", { .generateDataKey($0) }), ("DescribeKey", { .describeKey($0) }),
        ]
        var rows = calls.flatMap { action, call in
            refs.map { label, ref, expected in
                AuthorizationCase(
                    name: "sharee user \(action) naming \(label)", caller: .user(.sharee, "alice"), call: call(ref),
                    expected: expected, keyPolicy: shareeGranted, callerSystemPolicies: ["AliyunKMSFullAccess"])
            }
        }
        rows += refs.map { label, ref, expected in
            AuthorizationCase(
                name: "sharee root Encrypt naming \(label)", caller: .root(.sharee), call: .encrypt(ref),
                expected: expected, keyPolicy: shareeGranted)
        }
        return rows
    }()

    /// Group E: action patterns in the sharee's RAM policy and in the key policy (33 rows).
    static let actionPatterns: [AuthorizationCase] = {
        let ramRows: [(String, PolicyFixture, Bool)] = [
            ("kms:Encrypt", W.policy(.allow(["kms:Encrypt"])), true),
            ("kms:encrypt (actions are case-insensitive)", W.policy(.allow(["kms:encrypt"])), true),
            ("KMS:ENCRYPT", W.policy(.allow(["KMS:ENCRYPT"])), true),
            ("kms:*", W.policy(.allow(["kms:*"])), true),
            ("kms:En*", W.policy(.allow(["kms:En*"])), true),
            ("kms:*crypt", W.policy(.allow(["kms:*crypt"])), true),
            ("kms:?ncrypt", W.policy(.allow(["kms:?ncrypt"])), true),
            ("*", W.policy(.allow(["*"])), true),
            ("kms:Encryp (a prefix is not a match)", W.policy(.allow(["kms:Encryp"])), false),
            ("kms:Encrypt? (? needs one character)", W.policy(.allow(["kms:Encrypt?"])), false),
            ("kms:Encrypted", W.policy(.allow(["kms:Encrypted"])), false),
            ("kms:?crypt (one character too few)", W.policy(.allow(["kms:?crypt"])), false),
            ("kms:De*", W.policy(.allow(["kms:De*"])), false),
            ("ecs:Encrypt (another service)", W.policy(.allow(["ecs:Encrypt"])), false),
            ("kms:GenerateDataKey", W.policy(.allow(["kms:GenerateDataKey"])), false),
            ("* with Deny KMS:ENCRYPT (deny is case-insensitive too)", W.policy(.allow(["*"]), .deny(["KMS:ENCRYPT"])), false),
            ("* with Deny kms:en*", W.policy(.allow(["*"]), .deny(["kms:en*"])), false),
            ("* with Deny kms:E?crypt", W.policy(.allow(["*"]), .deny(["kms:E?crypt"])), false),
            ("* with Deny kms:Decrypt", W.policy(.allow(["*"]), .deny(["kms:Decrypt"])), true),
            ("* with Deny * on *", W.policy(.allow(["*"]), .deny(["*"])), false),
            ("NotAction kms:Encrypt", W.policy(.init(effect: "Allow", notAction: ["kms:Encrypt"], resource: ["*"])), false),
            ("NotAction kms:Decrypt", W.policy(.init(effect: "Allow", notAction: ["kms:Decrypt"], resource: ["*"])), true),
            (
                "* with Deny NotAction kms:Decrypt",
                W.policy(.allow(["*"]), .init(effect: "Deny", notAction: ["kms:Decrypt"], resource: ["*"])), false
            ),
            (
                "* with Deny NotAction kms:Encrypt",
                W.policy(.allow(["*"]), .init(effect: "Deny", notAction: ["kms:Encrypt"], resource: ["*"])), true
            ),
            ("Deny kms:* only", W.policy(.deny(["kms:*"])), false),
        ]
        let alice = "acs:ram::\(W.sharee):user/alice"
        let keyRows: [(String, [String], [String], Bool)] = [
            ("kms:*", ["kms:*"], [], true),
            ("kms:En*", ["kms:En*"], [], true),
            ("kms:?ncrypt", ["kms:?ncrypt"], [], true),
            ("kms:Encryp", ["kms:Encryp"], [], false),
            ("kms:De*", ["kms:De*"], [], false),
            ("kms:List*", ["kms:List*"], [], false),
            ("kms:* with Deny kms:*", ["kms:*"], ["kms:*"], false),
            ("kms:* with Deny kms:Encr*", ["kms:*"], ["kms:Encr*"], false),
        ]
        return ramRows.map { label, policy, allows in
            AuthorizationCase(
                name: "sharee RAM action \(label)", caller: .user(.sharee, "alice"), call: .encrypt(.arn),
                expected: allows ? .success : denied, keyPolicy: shareeGranted, callerPolicy: policy)
        }
            + keyRows.map { label, allow, deny, allows -> AuthorizationCase in
                var statements: [PolicyFixture.Statement] = [.allow(allow, principal: W.ram(alice))]
                if !deny.isEmpty { statements.append(.deny(deny, principal: W.ram(alice))) }
                return AuthorizationCase(
                    name: "key-policy action \(label)", caller: .user(.sharee, "alice"), call: .encrypt(.arn),
                    expected: allows ? .success : denied,
                    keyPolicy: PolicyFixture(
                        [SeedPolicies.defaultKeyPolicyStatement(owner: AuthorizationCase.Party.owner.id)] + statements),
                    callerSystemPolicies: ["AliyunKMSFullAccess"])
            }
    }()

    /// Group F: resource patterns in the sharee's RAM policy (20 rows).
    static let resourcePatterns: [AuthorizationCase] = {
        let o = W.owner
        let k = W.keyID
        let rows: [(String, PolicyFixture, Bool)] = [
            ("the exact key ARN", W.policy(.allow(["kms:Encrypt"], on: [W.keyARN])), true),
            ("any region", W.policy(.allow(["kms:Encrypt"], on: ["acs:kms:*:\(o):key/\(k)"])), true),
            ("any account", W.policy(.allow(["kms:Encrypt"], on: ["acs:kms:cn-hangzhou:*:key/\(k)"])), true),
            ("acs:kms:*:*:*/*", W.policy(.allow(["kms:Encrypt"], on: ["acs:kms:*:*:*/*"])), true),
            ("every key of the owner", W.policy(.allow(["kms:Encrypt"], on: ["acs:kms:cn-hangzhou:\(o):key/*"])), true),
            ("a key-ID prefix", W.policy(.allow(["kms:Encrypt"], on: ["acs:kms:cn-hangzhou:\(o):key/key-hzz6aa*"])), true),
            (
                "a ? in the key ID",
                W.policy(.allow(["kms:Encrypt"], on: ["acs:kms:cn-hangzhou:\(o):key/key-hzz6a?1b2c3d4e5f6a7b8"])),
                true
            ),
            ("another key", W.policy(.allow(["kms:Encrypt"], on: [W.otherKeyARN])), false),
            ("another region", W.policy(.allow(["kms:Encrypt"], on: ["acs:kms:cn-shanghai:\(o):key/\(k)"])), false),
            ("a third account", W.policy(.allow(["kms:Encrypt"], on: ["acs:kms:cn-hangzhou:\(W.third):key/\(k)"])), false),
            (
                "the caller's own account", W.policy(.allow(["kms:Encrypt"], on: ["acs:kms:cn-hangzhou:\(W.sharee):key/\(k)"])),
                false
            ),
            ("the alias", W.policy(.allow(["kms:Encrypt"], on: ["acs:kms:cn-hangzhou:\(o):alias/shared-disk-key"])), false),
            ("the key container", W.policy(.allow(["kms:Encrypt"], on: ["acs:kms:cn-hangzhou:\(o):key"])), false),
            ("the ecs service", W.policy(.allow(["kms:Encrypt"], on: ["acs:ecs:cn-hangzhou:\(o):key/\(k)"])), false),
            ("the key ID plus one character", W.policy(.allow(["kms:Encrypt"], on: [W.keyARN + "?"])), false),
            (
                "NotResource another key",
                W.policy(.init(effect: "Allow", action: ["kms:Encrypt"], notResource: [W.otherKeyARN])), true
            ),
            ("NotResource this key", W.policy(.init(effect: "Allow", action: ["kms:Encrypt"], notResource: [W.keyARN])), false),
            ("* with Deny on this key", W.policy(.allow(["kms:*"]), .deny(["kms:Encrypt"], on: ["acs:kms:*:*:key/\(k)"])), false),
            ("* with Deny on another key", W.policy(.allow(["kms:*"]), .deny(["kms:Encrypt"], on: [W.otherKeyARN])), true),
            (
                "* with Deny NotResource another key",
                W.policy(.allow(["kms:*"]), .init(effect: "Deny", action: ["kms:Encrypt"], notResource: [W.otherKeyARN])), false
            ),
        ]
        return rows.map { label, policy, allows in
            AuthorizationCase(
                name: "sharee RAM resource \(label)", caller: .user(.sharee, "alice"), call: .encrypt(.arn),
                expected: allows ? .success : denied, keyPolicy: shareeGranted, callerPolicy: policy)
        }
    }()

    /// Group G: conditions on the sharee's RAM policy and on the key policy (19 rows). The call
    /// comes from 10.1.2.3 over TLS at 2026-01-01 (simulated clock).
    static let conditions: [AuthorizationCase] = {
        typealias Condition = [String: [String: [String]]]
        func ram(_ condition: Condition, deny: Bool = false) -> PolicyFixture {
            deny
                ? W.policy(.allow(["kms:*"]), .deny(["kms:Encrypt"], condition: condition))
                : W.policy(.allow(["kms:Encrypt"], condition: condition))
        }
        let rows: [(String, PolicyFixture, Bool, Bool)] = [
            ("IpAddress 10.0.0.0/8", ram(["IpAddress": ["acs:SourceIp": ["10.0.0.0/8"]]]), true, true),
            ("IpAddress 192.168.0.0/16", ram(["IpAddress": ["acs:SourceIp": ["192.168.0.0/16"]]]), true, false),
            ("IpAddress exactly 10.1.2.3", ram(["IpAddress": ["acs:SourceIp": ["10.1.2.3"]]]), true, true),
            (
                "IpAddress either of two ranges", ram(["IpAddress": ["acs:SourceIp": ["192.168.0.0/16", "10.0.0.0/8"]]]), true,
                true
            ),
            ("NotIpAddress 10.0.0.0/8", ram(["NotIpAddress": ["acs:SourceIp": ["10.0.0.0/8"]]]), true, false),
            ("NotIpAddress 192.168.0.0/16", ram(["NotIpAddress": ["acs:SourceIp": ["192.168.0.0/16"]]]), true, true),
            ("SecureTransport true", ram(["Bool": ["acs:SecureTransport": ["true"]]]), true, true),
            ("SecureTransport false", ram(["Bool": ["acs:SecureTransport": ["false"]]]), true, false),
            ("SecureTransport true over plain HTTP", ram(["Bool": ["acs:SecureTransport": ["true"]]]), false, false),
            ("CurrentTime after 2025", ram(["DateGreaterThan": ["acs:CurrentTime": ["2025-01-01T00:00:00Z"]]]), true, true),
            ("CurrentTime before 2025", ram(["DateLessThan": ["acs:CurrentTime": ["2025-01-01T00:00:00Z"]]]), true, false),
            (
                "two operators both met",
                ram([
                    "IpAddress": ["acs:SourceIp": ["10.0.0.0/8"]],
                    "Bool": ["acs:SecureTransport": ["true"]],
                ]), true, true
            ),
            (
                "two operators, one not met",
                ram([
                    "IpAddress": ["acs:SourceIp": ["10.0.0.0/8"]],
                    "Bool": ["acs:SecureTransport": ["false"]],
                ]), true, false
            ),
            ("MFAPresent, which the call lacks", ram(["Bool": ["acs:MFAPresent": ["true"]]]), true, false),
            ("Deny from 10.0.0.0/8", ram(["IpAddress": ["acs:SourceIp": ["10.0.0.0/8"]]], deny: true), true, false),
            ("Deny from 192.168.0.0/16", ram(["IpAddress": ["acs:SourceIp": ["192.168.0.0/16"]]], deny: true), true, true),
        ]
        var cases = rows.map { label, policy, secure, allows in
            AuthorizationCase(
                name: "sharee RAM condition \(label)", caller: .user(.sharee, "alice"), call: .encrypt(.arn),
                expected: allows ? .success : denied, keyPolicy: shareeGranted, callerPolicy: policy,
                secureTransport: secure)
        }
        let keyRows: [(String, String, Bool)] = [
            ("key-policy condition IpAddress 10.0.0.0/8", "10.0.0.0/8", true),
            ("key-policy condition IpAddress 192.168.0.0/16", "192.168.0.0/16", false),
        ]
        cases += keyRows.map { label, range, allows in
            AuthorizationCase(
                name: label, caller: .user(.sharee, "alice"), call: .encrypt(.arn), expected: allows ? .success : denied,
                keyPolicy: W.keyPolicy(
                    .allow(
                        ["kms:*"], principal: W.ram("acs:ram::\(W.sharee):*"),
                        condition: ["IpAddress": ["acs:SourceIp": [range]]])),
                callerSystemPolicies: ["AliyunKMSFullAccess"])
        }
        cases.append(
            AuthorizationCase(
                name: "key-policy Deny for the sharee account from 10.0.0.0/8", caller: .root(.sharee), call: .encrypt(.arn),
                expected: denied,
                keyPolicy: W.keyPolicy(
                    .allow(["kms:*"], principal: W.ram("acs:ram::\(W.sharee):*")),
                    .deny(
                        ["kms:*"], principal: W.ram("acs:ram::\(W.sharee):*"),
                        condition: ["IpAddress": ["acs:SourceIp": ["10.0.0.0/8"]]]))))
        return cases
    }()
}
