import CloudAPI
import CloudModel
import Foundation
import KeyshareTesting
import Testing

@testable import CloudSimulator

/// Each fault kind, per API group and per action, in process and over HTTP (`RemoteCloud` →
/// `SimulatorServer`, as `keyshare serve` runs it, the client retrying nothing).
@Suite("Fault injection on every backend")
struct FaultInjectionTests {
    static let owner = GroupProbe.owner
    static let sharee = AccountID(ConformanceWorld.shareeID(1))!

    @Test(
        "each group throttles with its own code, status and retry-after hint; other groups are untouched",
        arguments: FaultBackend.allCases, GroupProbe.all)
    func throttling(backend: FaultBackend, probe: GroupProbe) async throws {
        let cloud = try await GroupProbe.cloud(
            FaultPlan(rules: [probe.group: .init(throttleRate: 1)], retryAfterMilliseconds: 1500))
        let other = try #require(GroupProbe.all.first { $0.group != probe.group })
        let (throttled, untouched) = try await backend.with(cloud) { cloud in
            (
                await FaultOutcome.of { try await probe.call(cloud, Self.owner) },
                await FaultOutcome.of { try await other.call(cloud, Self.owner) }
            )
        }
        let expected =
            probe.isKMS
            ? FaultOutcome(code: "Rejected.Throttling", status: 429, retryAfter: 1500)
            : FaultOutcome(code: "Throttling.User", status: 400, retryAfter: 1500)
        #expect(throttled == expected)
        #expect(untouched == .success)
    }

    @Test("5xx answers with the product's server errors", arguments: FaultBackend.allCases, GroupProbe.all)
    func serverErrors(backend: FaultBackend, probe: GroupProbe) async throws {
        let cloud = try await GroupProbe.cloud(FaultPlan(seed: 11, rules: [probe.group: .init(serverErrorRate: 1)]))
        let outcomes = try await backend.with(cloud) { cloud in
            var outcomes: [FaultOutcome] = []
            for _ in 0..<6 { outcomes.append(await FaultOutcome.of { try await probe.call(cloud, Self.owner) }) }
            return outcomes
        }
        let allowed: Set<String> =
            probe.isKMS
            ? ["ServiceUnavailableTemporary", "InternalFailure"]
            : ["ServiceUnavailable", "InternalError"]
        for outcome in outcomes {
            #expect(outcome.code.map(allowed.contains) == true, "\(outcome)")
            #expect(outcome.status == (outcome.code?.hasPrefix("ServiceUnavailable") == true ? 503 : 500), "\(outcome)")
        }
    }

    @Test(
        "a drop before the call changes nothing; a drop after applies it and loses the answer",
        arguments: FaultBackend.allCases, [false, true])
    func droppedConnections(backend: FaultBackend, afterApplying: Bool) async throws {
        let rule = afterApplying ? FaultPlan.Rule(dropAfterRate: 1) : FaultPlan.Rule(dropBeforeRate: 1)
        // Only CreateRole drops: the action's section, with RAM's other calls untouched.
        let cloud = try await GroupProbe.cloud(FaultPlan(actions: ["ram:CreateRole": rule]))
        let outcome = try await backend.with(cloud) { cloud in
            await FaultOutcome.of {
                _ = try await cloud.createRole(
                    CreateRoleRequest(roleName: "DroppedRole", assumeRolePolicyDocument: Self.trust),
                    context: Self.owner)
            }
        }
        #expect(outcome == FaultOutcome(code: "keyshare.ConnectionDropped", status: 0))
        let exists =
            await FaultOutcome.of {
                _ = try await cloud.getRole(GetRoleRequest(roleName: "DroppedRole"), context: Self.owner)
            } == .success
        #expect(exists == afterApplying)
    }

