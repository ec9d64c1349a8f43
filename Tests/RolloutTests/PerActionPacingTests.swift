import Testing

@testable import Rollout

/// RAM, STS and ResourceManager document their limits per API and account, tenfold apart within a
/// product: the governor paces those groups per action (unless a `rate` names the group), and every
/// bucket lets an eighth of a second's worth of calls go back to back.
@Suite("Pacing per action and bursts")
struct PerActionPacingTests {
    /// Calls made at (nearly) the same instant, and how many of them had to wait for a token.
    static func paced(
        _ calls: [(RateGroup, String)], limits: RateLimits = RateLimits(),
        defaults: RateDefaults = .documented
    ) async -> Int {
        let governor = CallGovernor(limits: limits, defaults: defaults, sleep: { _ in })
        for (group, action) in calls {
            await governor.admit(group, bucket: "2000000000000001", action: action)
            governor.release(group, throttled: false)
        }
        return governor.counts.paced
    }

    @Test(
        "A chain of different RAM, STS or ResourceManager actions never waits; one action repeated waits past its burst",
        arguments: [
            // (calls, paced): documented per-API limits at 80 %, bursts of rate / 8 (at least 1)
            ([(RateGroup.ram, "GetRole"), (.ram, "CreateRole"), (.ram, "CreatePolicy"), (.ram, "AttachPolicyToRole")], 0),
            (Array(repeating: (RateGroup.ram, "AttachPolicyToRole"), count: 5), 4), // 8/s: burst 1
            (Array(repeating: (RateGroup.ram, "CreateRole"), count: 5), 3), // 16/s: burst 2
            (Array(repeating: (RateGroup.ram, "GetRole"), count: 12), 2), // 80/s: burst 10
            (
                [
                    (RateGroup.resourceManager, "ListAccounts"), (.resourceManager, "ListAccounts"),
                    (.resourceManager, "ListFoldersForParent"),
                ], 0
            ),
            (Array(repeating: (RateGroup.resourceManager, "ListAccounts"), count: 6), 4),
            ([(RateGroup.sts, "AssumeRole"), (.sts, "GetCallerIdentity")], 0),
            // KMS groups are Alibaba's own shared groups: one bucket per group, whatever the action.
            ([(RateGroup.kmsRead, "GetKeyPolicy"), (.kmsRead, "GetKmsInstanceQuotaInfos"), (.kmsRead, "DescribeKey")], 1),
            ([(RateGroup.kmsWrite, "SetKeyPolicy"), (.kmsWrite, "EnableKey")], 1),
        ])
    func perAction(calls: [(RateGroup, String)], paced: Int) async {
        #expect(await Self.paced(calls) == paced)
    }

    @Test(
        "A rate that names the group paces it as one bucket; enforced defaults (the simulator's limits) too",
        arguments: [
            (RateLimits([.ram: 2.5]), RateDefaults.documented, 3),
            (RateLimits(), RateDefaults.enforced([.ram: 8]), 3),
            (RateLimits(), RateDefaults.documented, 0),
        ])
    func groupBucket(limits: RateLimits, defaults: RateDefaults, paced: Int) async {
        let chain: [(RateGroup, String)] = [
            (.ram, "GetRole"), (.ram, "CreateRole"), (.ram, "CreatePolicy"), (.ram, "AttachPolicyToRole"),
        ]
        #expect(await Self.paced(chain, limits: limits, defaults: defaults) == paced)
    }

    @Test(
        "Every default pace keeps the calls of any one-second window under the documented limit, bursts included",
        arguments: RateGroup.allCases)
    func underLimit(group: RateGroup) {
        for action in ["GetRole", "CreateRole", "AttachPolicyToRole", "ListAccounts", "AssumeRole", "SetKeyPolicy", ""] {
            guard let limit = group.documentedLimit(action: action) else { continue }
            let rate = group.defaultRate(action: action)
            #expect(rate + CallGovernor.burst(of: rate) <= limit * 0.9 + 1e-9, "\(group) \(action)")
        }
    }
}
