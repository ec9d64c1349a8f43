import CloudAPI
import CloudModel
import CloudSimulator
import Foundation
import Grants
import Testing

/// ``KeyPool`` against the simulator: a starter world with two keys whose first key policy is
/// padded by a foreign statement until exactly two sharee roles fit.
@Suite("Key pool")
struct KeyPoolTests {
    private let owner = AccountID("1000000000000001")!
    private var root: CallContext { .root(owner, region: .hangzhou) }

    private func member(_ index: Int) -> String { String(format: "2%015d", index) }
    private func roles(_ index: Int) -> [String] { ["acs:ram::\(member(index)):role/AliyunECSDiskEncryptDefaultRole"] }

    private func keys(_ cloud: SimulatedCloud) async throws -> [SharedKey] {
        var keys: [SharedKey] = []
        for alias in ["alias/shared-disk-key", "alias/shared-disk-key-2"] {
            let metadata = try await cloud.call(DescribeKeyRequest(keyID: alias), context: root).keyMetadata
            keys.append(SharedKey(metadata: metadata, owner: owner, region: .hangzhou))
        }
        return keys
    }

    /// A key policy: the default statement plus a foreign `padding` statement listing `actions`.
    private func policy(_ actions: [String]) -> String {
        let list = actions.map { "\"\($0)\"" }.joined(separator: ",")
        return
            #"{"Version":"1","Statement":[{"Sid":"kms default key policy","Effect":"Allow","Principal":{"RAM":["acs:ram::1000000000000001:*"]},"Action":["kms:*"],"Resource":["*"]},{"Sid":"padding","Effect":"Allow","Principal":{"RAM":["acs:ram::1000000000000001:root"]},"Action":["#
            + list + #"],"Resource":["*"]}]}"#
    }

    /// Pads the key's policy so that members 1 and 2 fit and member 3 does not.
    private func pad(_ key: SharedKey, cloud: SimulatedCloud) async throws {
        func bytes(_ text: String) throws -> Int { try KeyPolicyDocument(text: text).byteCount }
        let base = try KeyPolicyDocument(text: policy(["kms:P"]))
        var trial = base
        trial.grant(roles(1) + roles(2))
        let room = trial.byteCount - base.byteCount + roles(3)[0].utf8.count + 2
        let target = KeyPolicyDocument.maximumBytes - room
        let filler = (0..<((target - base.byteCount) / 19 - 1)).map { String(format: "kms:Pad%09d", $0) }
        let short = try bytes(policy(filler + ["kms:P"]))
        let text = policy(filler + ["kms:P" + String(repeating: "x", count: target - short)])
        #expect(try bytes(text) == target)
        _ = try await cloud.call(SetKeyPolicyRequest(keyID: key.keyID, policy: text), context: root)
    }

    private func createRoles(_ members: ClosedRange<Int>, cloud: SimulatedCloud) async throws {
        let trust =
            #"{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":["ecs.aliyuncs.com"]}}]}"#
        for index in members {
            _ = try await cloud.call(
                CreateRoleRequest(roleName: "AliyunECSDiskEncryptDefaultRole", assumeRolePolicyDocument: trust),
                context: .root(AccountID(member(index))!, region: .hangzhou))
        }
    }

    @Test("new accounts fill the first key with room; an account keeps its key, in this run and the next")
    func assigns() async throws {
        let cloud = try SimulatedCloud(world: .starter(accounts: 6, keys: 2), environment: .deterministic())
        let keys = try await keys(cloud)
        try await pad(keys[0], cloud: cloud)
        let pool = KeyPool(cloud: cloud, keys: keys)
        #expect(try await pool.assign(account: member(1), principals: roles(1)) == 0)
        #expect(try await pool.assign(account: member(2), principals: roles(2)) == 0)
        #expect(try await pool.assign(account: member(3), principals: roles(3)) == 1)
        #expect(try await pool.assign(account: member(1), principals: roles(1)) == 0)

        // Grant as the run would, then a fresh pool (the next run) finds the same keys by membership.
        try await createRoles(1...4, cloud: cloud)
        _ = try await KeyPolicyWriter(cloud: cloud, key: keys[0]).grant(roles(1) + roles(2))
        _ = try await KeyPolicyWriter(cloud: cloud, key: keys[1]).grant(roles(3))
        let next = KeyPool(cloud: cloud, keys: keys)
        #expect(try await next.assign(account: member(3), principals: roles(3)) == 1)
        #expect(try await next.assign(account: member(2), principals: roles(2)) == 0)
        #expect(try await next.assign(account: member(4), principals: roles(4)) == 1)
    }

    @Test("concurrent first calls read the policies once and never hand one key's last room out twice")
    func concurrentAssignments() async throws {
        let cloud = try SimulatedCloud(world: .starter(accounts: 6, keys: 2), environment: .deterministic())
        let keys = try await keys(cloud)
        try await pad(keys[0], cloud: cloud)
        let pool = KeyPool(cloud: cloud, keys: keys)
        let indices = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 1...6 {
                group.addTask { try await pool.assign(account: member(index), principals: roles(index)) }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(indices.filter { $0 == 0 }.count == 2, "\(indices)")
        #expect(indices.filter { $0 == 1 }.count == 4, "\(indices)")
    }

    @Test("a pool with no room left refuses with KeyPoolFull naming the fix")
    func full() async throws {
        let cloud = try SimulatedCloud(world: .starter(accounts: 6, keys: 2), environment: .deterministic())
        let keys = try await keys(cloud)
        try await pad(keys[0], cloud: cloud)
        let pool = KeyPool(cloud: cloud, keys: [keys[0]])
        _ = try await pool.assign(account: member(1), principals: roles(1))
        _ = try await pool.assign(account: member(2), principals: roles(2))
        let error = await #expect(throws: CloudError.self) {
            try await pool.assign(account: member(3), principals: roles(3))
        }
        #expect(error?.code == "keyshare.KeyPoolFull")
        #expect(error?.message.contains("create another key in the pool") == true, "\(String(describing: error))")
    }
}
