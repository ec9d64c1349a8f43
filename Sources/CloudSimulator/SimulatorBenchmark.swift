import CloudAPI
import CloudModel
import Foundation

/// The simulator's performance figures (issue 3): simple in-process calls per second, and the
/// wall time of the whole seed procedure for many sharee accounts. Run by `keyshare sim bench`.
package enum SimulatorBenchmark {
    /// What one run measured.
    package struct Figures: Sendable {
        /// GetRole calls per second (root caller, one role).
        package var getRolePerSecond: Double
        /// DescribeKey calls per second (owner root, by id).
        package var describeKeyPerSecond: Double
        /// Sharee accounts in the seed run.
        package var sharees: Int
        /// Seconds for the seed procedure: every sharee's policy, role and attachment, the owner's
        /// key policies (100 sharees per key) and one encrypted CreateDisk per sharee.
        package var seedSeconds: Double
    }

    /// Runs `calls` GetRole and DescribeKey calls and the seed procedure for `sharees` accounts.
    package static func run(calls: Int = 200_000, sharees: Int = 1000) async throws -> Figures {
        let owner = AccountID("1000000000000001")!
        let cloud = try SimulatedCloud(world: .starter(accounts: sharees), environment: .deterministic())
        let members = (1...sharees).map { index -> AccountID in
            let digits = String(index)
            return AccountID("2" + String(repeating: "0", count: 15 - digits.count) + digits)!
        }
        let getRole = GetRoleRequest(roleName: "ResourceDirectoryAccountAccessRole")
        let member = CallContext.root(members[0])
        var start = DispatchTime.now()
        for _ in 0..<calls { _ = try await cloud.getRole(getRole, context: member) }
        let getRoleRate = Double(calls) / seconds(since: start)
        let keyID = try await cloud.describeKey(DescribeKeyRequest(keyID: "alias/shared-disk-key"), context: .root(owner))
            .keyMetadata.keyID
        let describe = DescribeKeyRequest(keyID: keyID)
        let ownerRoot = CallContext.root(owner)
        start = DispatchTime.now()
        for _ in 0..<calls { _ = try await cloud.describeKey(describe, context: ownerRoot) }
        let describeRate = Double(calls) / seconds(since: start)

        start = DispatchTime.now()
        try await seed(cloud, owner: owner, sharees: members)
        return Figures(getRolePerSecond: getRoleRate, describeKeyPerSecond: describeRate, sharees: sharees,
                       seedSeconds: seconds(since: start))
    }

    private static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    /// The seed procedure of `seed-ecs-cross-account-key-sharing.txt` for every sharee.
    private static func seed(_ cloud: SimulatedCloud, owner: AccountID, sharees: [AccountID]) async throws {
        let role = "AliyunECSDiskEncryptDefaultRole"
        let trust = #"{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":["ecs.aliyuncs.com"]}}],"Version":"1"}"#
        let rolePolicy = #"{"Version":"1","Statement":[{"Action":["kms:List*","kms:DescribeKey","kms:TagResource","kms:UntagResource"],"Resource":["acs:kms:*:*:*","acs:kms:*:*:*/*"],"Effect":"Allow"},{"Action":["kms:Encrypt","kms:Decrypt","kms:GenerateDataKey"],"Resource":["acs:kms:*:*:*/*"],"Effect":"Allow"}]}"#
        for sharee in sharees {
            let root = CallContext.root(sharee)
            _ = try await cloud.createPolicy(CreatePolicyRequest(policyName: "AliyunECSDiskEncryptCustomizedPolicy",
                                                                 policyDocument: rolePolicy), context: root)
            _ = try await cloud.createRole(CreateRoleRequest(roleName: role, assumeRolePolicyDocument: trust), context: root)
            _ = try await cloud.attachPolicyToRole(AttachPolicyToRoleRequest(policyName: "AliyunECSDiskEncryptCustomizedPolicy",
                                                                             roleName: role), context: root)
        }
        let ownerRoot = CallContext.root(owner)
        let instance = try await cloud.listKmsInstances(ListKmsInstancesRequest(), context: ownerRoot)
            .kmsInstances.kmsInstance[0].kmsInstanceID
        var keyOf: [AccountID: String] = [:]
        for start in stride(from: 0, to: sharees.count, by: 100) {
            let group = sharees[start..<min(sharees.count, start + 100)]
            let key = try await cloud.createKey(CreateKeyRequest(dkmsInstanceID: instance), context: ownerRoot).keyMetadata.keyID
            let principals = group.map { "\"acs:ram::\($0):role/\(role)\"" }.joined(separator: ",")
            let policy = #"{"Version":"1","Statement":[{"Sid":"kms default key policy","Effect":"Allow","Principal":{"RAM":["acs:ram::"#
                + owner.rawValue + #":*"]},"Action":["kms:*"],"Resource":["*"]},{"Effect":"Allow","Principal":{"RAM":["#
                + principals + #"]},"Action":["kms:List*","kms:DescribeKey","kms:Encrypt","kms:Decrypt","kms:GenerateDataKey"],"Resource":["*"]}]}"#
            _ = try await cloud.setKeyPolicy(SetKeyPolicyRequest(keyID: key, policy: policy), context: ownerRoot)
            for sharee in group { keyOf[sharee] = key }
        }
        for sharee in sharees {
            _ = try await cloud.createDisk(
                CreateDiskRequest(regionID: "cn-hangzhou", zoneID: "cn-hangzhou-h", diskCategory: "cloud_essd", size: 40,
                                  encrypted: true, kmsKeyID: keyOf[sharee]),
                context: .root(sharee))
        }
    }
}
