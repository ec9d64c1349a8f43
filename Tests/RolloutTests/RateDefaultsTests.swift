import Testing

@testable import Rollout

@Suite("Rate defaults: documented limits over HTTP, only enforced limits in process")
struct RateDefaultsTests {
    @Test(
        "Documented defaults pace every group at its default; enforced defaults pace only the named groups, at 80 %",
        arguments: RateGroup.allCases)
    func defaults(group: RateGroup) {
        #expect(RateDefaults.documented.rate(of: group) == group.defaultRate)
        #expect(RateDefaults.enforced([:]).rate(of: group) == nil)
        let enforced = RateDefaults.enforcing([group.rawValue: 50])
        #expect(enforced.rate(of: group) == 40)
        for other in RateGroup.allCases where other != group { #expect(enforced.rate(of: other) == nil) }
    }

    @Test(
        "Names that are not groups, and limits of zero or below, are ignored",
        arguments: [["STS": 100], ["kms": 10], ["": 5], ["sts": 0], ["ram": -3]])
    func ignored(limits: [String: Int]) {
        #expect(RateDefaults.enforcing(limits) == .enforced([:]))
    }

    @Test(
        "A governor paces an unnamed group by its defaults: not at all when they leave it unpaced",
        arguments: [
            // (defaults, overrides, group, calls, expect paced)
            (RateDefaults.enforced([:]), RateLimits(), RateGroup.ram, 40, false),
            (RateDefaults.enforced([.sts: 80]), RateLimits(), RateGroup.ram, 40, false),
            (RateDefaults.enforced([.ram: 8]), RateLimits(), RateGroup.ram, 40, true),
            (RateDefaults.documented, RateLimits(), RateGroup.ram, 40, true),
            (RateDefaults.enforced([:]), RateLimits([.ram: 5]), RateGroup.ram, 40, true),
        ])
    func pacing(defaults: RateDefaults, overrides: RateLimits, group: RateGroup, calls: Int, paced: Bool) async {
        let governor = CallGovernor(limits: overrides, defaults: defaults, sleep: { _ in })
        for _ in 0..<calls {
            await governor.admit(group, bucket: "2000000000000001")
            governor.release(group, throttled: false)
        }
        let counts = governor.counts
        #expect(counts.calls == calls)
        #expect((counts.paced > 0) == paced, "\(counts)")
    }

    @Test("A playbook's rate applied later keeps the backend's defaults for the groups it does not name")
    func useKeepsDefaults() async {
        let governor = CallGovernor(defaults: .enforced([:]), sleep: { _ in })
        governor.use(RateLimits([.sts: 5]))
        for _ in 0..<20 {
            await governor.admit(.ram, bucket: "a")
            governor.release(.ram, throttled: false)
        }
        #expect(governor.counts.paced == 0)
        for _ in 0..<20 {
            await governor.admit(.sts, bucket: "a")
            governor.release(.sts, throttled: false)
        }
        #expect(governor.counts.paced > 0)
    }
}
