import Testing

@testable import CloudModel

private let owner = PolicyFixtures.owner
private let sharee = PolicyFixtures.sharee
private let keyARN = PolicyFixtures.keyARN
private let ecsDiskRole = Principal.assumedRole(sharee, roleName: "AliyunECSDiskEncryptDefaultRole", sessionName: "ecs")

private func source(_ name: String, _ json: String, _ kind: PolicyKind) throws -> PolicySource {
    PolicySource(name: name, document: try PolicyDocument.parse(json, kind: kind))
}

private func ref(_ source: String, _ index: Int, _ sid: String? = nil) -> StatementReference {
    StatementReference(source: source, index: index, sid: sid)
}

@Suite("Seed procedure policies")
struct SeedPolicyTests {
    @Test(
        "every seed policy parses as its kind",
        arguments: [
            (SeedPolicies.diskEncryptRolePolicy, PolicyKind.identity),
            (SeedPolicies.shareRoleKeyPolicy, .identity),
            (SeedPolicies.recipientTrust, .trust),
            (SeedPolicies.ecsServiceTrust, .trust),
            (SeedPolicies.defaultKeyPolicy, .keyPolicy),
            (SeedPolicies.sharedKeyPolicy, .keyPolicy),
        ])
    func parses(json: String, kind: PolicyKind) throws {
        let document = try PolicyDocument.parse(json, kind: kind)
        #expect(document.kind == kind)
    }

    @Test(
        "the disk-encrypt role policy grants use of any key and listing, nothing else",
        arguments: [
            ("kms:Encrypt", keyARN.description, [1]),
            ("kms:Decrypt", keyARN.description, [1]),
            ("kms:GenerateDataKey", keyARN.description, [1]),
            ("kms:DescribeKey", keyARN.description, [0]),
            ("kms:ListKeys", "acs:kms:cn-hangzhou:\(sharee):key", [0]),
            ("kms:listaliases", "acs:kms:cn-hangzhou:\(owner):key", [0]),
            ("kms:Encrypt", "acs:kms:cn-hangzhou:\(sharee):key", []),
            ("kms:ScheduleKeyDeletion", keyARN.description, []),
            ("kms:SetKeyPolicy", keyARN.description, []),
            ("ecs:CreateDisk", "acs:ecs:cn-hangzhou:\(sharee):disk/d-1", []),
        ])
    func diskEncryptRolePolicy(action: String, resource: String, allowedBy: [Int]) throws {
        let policy = try source("DiskEncrypt@v1", SeedPolicies.diskEncryptRolePolicy, .identity)
        let request = AccessRequest(principal: ecsDiskRole, action: action, resource: ResourceName(parsing: resource)!)
        let decision = PolicyEvaluator.evaluate(request, against: [policy])
        #expect(decision == (allowedBy.isEmpty ? .implicitDeny : .allow(by: allowedBy.map { ref("DiskEncrypt@v1", $0) })))
    }

    @Test(
        "the share-role policy is scoped to one key of one region and account",
        arguments: [
            ("kms:ListKeys", "acs:kms:cn-hangzhou:\(owner):key", true),
            ("kms:Decrypt", "acs:kms:cn-hangzhou:\(owner):key/\(PolicyFixtures.keyID)", true),
            ("kms:GenerateDataKey", "acs:kms:cn-hangzhou:\(owner):key/\(PolicyFixtures.keyID)", true),
            ("kms:Decrypt", "acs:kms:cn-hangzhou:\(owner):key/key-hzzother", false),
            ("kms:Decrypt", "acs:kms:cn-beijing:\(owner):key/\(PolicyFixtures.keyID)", false),
            ("kms:Decrypt", "acs:kms:cn-hangzhou:\(sharee):key/\(PolicyFixtures.keyID)", false),
            ("kms:Decrypt", "acs:kms:cn-hangzhou:\(owner):key/\(PolicyFixtures.keyID)0", false),
            ("kms:ListKeys", "acs:kms:cn-hangzhou:\(sharee):key", false),
            ("kms:DisableKey", "acs:kms:cn-hangzhou:\(owner):key/\(PolicyFixtures.keyID)", false),
        ])
    func shareRolePolicy(action: String, resource: String, allowed: Bool) throws {
        let policy = try source("ShareKey@v1", SeedPolicies.shareRoleKeyPolicy, .identity)
        let caller = Principal.assumedRole(owner, roleName: "AliyunECSShareEncryptImageDefaultRole", sessionName: "ecs")
        let decision = PolicyEvaluator.evaluate(
            AccessRequest(principal: caller, action: action, resource: ResourceName(parsing: resource)!), against: [policy])
        #expect(decision.isAllowed == allowed)
        #expect(!decision.isExplicitDeny)
    }