    @Test("added latency delays every call of the group", arguments: FaultBackend.allCases)
    func latency(backend: FaultBackend) async throws {
        let cloud = try await GroupProbe.cloud(FaultPlan(rules: [.kmsRead: .init(latency: .fixed(milliseconds: 300))]))
        let probe = GroupProbe.all[0]
        let elapsed = try await backend.with(cloud) { cloud in
            let clock = ContinuousClock()
            let started = clock.now
            for _ in 0..<2 { #expect(await FaultOutcome.of { try await probe.call(cloud, Self.owner) } == .success) }
            return clock.now - started
        }
        #expect(elapsed >= .milliseconds(600))
    }

    @Test(
        "a rate limit throttles each account past its limit in a second, and no other account",
        arguments: FaultBackend.allCases)
    func rateLimit(backend: FaultBackend) async throws {
        // The fixture's clock stands still, so every call falls in the same one-second window.
        let cloud = try await GroupProbe.cloud(FaultPlan(rules: [.sts: .init(requestsPerSecond: 3)], retryAfterMilliseconds: 900))
        let probe = try #require(GroupProbe.all.first { $0.group == .sts })
        let outcomes = try await backend.with(cloud) { cloud in
            var outcomes: [FaultOutcome] = []
            for _ in 0..<5 { outcomes.append(await FaultOutcome.of { try await probe.call(cloud, Self.owner) }) }
            return outcomes
        }
        let throttled = FaultOutcome(code: "Throttling.User", status: 400, retryAfter: 900)
        #expect(outcomes == [.success, .success, .success, throttled, throttled])
        // Another account has its own window.
        #expect(await FaultOutcome.of { try await probe.call(cloud, .root(Self.sharee)) } == .success)
    }

    @Test(
        "a new role is a usable principal (key policy, AssumeRole) only after the propagation delay",
        arguments: FaultBackend.allCases)
    func rolePropagation(backend: FaultBackend) async throws {
        let cloud = try await GroupProbe.cloud(FaultPlan(rolePropagationSeconds: 5))
        _ = try await cloud.createRole(
            CreateRoleRequest(roleName: "LateRole", assumeRolePolicyDocument: Self.ownerTrust),
            context: .root(Self.sharee))
        let arn = "acs:ram::\(Self.sharee):role/LateRole"
        let policy = SetKeyPolicyRequest(keyID: ConformanceWorld.keyID, policy: Self.keyPolicy(naming: arn))
        let assume = AssumeRoleRequest(roleARN: arn, roleSessionName: "late")
        let attempt: @Sendable (any Cloud) async -> [FaultOutcome] = { cloud in
            [
                await FaultOutcome.of { _ = try await cloud.setKeyPolicy(policy, context: Self.owner) },
                await FaultOutcome.of { _ = try await cloud.assumeRole(assume, context: Self.owner) },
            ]
        }
        let early = try await backend.with(cloud, attempt)
        #expect(early.map(\.code) == ["InvalidParameter", "EntityNotExist.Role"])
        #expect(early.map(\.status) == [400, 404])
        // RAM itself sees the role at once.
        #expect(
            await FaultOutcome.of {
                _ = try await cloud.getRole(GetRoleRequest(roleName: "LateRole"), context: .root(Self.sharee))
            } == .success)
        await cloud.advanceClock(by: 4)
        #expect(try await backend.with(cloud, attempt).map(\.code) == ["InvalidParameter", "EntityNotExist.Role"])
        await cloud.advanceClock(by: 1)
        #expect(try await backend.with(cloud, attempt) == [.success, .success])
    }

