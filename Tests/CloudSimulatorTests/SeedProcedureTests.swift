import CloudAPI
import CloudModel
import CloudSimulator
import KeyshareTesting
import Testing

/// The seed procedure (seed-ecs-cross-account-key-sharing.txt) end to end in Swift, then with
/// each ingredient removed in turn.
@Suite("Seed procedure")
struct SeedProcedureTests {
    let f = ConformanceWorld().fixture

    @Test("the seed end to end: the sharee's encrypted disk uses the shared key and shows its ID only")
    func endToEnd() async throws {
        let cloud = try Fixtures.simulator()
        try await SeedProcedure.prepareDiskEncryptRole(in: f.sharee, cloud: cloud)
        try await SeedProcedure.grantKey(f, to: [f.sharee], cloud: cloud)
        let diskID = try await SeedProcedure.createEncryptedDisk(as: f.sharee, keyID: f.keyID, cloud: cloud)
        let request = DescribeDisksRequest(regionID: "cn-hangzhou", diskIDs: "[\"\(diskID)\"]")
        let listed = try await cloud.describeDisks(request, context: f.root(f.sharee)).disks.disk
        let creating = try #require(listed.first)
        #expect(creating.status == "Creating")
        await cloud.advanceClock(by: ECSStaging.settle)
        let settled = try await cloud.describeDisks(request, context: f.root(f.sharee)).disks.disk
        let disk = try #require(settled.first)
        #expect(disk.status == "Available")
        #expect(disk.encrypted)
        #expect(disk.kmsKeyID == f.keyID)
        #expect(!disk.kmsKeyID.contains("acs:") && !disk.kmsKeyID.contains("alias"))
        let ownerView = try await cloud.describeDisks(DescribeDisksRequest(regionID: "cn-hangzhou"), context: f.ownerRoot)
        #expect(ownerView.disks.disk.isEmpty, "the disk belongs to the sharee, not the key owner")
    }

    /// One ingredient of the seed removed or broken, and the error the reference documents for it.
    enum Break: String, CaseIterable, Sendable {
        case noRole, roleDeletedAfterGrant, trustNamesAccount, policyWithoutGenerateDataKey, policyDetached
        case keyPolicyWithoutRole, grantRevoked, keyDisabled, keyPendingDeletion, unknownKey, encryptedFalse

        var expected: Outcome {
            switch self {
            case .noRole, .roleDeletedAfterGrant, .trustNamesAccount, .policyWithoutGenerateDataKey, .policyDetached:
                .error("InvalidParameter.KMSKeyId.KMSUnauthorized", 403)
            case .keyPolicyWithoutRole, .grantRevoked: .error("InvalidParameter.KMSKeyId.CMKUnauthorized", 403)
            case .keyDisabled, .keyPendingDeletion: .error("InvalidParameter.KMSKeyId.CMKNotEnabled", 403)
            case .unknownKey: .error("InvalidParameter.KMSKeyId.NotFound", 404)
            case .encryptedFalse: .error("InvalidEncrypted.NotMatchKmsKeyId", 400)
            }
        }
    }

    @Test(
        "removing one ingredient gives the documented CreateDisk error",
        arguments: Break.allCases)
    func broken(_ ingredient: Break) async throws {
        try await check(ingredient)
    }

    /// Builds the seed with `ingredient` removed and checks the encrypted CreateDisk outcome.
    func check(_ ingredient: Break) async throws {
        let cloud = try Fixtures.simulator()
        let root = f.root(f.sharee)
        let role = SeedPolicies.diskEncryptRole
        switch ingredient {
        case .noRole: break
        case .trustNamesAccount:
            let trust = PolicyFixture(
                .init(effect: "Allow", action: ["sts:AssumeRole"], principal: ["RAM": ["acs:ram::\(f.sharee):root"]]))
            try await SeedProcedure.prepareDiskEncryptRole(in: f.sharee, cloud: cloud, trust: trust)
            try await SeedProcedure.grantKey(f, to: [f.sharee], cloud: cloud)
        case .policyWithoutGenerateDataKey:
            try await SeedProcedure.prepareDiskEncryptRole(
                in: f.sharee, cloud: cloud, policy: SeedPolicies.diskEncryptPolicyDocument(withoutGenerateDataKey: true))
            try await SeedProcedure.grantKey(f, to: [f.sharee], cloud: cloud)
        case .keyPolicyWithoutRole:
            try await SeedProcedure.prepareDiskEncryptRole(in: f.sharee, cloud: cloud)
        default:
            try await SeedProcedure.prepareDiskEncryptRole(in: f.sharee, cloud: cloud)
            try await SeedProcedure.grantKey(f, to: [f.sharee], cloud: cloud)
        }
        let detach = DetachPolicyFromRoleRequest(policyName: SeedPolicies.diskEncryptPolicy, roleName: role)
        switch ingredient {
        case .roleDeletedAfterGrant:
            _ = try await cloud.detachPolicyFromRole(detach, context: root)
            _ = try await cloud.deleteRole(DeleteRoleRequest(roleName: role), context: root)
        case .policyDetached:
            _ = try await cloud.detachPolicyFromRole(detach, context: root)
        case .grantRevoked:
            try await SeedProcedure.grantKey(f, to: [], cloud: cloud)
        case .keyDisabled:
            _ = try await cloud.disableKey(DisableKeyRequest(keyID: f.keyID), context: f.ownerRoot)
        case .keyPendingDeletion:
            _ = try await cloud.scheduleKeyDeletion(
                ScheduleKeyDeletionRequest(keyID: f.keyID, pendingWindowInDays: 7),
                context: f.ownerRoot)
        default: break
        }
        let keyID = ingredient == .unknownKey ? "key-hzz0000000000000000none" : f.keyID
        let outcome = await Outcome.of {
            _ = try await SeedProcedure.createEncryptedDisk(
                as: f.sharee, keyID: keyID, cloud: cloud,
                encrypted: ingredient == .encryptedFalse ? false : true)
        }
        #expect(outcome == ingredient.expected)
    }