    @Test(
        "the recipient trust lets only ECS acting for the recipient assume the share role",
        arguments: [
            (Principal.service("ecs.aliyuncs.com", onBehalfOf: sharee), true),
            (.service("ecs.aliyuncs.com", onBehalfOf: owner), false),
            (.service("ecs.aliyuncs.com", onBehalfOf: nil), false),
            (.service("oss.aliyuncs.com", onBehalfOf: sharee), false),
            (.account(sharee), false),
            (.account(owner), false),
            (.user(owner, name: "admin"), false),
        ])
    func recipientTrust(caller: Principal, allowed: Bool) throws {
        let trust = try source("trust policy", SeedPolicies.recipientTrust, .trust)
        let role = ResourceName.role("AliyunECSShareEncryptImageDefaultRole", in: owner)
        let trustDecision = PolicyEvaluator.evaluate(
            AccessRequest(principal: caller, action: "sts:AssumeRole", resource: role), against: [trust])
        #expect(trustDecision == (allowed ? .allow(by: [ref("trust policy", 0)]) : .implicitDeny))
        let final = Decision.combineForAssumeRole(identity: .implicitDeny, trust: trustDecision, caller: caller)
        #expect(final.isAllowed == allowed)
    }

    @Test(
        "a plain ecs.aliyuncs.com trust admits ECS acting for the role's own account only",
        arguments: [
            (Principal.service("ecs.aliyuncs.com", onBehalfOf: sharee), true),
            (.service("ecs.aliyuncs.com", onBehalfOf: owner), false),
            (.service("ECS.aliyuncs.com", onBehalfOf: sharee), true),
            (.user(sharee, name: "admin"), false),
        ])
    func ecsServiceTrust(caller: Principal, allowed: Bool) throws {
        let trust = try source("trust policy", SeedPolicies.ecsServiceTrust, .trust)
        let role = ResourceName.role("AliyunECSDiskEncryptDefaultRole", in: sharee)
        let decision = PolicyEvaluator.evaluate(
            AccessRequest(principal: caller, action: "sts:AssumeRole", resource: role), against: [trust])
        #expect(Decision.combineForAssumeRole(identity: .implicitDeny, trust: decision, caller: caller).isAllowed == allowed)
    }

    @Test(
        "the default key policy admits every identity of the owner and nobody else",
        arguments: [
            (Principal.account(owner), true),
            (.user(owner, name: "alice"), true),
            (.assumedRole(owner, roleName: "ops", sessionName: "s"), true),
            (.account(sharee), false),
            (ecsDiskRole, false),
            (.service("ecs.aliyuncs.com", onBehalfOf: owner), false),
        ])
    func defaultKeyPolicy(caller: Principal, allowed: Bool) throws {
        let policy = try source("key policy", SeedPolicies.defaultKeyPolicy, .keyPolicy)
        let decision = PolicyEvaluator.evaluate(
            AccessRequest(principal: caller, action: "kms:ScheduleKeyDeletion", resource: keyARN), against: [policy])
        #expect(decision == (allowed ? .allow(by: [ref("key policy", 0, "kms default key policy")]) : .implicitDeny))
    }

    @Test(
        "the shared key policy grants the sharee's ECS disk role the use actions only",
        arguments: [
            ("kms:Decrypt", true), ("kms:Encrypt", true), ("kms:GenerateDataKey", true), ("kms:DescribeKey", true),
            ("kms:ListKeyVersions", true), ("kms:DisableKey", false), ("kms:SetKeyPolicy", false),
            ("kms:ScheduleKeyDeletion", false), ("kms:TagResource", false),
        ])
    func sharedKeyPolicy(action: String, allowed: Bool) throws {
        let keyPolicy = try source("key policy", SeedPolicies.sharedKeyPolicy, .keyPolicy)
        let identity = try source("DiskEncrypt@v1", SeedPolicies.diskEncryptRolePolicy, .identity)
        let request = AccessRequest(principal: ecsDiskRole, action: action, resource: keyARN)
        let resourceSide = PolicyEvaluator.evaluate(request, against: [keyPolicy])
        #expect(resourceSide == (allowed ? .allow(by: [ref("key policy", 1)]) : .implicitDeny))
        let identitySide = PolicyEvaluator.evaluate(request, against: [identity])
        let final = Decision.combine(identity: identitySide, resource: resourceSide, sameAccount: false)
        // TagResource: the identity policy allows it but the key policy does not → cross-account denies.
        #expect(final.isAllowed == allowed)
    }

    @Test("cross-account use needs both the sharee's RAM policy and the owner's key policy")
    func crossAccountNeedsBoth() throws {
        let request = AccessRequest(principal: ecsDiskRole, action: "kms:GenerateDataKey", resource: keyARN)
        let identity = PolicyEvaluator.evaluate(
            request, against: [try source("DiskEncrypt@v1", SeedPolicies.diskEncryptRolePolicy, .identity)])
        let shared = PolicyEvaluator.evaluate(
            request, against: [try source("key policy", SeedPolicies.sharedKeyPolicy, .keyPolicy)])
        let unshared = PolicyEvaluator.evaluate(
            request, against: [try source("key policy", SeedPolicies.defaultKeyPolicy, .keyPolicy)])
        #expect(
            Decision.combine(identity: identity, resource: shared, sameAccount: false)
                == .allow(by: [ref("DiskEncrypt@v1", 1), ref("key policy", 1)]))
        #expect(Decision.combine(identity: identity, resource: unshared, sameAccount: false) == .implicitDeny)
        #expect(Decision.combine(identity: .implicitDeny, resource: shared, sameAccount: false) == .implicitDeny)
    }
}