    @Test("an action's section overrides its group's", arguments: FaultBackend.allCases)
    func actionOverride(backend: FaultBackend) async throws {
        let cloud = try await GroupProbe.cloud(
            FaultPlan(
                rules: [.kmsWrite: .init(throttleRate: 1)],
                actions: ["kms:TagResource": .init()]))
        let (tag, untag) = try await backend.with(cloud) { cloud in
            (
                await FaultOutcome.of { try await GroupProbe.all[1].call(cloud, Self.owner) },
                await FaultOutcome.of {
                    _ = try await cloud.untagResource(
                        UntagResourceRequest(keyID: ConformanceWorld.keyID, tagKeys: #"["probe"]"#),
                        context: Self.owner)
                }
            )
        }
        #expect(tag == .success)
        #expect(untag.code == "Rejected.Throttling")
    }

    @Test("the same seed gives the same faults per account, whatever the interleaving; another seed does not")
    func reproducible() async throws {
        let rule = FaultPlan.Rule(throttleRate: 0.3, serverErrorRate: 0.2, dropBeforeRate: 0.1, dropAfterRate: 0.1)
        func run(seed: UInt64, interleaved: Bool) async throws -> [String: [String?]] {
            let cloud = try await GroupProbe.cloud(FaultPlan(seed: seed, rules: [.sts: rule]))
            let accounts = [Self.owner, CallContext.root(Self.sharee)]
            var order: [CallContext] = []
            if interleaved {
                for _ in 0..<40 { order += accounts }
            } else {
                for account in accounts { order += Array(repeating: account, count: 40) }
            }
            var results: [String: [String?]] = [:]
            for context in order {
                let outcome = await FaultOutcome.of {
                    _ = try await cloud.getCallerIdentity(GetCallerIdentityRequest(), context: context)
                }
                results[context.account?.rawValue ?? "", default: []].append(outcome.code)
            }
            return results
        }
        let first = try await run(seed: 5, interleaved: false)
        #expect(try await run(seed: 5, interleaved: true) == first)
        #expect(try await run(seed: 6, interleaved: false) != first)
        let codes = Set(first.values.flatMap { $0 })
        #expect(codes.isSuperset(of: [nil, "Throttling.User", "keyshare.ConnectionDropped"]), "\(codes)")
    }

    @Test("a freshly seeded state file reproduces the seed's faults; a resumed one draws them anew")
    func resumedStateDrawsAnew() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plan = FaultPlan(seed: 9, rules: [.sts: .init(throttleRate: 0.5)])
        func outcomes(_ cloud: SimulatedCloud) async -> [String?] {
            await cloud.setFaults(plan)
            var codes: [String?] = []
            for _ in 0..<40 {
                codes.append(
                    await FaultOutcome.of {
                        _ = try await cloud.getCallerIdentity(GetCallerIdentityRequest(), context: Self.owner)
                    }.code)
            }
            return codes
        }
        let fresh = await outcomes(try Fixtures.simulator(stateFile: folder.appendingPathComponent("a.sqlite")))
        #expect(await outcomes(try Fixtures.simulator(stateFile: folder.appendingPathComponent("b.sqlite"))) == fresh)
        #expect(await outcomes(try Fixtures.simulator(stateFile: folder.appendingPathComponent("a.sqlite"))) != fresh)
    }

    static let trust =
        #"{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":["ecs.aliyuncs.com"]}}]}"#
    static let ownerTrust =
        #"{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::\#(ConformanceWorld.ownerID):root"]}}]}"#

    /// The owner's full access plus `principal` as a key user.
    static func keyPolicy(naming principal: String) -> String {
        #"{"Version":"1","Statement":[{"Effect":"Allow","Principal":{"RAM":["acs:ram::\#(ConformanceWorld.ownerID):*"]},"Action":["kms:*"],"Resource":["*"]},{"Effect":"Allow","Principal":{"RAM":["\#(principal)"]},"Action":["kms:Decrypt"],"Resource":["*"]}]}"#
    }
}

/// The latency shapes a user can write.
@Suite("Fault latency")
struct FaultLatencyTests {
    /// Draws `count` delays from `latency` with the injector's generator.
    static func draws(_ latency: FaultLatency, count: Int = 4000) -> [Int] {
        (0..<count).map { index in
            var draws = Draws(seed: 3, account: "a", action: "kms:DescribeKey", call: UInt64(index))
            return latency.draw((draws.uniform(), draws.uniform()))
        }
    }

    @Test("fixed is exact, uniform stays within its bounds and reaches both ends")
    func fixedAndUniform() {
        #expect(Set(Self.draws(.fixed(milliseconds: 100))) == [100])
        let uniform = Self.draws(.uniform(min: 50, max: 60))
        #expect(uniform.allSatisfy { (50...60).contains($0) })
        #expect(uniform.contains(50) && uniform.contains(60))
    }

    @Test(
        "skewed has about the mean and 99th percentile asked for",
        arguments: [(100, 400), (50, 60), (200, 2000)])
    func skewed(mean: Int, p99: Int) {
        let values = Self.draws(.skewed(mean: mean, p99: p99), count: 20_000).sorted()
        let average = Double(values.reduce(0, +)) / Double(values.count)
        #expect(abs(average - Double(mean)) <= Double(mean) * 0.1 + 1, "mean \(average)")
        let percentile = Double(values[values.count * 99 / 100])
        #expect(abs(percentile - Double(p99)) <= Double(p99) * 0.15 + 1, "p99 \(percentile)")
        #expect(values.allSatisfy { $0 <= FaultLatency.ceilingMilliseconds })
    }
}
