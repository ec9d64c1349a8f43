import CloudAPI
import CloudModel
import CloudSimulator
import Foundation
import LuaKit
import Rollout
import Runner
import Synchronization
import Testing

/// Sees every error the simulator answers with, below the governor: the test tells injected
/// throttles (their message says so) from the simulator's rate limits (its own wording).
final class AnswerLog: Cloud {
    let inner: SimulatedCloud
    private let log = Mutex<(calls: Int, errors: [String: Int], owner: Int)>((0, [:], 0))

    init(_ inner: SimulatedCloud) { self.inner = inner }

    var calls: Int { log.withLock { $0.calls } }
    var errors: [String: Int] { log.withLock { $0.errors } }
    /// Calls the key owner (the management account) made.
    var ownerCalls: Int { log.withLock { $0.owner } }

    func call<R: CloudRequest>(_ request: R, context: CallContext) async throws -> R.Response {
        if context.account?.rawValue == "1000000000000001" { log.withLock { $0.owner += 1 } }
        do {
            let response = try await inner.call(request, context: context)
            log.withLock { $0.calls += 1 }
            return response
        } catch let error as CloudError {
            log.withLock {
                $0.calls += 1
                $0.errors["\(error.code): \(error.message)", default: 0] += 1
            }
            throw error
        }
    }
}

/// The message of injected throttles, so they are told from the simulator's rate limits.
private let injectedMessage = "injected throttling"

/// 10 % throttling and 5 % server errors on every API, plus the documented rate limits, over the
/// shipped share playbook and a 500-account `sim init` world, in process: the run converges.
@Suite("Throttled convergence", .serialized)
struct ThrottledConvergenceTests {
    /// RAM documents no limit: the plan sets one a target's burst of RAM calls exceeds unpaced,
    /// and the governor is told a pace below it (as a user would with `rate`).
    static let ramLimit = 3
    /// The governor's paces: the defaults, and RAM below ``ramLimit``.
    static let paced = RateLimits([.ram: 2.5])

    /// The fault plan: KMS and STS limited as documented, RAM at ``ramLimit``; per group, 15 % of calls fail (4 of 6 picks throttling, 2 of 6 a 500 or 503:
    /// 10 % and 5 %),
    /// and KMS and STS count calls per account and second against their documented limits.
    static func faults(seed: UInt64) -> FaultPlan {
        let throttle = { (group: APIGroup) -> CloudError in
            group.rawValue.hasPrefix("kms")
                ? CloudError(code: "Rejected.Throttling", message: injectedMessage, httpStatus: 429, retryAfterMilliseconds: 50)
                : CloudError(code: "Throttling.User", message: injectedMessage, httpStatus: 400, retryAfterMilliseconds: 50)
        }
        var rules: [APIGroup: FaultPlan.Rule] = [:]
        for group in APIGroup.allCases {
            rules[group] = FaultPlan.Rule(
                errorRate: 0.15,
                errors: [
                    throttle(group), throttle(group), .internalError, .serviceUnavailable, throttle(group),
                    throttle(group),
                ],
                requestsPerSecond: group == .ram ? ramLimit : RateGroup(rawValue: group.rawValue)?.documentedLimit.map { Int($0) }
            )
        }
        return FaultPlan(seed: seed, rules: rules, retryAfterMilliseconds: 50)
    }

    /// What one in-process run of the share playbook left: its summary, the answers the simulator
    /// gave, the cloud before and after, and the journal.
    struct Rollout {
        var summary: RolloutSummary
        var observed: AnswerLog
        var before: CloudDump
        var after: CloudDump
        var facts: JournalFacts

        /// Simulator throttles that were not injected: a rate limit was exceeded.
        var rateLimited: [String: Int] {
            observed.errors.filter {
                ($0.key.hasPrefix("Throttling") || $0.key.hasPrefix("Rejected.Throttling"))
                    && !$0.key.contains(injectedMessage)
            }
        }
    }