    @Test("SetKeyPolicy naming a sharee role that does not exist fails with InvalidParameter")
    func grantToMissingRole() async throws {
        let cloud = try Fixtures.simulator()
        let outcome = await Outcome.of { try await SeedProcedure.grantKey(f, to: [f.sharee], cloud: cloud) }
        #expect(outcome == .error("InvalidParameter", 400))
        let other = f.sharees[1]
        try await SeedProcedure.prepareDiskEncryptRole(in: other, cloud: cloud)
        let wrongAccount = await Outcome.of { try await SeedProcedure.grantKey(f, to: [f.sharee], cloud: cloud) }
        #expect(wrongAccount == .error("InvalidParameter", 400), "a role of that name in another account does not count")
    }

    @Test("a grant past the access-management quota fails with Rejected.ShareQuotaExceedLimit")
    func quotaExhausted() async throws {
        let world = ConformanceWorld(sharees: 3, vpcNum: 2)
        let f = world.fixture
        let cloud = try Fixtures.simulator(world)
        for sharee in f.sharees { try await SeedProcedure.prepareDiskEncryptRole(in: sharee, cloud: cloud) }
        try await SeedProcedure.grantKey(f, to: Array(f.sharees.prefix(2)), cloud: cloud)
        let outcome = await Outcome.of { try await SeedProcedure.grantKey(f, to: f.sharees, cloud: cloud) }
        #expect(outcome == .error("Rejected.ShareQuotaExceedLimit", 400))
        let policy = try await cloud.getKeyPolicy(GetKeyPolicyRequest(keyID: f.keyID), context: f.ownerRoot).policy
        #expect(!policy.contains(f.sharees[2].rawValue), "a refused SetKeyPolicy leaves the old policy in place")
    }

    @Test("re-sharing an encrypted image needs AliyunECSShareEncryptImageDefaultRole trusted by <UID>@ecs.aliyuncs.com")
    func imageReshare() async throws {
        let cloud = try Fixtures.simulator()
        let image = try await ECSStaging.encryptedImage(cloud, f)
        let recipient = f.sharees[1]
        let share = ModifyImageSharePermissionRequest(regionID: "cn-hangzhou", imageID: image, addAccount: [recipient.rawValue])
        let withoutRole = await Outcome.of { _ = try await cloud.modifyImageSharePermission(share, context: f.root(f.sharee)) }
        #expect(withoutRole == .error("AssumeRoleError", 403))
        try await ECSStaging.prepareShareImageRole(cloud, f, trust: SeedPolicies.ecsServiceTrust)
        let plainECSTrust = await Outcome.of { _ = try await cloud.modifyImageSharePermission(share, context: f.root(f.sharee)) }
        #expect(plainECSTrust == .error("AssumeRoleError", 403), "a plain ecs.aliyuncs.com principal is not enough")
        let otherRecipient = SeedPolicies.shareTrust(recipients: [f.sharees[2]])
        _ = try await cloud.updateRole(
            UpdateRoleRequest(
                roleName: SeedPolicies.shareImageRole,
                newAssumeRolePolicyDocument: otherRecipient.json), context: f.root(f.sharee))
        let wrongRecipient = await Outcome.of { _ = try await cloud.modifyImageSharePermission(share, context: f.root(f.sharee)) }
        #expect(wrongRecipient == .error("AssumeRoleError", 403), "the trust must name the recipient's UID")
        let rightTrust = SeedPolicies.shareTrust(recipients: [recipient])
        _ = try await cloud.updateRole(
            UpdateRoleRequest(
                roleName: SeedPolicies.shareImageRole,
                newAssumeRolePolicyDocument: rightTrust.json), context: f.root(f.sharee))
        _ = try await cloud.modifyImageSharePermission(share, context: f.root(f.sharee))
        let shared = try await cloud.describeImageSharePermission(
            DescribeImageSharePermissionRequest(regionID: "cn-hangzhou", imageID: image), context: f.root(f.sharee))
        #expect(shared.accounts.account.map(\.aliyunID) == [recipient.rawValue])
    }

    @Test("the seed runs for every sharee of a larger organisation within quota")
    func manySharees() async throws {
        let world = ConformanceWorld(sharees: 12, vpcNum: 12)
        let f = world.fixture
        let cloud = try Fixtures.simulator(world)
        for sharee in f.sharees { try await SeedProcedure.prepareDiskEncryptRole(in: sharee, cloud: cloud) }
        try await SeedProcedure.grantKey(f, to: f.sharees, cloud: cloud)
        for sharee in f.sharees {
            _ = try await SeedProcedure.createEncryptedDisk(as: sharee, keyID: f.keyID, cloud: cloud)
        }
        let quota = try await cloud.getKmsInstanceQuotaInfos(
            GetKmsInstanceQuotaInfosRequest(kmsInstanceID: f.instanceID, resourceType: "vpc"), context: f.ownerRoot)
        let vpc = try #require(quota.kmsInstanceQuotaInfos.first { $0.resourceType == "vpc" })
        #expect(vpc.usedQuantity == 12)
        #expect(vpc.resourceQuota == 12)
    }
}
