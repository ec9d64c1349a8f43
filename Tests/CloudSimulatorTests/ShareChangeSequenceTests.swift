import CloudAPI
import CloudModel
import CloudSimulator
import KeyshareTesting
import Testing

/// The instance's per-account counts change in place and skip the release pass when a policy
/// only adds accounts: every sequence of grows, shrinks and swaps on two keys must still use
/// exactly bound VPCs + accounts named + accounts released less than 5 minutes ago.
@Suite("KMS share quota across sequences of policy changes")
struct ShareChangeSequenceTests {
    /// Steps: (key 0 or 1, sharee indexes the policy names, minutes the clock moves first).
    static let sequences: [(String, [(Int, [Int], Double)])] = [
        ("grow one by one", [(0, [0], 0), (0, [0, 1], 0), (0, [0, 1, 2], 0), (0, [0, 1, 2, 3], 0)]),
        ("grow then shrink", [(0, [0, 1, 2], 0), (0, [0], 0), (0, [0], 6)]),
        ("swap at the same size", [(0, [0, 1], 0), (0, [0, 2], 0), (0, [2, 3], 6)]),
        ("revoke all then grant back within 5 minutes", [(0, [0, 1], 0), (0, [], 0), (0, [0, 1], 1)]),
        ("two keys share an account", [(0, [0, 1], 0), (1, [1, 2], 0), (0, [0], 0), (1, [2], 0), (1, [2], 6)]),
        ("grow on one key while the other shrinks", [(0, [0, 1], 0), (1, [2], 0), (0, [0, 1, 3], 0), (1, [], 2)]),
    ]

    @Test("quota used matches a recount after every step", arguments: 0..<sequences.count)
    func matchesRecount(index: Int) async throws {
        let (name, steps) = Self.sequences[index]
        let world = ConformanceWorld(sharees: 4, vpcNum: 50, boundVPCs: 1)
        let cloud = try Fixtures.simulator(world)
        let f = world.fixture
        let second = try await cloud.createKey(CreateKeyRequest(dkmsInstanceID: f.instanceID), context: f.ownerRoot)
        let keys = [f.keyID, second.keyMetadata.keyID]
        for sharee in f.sharees {
            _ = try await cloud.createRole(
                CreateRoleRequest(
                    roleName: "KeyUser",
                    assumeRolePolicyDocument: SeedPolicies.ecsServiceTrust.json),
                context: .root(sharee))
        }
        var named: [Set<Int>] = [[], []]
        var releasedAt: [Int: Double] = [:]
        var minutes = 0.0
        for (key, sharees, wait) in steps {
            if wait > 0 {
                await cloud.advanceClock(by: wait * 60)
                minutes += wait
            }
            let before = named[0].union(named[1])
            named[key] = Set(sharees)
            let after = named[0].union(named[1])
            for gone in before.subtracting(after) { releasedAt[gone] = minutes }
            for back in after { releasedAt[back] = nil }
            let principals = sharees.map { SeedPolicies.roleARN(f.sharees[$0], "KeyUser") }
            let policy = SeedPolicies.keyPolicy(owner: f.owner, granting: principals)
            _ = try await cloud.setKeyPolicy(SetKeyPolicyRequest(keyID: keys[key], policy: policy.json), context: f.ownerRoot)
            let pending = releasedAt.values.filter { minutes - $0 < 5 }.count
            let answer = try await cloud.getKmsInstanceQuotaInfos(
                GetKmsInstanceQuotaInfosRequest(kmsInstanceID: f.instanceID, resourceType: "vpc"), context: f.ownerRoot)
            let used = try #require(answer.kmsInstanceQuotaInfos.first).usedQuantity
            #expect(used == 1 + after.count + pending, "\(name): after naming \(sharees) on key \(key)")
        }
    }
}
