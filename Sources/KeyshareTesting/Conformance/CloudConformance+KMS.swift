import CloudAPI
import CloudModel
import Foundation

extension CloudConformance {
    /// KMS: key lookup across accounts, key states, aliases, instances, crypto round trip (§2).
    static let kmsChecks: [ConformanceCheck] = [
        ConformanceCheck("DescribeKey of an unknown key fails with Forbidden.KeyNotFound") { run in
            try await run.expectFailure("DescribeKey", code: "Forbidden.KeyNotFound", httpStatus: 404) {
                try await run.cloud.describeKey(
                    DescribeKeyRequest(keyID: "key-hzz0000000000000000none"),
                    context: run.fixture.ownerRoot)
            }
        },
        ConformanceCheck("another account reaches a shared key by ARN only, never by key ID") { run in
            let f = run.fixture
            let policy = SeedPolicies.keyPolicy(owner: f.owner, granting: ["acs:ram::\(f.sharee):*"])
            try await run.expectSuccess("owner grants the sharee account") {
                try await run.cloud.setKeyPolicy(SetKeyPolicyRequest(keyID: f.keyID, policy: policy.json), context: f.ownerRoot)
            }
            let described = try await run.expectSuccess("sharee describes the key by ARN") {
                try await run.cloud.describeKey(DescribeKeyRequest(keyID: f.keyARN), context: f.root(f.sharee))
            }
            try run.expect(described.keyMetadata.keyID == f.keyID, "DescribeKey answers with the key ID")
            try run.expect(described.keyMetadata.creator == f.owner.rawValue, "the creator is the owner account")
            try await run.expectFailure("sharee describes the key by ID", code: "Forbidden.KeyNotFound", httpStatus: 404) {
                try await run.cloud.describeKey(DescribeKeyRequest(keyID: f.keyID), context: f.root(f.sharee))
            }
        },
        ConformanceCheck("another account without a key-policy grant is refused with Forbidden.NoPermission") { run in
            let f = run.fixture
            try await run.expectFailure("sharee encrypts by ARN", code: "Forbidden.NoPermission", httpStatus: 403) {
                try await run.cloud.encrypt(
                    EncryptRequest(keyID: f.keyARN, plaintext: Data("x".utf8).base64EncodedString()),
                    context: f.root(f.sharee))
            }
        },
        ConformanceCheck("Encrypt then Decrypt returns the plaintext under the same encryption context") { run in
            let f = run.fixture
            let plaintext = Data("keyshare conformance".utf8).base64EncodedString()
            let context = "{\"purpose\":\"conformance\"}"
            let sealed = try await run.expectSuccess("owner encrypts") {
                try await run.cloud.encrypt(
                    EncryptRequest(keyID: f.keyAlias, plaintext: plaintext, encryptionContext: context),
                    context: f.ownerRoot)
            }
            try run.expect(sealed.keyID == f.keyID, "Encrypt by alias answers with the key ID", sealed.keyID)
            let opened = try await run.expectSuccess("owner decrypts") {
                try await run.cloud.decrypt(
                    DecryptRequest(ciphertextBlob: sealed.ciphertextBlob, encryptionContext: context),
                    context: f.ownerRoot)
            }
            try run.expect(opened.plaintext == plaintext, "the plaintext comes back")
            try run.expect(opened.keyID == f.keyID, "Decrypt names the key")
        },
        ConformanceCheck("a disabled key refuses Encrypt with Rejected.Disabled and DescribeKey still works") { run in
            let f = run.fixture
            try await run.expectSuccess("owner disables the key") {
                try await run.cloud.disableKey(DisableKeyRequest(keyID: f.keyID), context: f.ownerRoot)
            }
            try await run.expectFailure("Encrypt", code: "Rejected.Disabled", httpStatus: 409) {
                try await run.cloud.encrypt(EncryptRequest(keyID: f.keyID, plaintext: "eA=="), context: f.ownerRoot)
            }
            let described = try await run.expectSuccess("DescribeKey") {
                try await run.cloud.describeKey(DescribeKeyRequest(keyID: f.keyID), context: f.ownerRoot)
            }
            try run.expect(
                described.keyMetadata.keyState == "Disabled", "the key reports Disabled", described.keyMetadata.keyState)
        },
        ConformanceCheck("a key pending deletion refuses EnableKey with Rejected.StateModifiedFailed") { run in
            let f = run.fixture
            try await run.expectSuccess("owner schedules deletion") {
                try await run.cloud.scheduleKeyDeletion(
                    ScheduleKeyDeletionRequest(keyID: f.keyID, pendingWindowInDays: 7),
                    context: f.ownerRoot)
            }
            try await run.expectFailure("EnableKey", code: "Rejected.StateModifiedFailed", httpStatus: 409) {
                try await run.cloud.enableKey(EnableKeyRequest(keyID: f.keyID), context: f.ownerRoot)
            }
            try await run.expectFailure("GenerateDataKey", code: "Rejected.PendingDeletion", httpStatus: 409) {
                try await run.cloud.generateDataKey(GenerateDataKeyRequest(keyID: f.keyID), context: f.ownerRoot)
            }
        },
        ConformanceCheck("CancelKeyDeletion of an enabled key fails with Rejected.StateModifiedFailed") { run in
            let f = run.fixture
            try await run.expectFailure("CancelKeyDeletion", code: "Rejected.StateModifiedFailed", httpStatus: 409) {
                try await run.cloud.cancelKeyDeletion(CancelKeyDeletionRequest(keyID: f.keyID), context: f.ownerRoot)
            }
        },
        ConformanceCheck("CreateAlias refuses a taken alias and the reserved alias/acs prefix") { run in
            let f = run.fixture
            try await run.expectFailure("taken alias", code: "AliasAlreadyExists", httpStatus: 400) {
                try await run.cloud.createAlias(CreateAliasRequest(aliasName: f.keyAlias, keyID: f.keyID), context: f.ownerRoot)
            }
            try await run.expectFailure("reserved prefix", code: "InvalidParameter", httpStatus: 400) {
                try await run.cloud.createAlias(
                    CreateAliasRequest(aliasName: "alias/acs/mine", keyID: f.keyID), context: f.ownerRoot)
            }
            try await run.expectSuccess("a fresh alias") {
                try await run.cloud.createAlias(
                    CreateAliasRequest(aliasName: "alias/conformance-second", keyID: f.keyID),
                    context: f.ownerRoot)
            }
        },
        ConformanceCheck("CreateKey in an unknown instance fails with Forbidden.DKMSInstanceNotFound") { run in
            try await run.expectFailure("CreateKey", code: "Forbidden.DKMSInstanceNotFound", httpStatus: 403) {
                try await run.cloud.createKey(
                    CreateKeyRequest(dkmsInstanceID: "kst-hzz0000000000none"), context: run.fixture.ownerRoot)
            }
        },
        ConformanceCheck("a default key outside an instance has no key policy (Forbidden.KeyPolicyUnSupported)") { run in
            let f = run.fixture
            let created = try await run.expectSuccess("CreateKey without an instance") {
                try await run.cloud.createKey(CreateKeyRequest(), context: f.ownerRoot)
            }
            try await run.expectFailure("GetKeyPolicy", code: "Forbidden.KeyPolicyUnSupported", httpStatus: 400) {
                try await run.cloud.getKeyPolicy(GetKeyPolicyRequest(keyID: created.keyMetadata.keyID), context: f.ownerRoot)
            }
        },
        ConformanceCheck("SetKeyPolicy is idempotent and GetKeyPolicy returns the grant") { run in
            let f = run.fixture
            try await run.expectSuccess("sharee prepares the role") {
                try await SeedProcedure.prepareDiskEncryptRole(in: f.sharee, cloud: run.cloud)
            }
            for attempt in 1...2 {
                try await run.expectSuccess("grant, attempt \(attempt)") {
                    try await SeedProcedure.grantKey(f, to: [f.sharee], cloud: run.cloud)
                }
            }
            let policy = try await run.expectSuccess("GetKeyPolicy") {
                try await run.cloud.getKeyPolicy(GetKeyPolicyRequest(keyID: f.keyID), context: f.ownerRoot)
            }
            let roleARN = SeedPolicies.roleARN(f.sharee, SeedPolicies.diskEncryptRole).lowercased()
            try run.expect(policy.policy.lowercased().contains(roleARN), "the policy names the sharee role")
            let quota = try await run.expectSuccess("GetKmsInstanceQuotaInfos") {
                try await run.cloud.getKmsInstanceQuotaInfos(
                    GetKmsInstanceQuotaInfosRequest(kmsInstanceID: f.instanceID, resourceType: "vpc"), context: f.ownerRoot)
            }
            let vpc = quota.kmsInstanceQuotaInfos.first { $0.resourceType == "vpc" }
            try run.expect(
                vpc?.usedQuantity == 1, "one sharee uses one unit however often it is granted",
                "used \(vpc.map { String($0.usedQuantity) } ?? "none")")
        },
        ConformanceCheck("GetKmsInstance reports the access-management quota as VpcNum") { run in
            let f = run.fixture
            let instance = try await run.expectSuccess("GetKmsInstance") {
                try await run.cloud.getKmsInstance(GetKmsInstanceRequest(kmsInstanceID: f.instanceID), context: f.ownerRoot)
            }
            try run.expect(instance.kmsInstance.vpcNum == 10, "VpcNum is the world's vpc_num", "\(instance.kmsInstance.vpcNum)")
            try run.expect(instance.kmsInstance.instanceID == f.instanceID, "the instance id comes back")
        },
    ]
}
