import KeyshareTesting

/// KMS rows built as products of key-policy and RAM-policy variants.
enum KMSMatrixCases {
    typealias W = AuthorizationWorld
    /// KMS's refusal: 403 `Forbidden.NoPermission`.
    static let denied = Outcome.error("Forbidden.NoPermission", 403)
    /// The sharee's user alice, the caller of most KMS rows.
    static let alice = "acs:ram::\(W.sharee):user/alice"

    /// Key-policy variants as seen by the sharee's user alice calling Encrypt.
    static let shareeKeyPolicies: [PolicyVariant] = [
        PolicyVariant(label: "default key policy", policy: nil, allows: false),
        PolicyVariant(
            label: "key policy grants alice key use",
            policy: W.keyPolicy(.allow(SeedPolicies.keyUserActions, principal: W.ram(alice))), allows: true),
        PolicyVariant(
            label: "key policy grants every identity of the sharee",
            policy: W.keyPolicy(
                .allow(
                    ["kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey", "kms:Decrypt"],
                    principal: W.ram("acs:ram::\(W.sharee):*"))), allows: true),
        PolicyVariant(
            label: "key policy grants another user of the sharee",
            policy: W.keyPolicy(.allow(SeedPolicies.keyUserActions, principal: W.ram("acs:ram::\(W.sharee):user/bob"))),
            allows: false),
        PolicyVariant(
            label: "key policy grants alice of a third account",
            policy: W.keyPolicy(.allow(SeedPolicies.keyUserActions, principal: W.ram("acs:ram::\(W.third):user/alice"))),
            allows: false),
        PolicyVariant(
            label: "key policy grants alice Decrypt only",
            policy: W.keyPolicy(.allow(["kms:Decrypt"], principal: W.ram(alice))), allows: false),
        PolicyVariant(
            label: "key policy grants alice kms:* but denies kms:Encrypt",
            policy: W.keyPolicy(
                .allow(["kms:*"], principal: W.ram(alice)),
                .deny(["kms:Encrypt"], principal: W.ram(alice))), allows: false, denies: true),
    ]

    /// RAM-policy variants for alice calling Encrypt on the shared key.
    static let shareeRAMPolicies: [PolicyVariant] = [
        PolicyVariant(label: "no RAM policy", policy: nil, allows: false),
        PolicyVariant(
            label: "RAM allows Encrypt on the key ARN", policy: W.policy(.allow(["kms:Encrypt"], on: [W.keyARN])), allows: true),
        PolicyVariant(label: "RAM allows kms:* on *", policy: W.policy(.allow(["kms:*"])), allows: true),
        PolicyVariant(
            label: "RAM allows Encrypt on acs:kms:*:*:*/*", policy: W.policy(.allow(["kms:Encrypt"], on: ["acs:kms:*:*:*/*"])),
            allows: true),
        PolicyVariant(
            label: "RAM allows Encrypt on another key", policy: W.policy(.allow(["kms:Encrypt"], on: [W.otherKeyARN])),
            allows: false),
        PolicyVariant(
            label: "RAM allows kms:* but denies kms:Encrypt",
            policy: W.policy(.allow(["kms:*"]), .deny(["kms:Encrypt"])), allows: false, denies: true),
        PolicyVariant(label: "RAM AliyunKMSFullAccess", policy: nil, system: ["AliyunKMSFullAccess"], allows: true),
        PolicyVariant(label: "RAM allows Decrypt only", policy: W.policy(.allow(["kms:Decrypt"])), allows: false),
    ]

    /// Group A: cross-account Encrypt by ARN, every key policy × every RAM policy (56 rows).
    static let crossAccountEncrypt: [AuthorizationCase] = shareeKeyPolicies.flatMap { kp in
        shareeRAMPolicies.map { rp in
            AuthorizationCase(
                name: "cross-account Encrypt: \(kp.label); \(rp.label)", caller: .user(.sharee, "alice"), call: .encrypt(.arn),
                expected: Combination.crossAccount.allows(keyPolicy: kp, ram: rp) ? .success : denied,
                keyPolicy: kp.policy, callerPolicy: rp.policy, callerSystemPolicies: rp.system)
        }
    }

    /// Group B: cross-account GenerateDataKey, DescribeKey and Decrypt (36 rows).
    static let otherActions: [(String, AuthorizationCase.Call)] = [
        ("GenerateDataKey", .generateDataKey(.arn)), ("DescribeKey", .describeKey(.arn)), ("Decrypt", .decrypt),
    ]

