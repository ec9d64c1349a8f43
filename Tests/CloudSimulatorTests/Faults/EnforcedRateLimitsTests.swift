import CloudSimulator
import KeyshareTesting
import Testing

@Suite("The limits a simulator enforces, as a client paces them (per group, the lowest of group and actions)")
struct EnforcedRateLimitsTests {
    @Test(
        "Group and action limits fold into one per group",
        arguments: [
            (FaultPlan?.none, [String: Int]()),
            (FaultPlan(), [:]),
            (FaultPlan.documentedLimits, ["sts": 100]),
            (FaultPlan(rules: [.ram: .init(requestsPerSecond: 20), .kmsWrite: .init(throttleRate: 0.1)]), ["ram": 20]),
            (FaultPlan(actions: ["ram:CreateRole": .init(requestsPerSecond: 4)]), ["ram": 4]),
            (
                FaultPlan(rules: [.ram: .init(requestsPerSecond: 20)], actions: ["ram:CreateRole": .init(requestsPerSecond: 4)]),
                ["ram": 4]
            ),
            (
                FaultPlan(rules: [.ram: .init(requestsPerSecond: 3)], actions: ["ram:CreateRole": .init(requestsPerSecond: 40)]),
                ["ram": 3]
            ),
            (
                FaultPlan(actions: [
                    "kms:SetKeyPolicy": .init(requestsPerSecond: 6), "kms:GetKeyPolicy": .init(requestsPerSecond: 9),
                ]),
                ["kms-write": 6, "kms-read": 9]
            ),
        ])
    func folded(plan: FaultPlan?, expected: [String: Int]) async throws {
        let cloud = try Fixtures.simulator()
        await cloud.setFaults(plan)
        #expect(await cloud.enforcedRateLimits == expected)
    }
}