    /// Runs the shipped share playbook over a `sim init` world of `accounts`, faults `plan`, the
    /// governor pacing at `limits`.
    func rollout(accounts: Int, plan: FaultPlan, limits: RateLimits) async throws -> Rollout {
        let environment = SimulatorEnvironment(isDeterministic: false, seed: 7, start: Date(), provisioningDelay: 2)
        let simulator = try SimulatedCloud(world: .starter(accounts: accounts), environment: environment)
        let owner = try #require(AccountID("1000000000000001"))
        let before = try await Self.dump(simulator, owner: owner)
        await simulator.setFaults(plan)
        let observed = AnswerLog(simulator)
        let governed = GovernedCloud(observed, governor: CallGovernor(limits: limits))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("throttled-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let journalPath = folder.appendingPathComponent("journal.sqlite")

        var options = RunOptions(
            searchPath: PluginSearchPath(extra: [], builtIn: packageRoot.appendingPathComponent("plugins")),
            defaultAccount: owner, reporters: [],
            sleep: { duration in await simulator.advanceClock(by: duration) })
        options.readablePaths = [Self.playbook.deletingLastPathComponent()]
        options.soleWriter = true
        options.governor = governed.governor
        options.rate = limits
        options.journaling = RunOptions.Journaling(
            open: { try SQLiteJournal(path: journalPath) }, invocation: ["test"],
            backend: "sim (in process)", workingDirectory: folder.path)
        let runner = try PluginRunner(cloud: governed, options: options)
        guard case .rollout(let summary) = try await runner.run(Self.playbook) else { throw DumpError(output: "not a rollout") }
        await simulator.setFaults(nil)
        let after = try await Self.dump(simulator, owner: owner)
        return Rollout(
            summary: summary, observed: observed, before: before, after: after,
            facts: try await JournalFacts.read(journalPath))
    }

    @Test(
        "10 % throttling and 5 % 5xx over 500 accounts: every target converges, nothing is made twice, the journal matches the cloud, no rate limit is exceeded",
        .timeLimit(.minutes(10)))
    func converges() async throws {
        let run = try await rollout(accounts: 500, plan: Self.faults(seed: 11), limits: Self.paced)
        let summary = run.summary
        let failures = summary.results.compactMap { result -> String? in
            if case .failed(let failure) = result.outcome { return "\(result.target.id): \(failure)" }
            return nil
        }
        #expect(failures.isEmpty, "\(failures.prefix(5))")
        #expect(summary.isSuccess, "\(summary.line)")
        #expect(summary.results.count >= 200, "\(summary.line)")

        #expect(run.facts.shareProblems(against: run.after).isEmpty, "\(run.facts.shareProblems(against: run.after).prefix(5))")
        #expect(
            run.facts.unjournaledChanges(before: run.before, after: run.after).isEmpty,
            "\(run.facts.unjournaledChanges(before: run.before, after: run.after).prefix(5))")
        // Nothing twice: each principal once in the key policies, no verification disk left behind.
        let principals = run.after.principals.values.flatMap { $0 }
        #expect(principals.count == Set(principals).count)
        #expect(Set(principals).count == summary.results.count)
        #expect(run.after.accounts.values.allSatisfy { $0.disks.isEmpty }, "disks left behind")

        // The faults happened, and only injected throttles did: no simulated rate limit was exceeded.
        let errors = run.observed.errors
        let calls = run.observed.calls
        let injected = errors.filter { $0.key.contains(injectedMessage) }.values.reduce(0, +)
        let serverErrors = errors.filter { $0.key.hasPrefix("InternalError") || $0.key.hasPrefix("ServiceUnavailable") }.values
            .reduce(0, +)
        #expect(injected > calls / 20, "\(injected) injected throttles of \(calls) calls")
        #expect(serverErrors > calls / 50, "\(serverErrors) server errors of \(calls) calls")
        #expect(run.rateLimited.isEmpty, "rate limits exceeded: \(run.rateLimited)")
        #expect(summary.throttleWait > .zero)
        #expect(summary.results.contains { $0.throttleWait > .zero })
    }

    @Test(
        "The check can fail: unpaced, the same rollout exceeds the simulated rate limits, and still converges",
        .timeLimit(.minutes(10)))
    func unpacedExceedsLimits() async throws {
        let unpaced = RateLimits(Dictionary(uniqueKeysWithValues: RateGroup.allCases.map { ($0, RateLimits.maximumRate) }))
        var plan = Self.faults(seed: 5)
        for group in APIGroup.allCases { plan.rules[group]?.errorRate = 0 }
        let run = try await rollout(accounts: 200, plan: plan, limits: unpaced)
        #expect(!run.rateLimited.isEmpty, "no rate limit was hit by an unpaced run of \(run.observed.calls) calls")
        #expect(run.summary.isSuccess, "\(run.summary.line)")
    }

    static let playbook = packageRoot.appendingPathComponent("plugins/ecs-key-sharing/examples/share-disk-key.lua")

    /// The cloud as `cloudDumpScript` reads it, run in process on the simulator itself (no faults, no pacing).
    static func dump(_ simulator: SimulatedCloud, owner: AccountID) async throws -> CloudDump {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dump-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("dump.lua")
        try cloudDumpScript.replacingOccurrences(of: "print(json.encode(out))", with: "return json.encode(out)")
            .write(to: script, atomically: true, encoding: .utf8)
        let runner = try PluginRunner(
            cloud: simulator,
            options: RunOptions(
                searchPath: PluginSearchPath(extra: [], builtIn: packageRoot.appendingPathComponent("plugins")),
                defaultAccount: owner, reporters: []))
        guard case .script(let values) = try await runner.run(script), case .string(let text) = values.first ?? .nil else {
            throw DumpError(output: "the dump script returned no JSON")
        }
        return try CloudDump(output: text)
    }
}