    /// Group B: cross-account GenerateDataKey, DescribeKey and Decrypt (36 rows).
    static let crossAccountOtherActions: [AuthorizationCase] = otherActions.flatMap { action, call -> [AuthorizationCase] in
        let keyPolicies = [
            PolicyVariant(label: "default key policy", policy: nil, allows: false),
            PolicyVariant(
                label: "key policy grants alice key use",
                policy: W.keyPolicy(.allow(SeedPolicies.keyUserActions, principal: W.ram(alice))), allows: true),
            PolicyVariant(
                label: "key policy grants key use but denies kms:\(action)",
                policy: W.keyPolicy(
                    .allow(SeedPolicies.keyUserActions, principal: W.ram(alice)),
                    .deny(["kms:\(action)"], principal: W.ram(alice))), allows: false, denies: true),
        ]
        let ramPolicies = [
            PolicyVariant(label: "no RAM policy", policy: nil, allows: false),
            PolicyVariant(label: "RAM allows kms:*", policy: W.policy(.allow(["kms:*"])), allows: true),
            PolicyVariant(
                label: "RAM allows kms:\(action) on the key ARN",
                policy: W.policy(.allow(["kms:\(action)"], on: [W.keyARN])), allows: true),
            PolicyVariant(label: "RAM allows kms:Encrypt only", policy: W.policy(.allow(["kms:Encrypt"])), allows: false),
        ]
        return keyPolicies.flatMap { kp in
            ramPolicies.map { rp in
                AuthorizationCase(
                    name: "cross-account \(action): \(kp.label); \(rp.label)", caller: .user(.sharee, "alice"), call: call,
                    expected: Combination.crossAccount.allows(keyPolicy: kp, ram: rp) ? .success : denied,
                    keyPolicy: kp.policy, callerPolicy: rp.policy, callerSystemPolicies: rp.system)
            }
        }
    }

    /// Group D: same-account Encrypt by the owner's user bob; either side suffices (25 rows).
    static let sameAccountEncrypt: [AuthorizationCase] = {
        let bob = "acs:ram::\(W.owner):user/bob"
        let keyPolicies = [
            PolicyVariant(label: "key policy names only admin", policy: W.adminOnlyKeyPolicy(), allows: false),
            PolicyVariant(
                label: "key policy grants bob Encrypt",
                policy: W.adminOnlyKeyPolicy(.allow(["kms:Encrypt"], principal: W.ram(bob))), allows: true),
            PolicyVariant(
                label: "key policy grants bob Decrypt only",
                policy: W.adminOnlyKeyPolicy(.allow(["kms:Decrypt"], principal: W.ram(bob))), allows: false),
            PolicyVariant(
                label: "key policy denies bob Encrypt",
                policy: W.adminOnlyKeyPolicy(.deny(["kms:Encrypt"], principal: W.ram(bob))), allows: false, denies: true),
            PolicyVariant(
                label: "key policy denies every owner identity kms:*",
                policy: W.adminOnlyKeyPolicy(.deny(["kms:*"], principal: W.ram("acs:ram::\(W.owner):*"))),
                allows: false, denies: true),
        ]
        let ramPolicies = [
            PolicyVariant(label: "no RAM policy", policy: nil, allows: false),
            PolicyVariant(
                label: "RAM allows Encrypt on the key ARN", policy: W.policy(.allow(["kms:Encrypt"], on: [W.keyARN])),
                allows: true),
            PolicyVariant(label: "RAM allows kms:*", policy: W.policy(.allow(["kms:*"])), allows: true),
            PolicyVariant(
                label: "RAM allows * but denies Encrypt", policy: W.policy(.allow(["*"]), .deny(["kms:Encrypt"])),
                allows: false, denies: true),
            PolicyVariant(
                label: "RAM allows Encrypt on another key", policy: W.policy(.allow(["kms:Encrypt"], on: [W.otherKeyARN])),
                allows: false),
        ]
        return keyPolicies.flatMap { kp in
            ramPolicies.map { rp in
                AuthorizationCase(
                    name: "same-account Encrypt: \(kp.label); \(rp.label)", caller: .user(.owner, "bob"), call: .encrypt(.id),
                    expected: Combination.sameAccount.allows(keyPolicy: kp, ram: rp) ? .success : denied,
                    keyPolicy: kp.policy, callerPolicy: rp.policy, callerSystemPolicies: rp.system)
            }
        }
    }()
}
