import CloudAPI
import CloudModel
import CloudSimulator
import Foundation
import Rollout
import Runner
import Testing

/// issue 11's performance table: the shipped share playbook in process, every call delayed 100 ms
/// (FaultPlan latency), KMS and STS limited as documented, at concurrency 1, 4, 16 and 64: wall time
/// against the bound calls × latency ÷ concurrency, and against the bound that counts the key owner's
/// calls as serial (they wait on each other: the setup, then one key-policy batch after another).
/// A benchmark, not a check: it runs only with
/// KEYSHARE_LATENCY_BENCH set (`scripts/bench --latency`) and prints the table.
@Suite(
    "Latency benchmark", .serialized,
    .enabled(if: ProcessInfo.processInfo.environment["KEYSHARE_LATENCY_BENCH"] != nil))
struct LatencyBenchmarkTests {
    /// The injected latency of every call.
    static let latency = 100
    /// (concurrency, accounts in the world): about half the accounts are the playbook's targets.
    static let rows =
        ProcessInfo.processInfo.environment["KEYSHARE_LATENCY_ROWS"].map { text in
            text.split(separator: ",").compactMap { Int($0) }.map { concurrency in
                (concurrency, min(max(concurrency * 8, 8), 500))
            }
        } ?? [(1, 8), (4, 32), (16, 128), (64, 500)]

    @Test("Wall time against calls × latency ÷ concurrency, at concurrency 1, 4, 16 and 64", .timeLimit(.minutes(20)))
    func table() async throws {
        var lines = [
            "| concurrency | targets | calls (owner's) | latency | bound | bound, owner calls serial | measured | ratio | ratio to serial-owner bound | rate limit exceeded |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---|",
        ]
        for (concurrency, accounts) in Self.rows {
            let row = try await Self.measure(concurrency: concurrency, accounts: accounts)
            lines.append(row)
            print("latency-bench: " + row)
        }
        print("latency-bench table:\n" + lines.joined(separator: "\n"))
    }

    /// One row: a fresh world of `accounts`, the playbook at `concurrency`.
    static func measure(concurrency: Int, accounts: Int) async throws -> String {
        let environment = SimulatorEnvironment(isDeterministic: false, seed: 3, start: Date(), provisioningDelay: 2)
        let simulator = try SimulatedCloud(world: .starter(accounts: accounts), environment: environment)
        let owner = try #require(AccountID("1000000000000001"))
        var rules: [APIGroup: FaultPlan.Rule] = [:]
        for group in APIGroup.allCases {
            rules[group] = FaultPlan.Rule(
                latencyMilliseconds: latency...latency,
                requestsPerSecond: RateGroup(rawValue: group.rawValue)?.documentedLimit.map { Int($0) })
        }
        await simulator.setFaults(FaultPlan(seed: 1, rules: rules))
        let observed = AnswerLog(simulator)
        let unpaced = ProcessInfo.processInfo.environment["KEYSHARE_LATENCY_UNPACED"] != nil
        let limits =
            unpaced
            ? RateLimits(Dictionary(uniqueKeysWithValues: RateGroup.allCases.map { ($0, RateLimits.maximumRate) }))
            : RateLimits()
        let timeline = CallTimeline(observed)
        let governed = GovernedCloud(timeline, governor: CallGovernor(limits: limits))
        var options = RunOptions(
            searchPath: PluginSearchPath(extra: [], builtIn: packageRoot.appendingPathComponent("plugins")),
            defaultAccount: owner, concurrency: concurrency, reporters: [],
            sleep: { duration in await simulator.advanceClock(by: duration) })
        options.readablePaths = [ThrottledConvergenceTests.playbook.deletingLastPathComponent()]
        options.soleWriter = true
        options.governor = governed.governor
        let runner = try PluginRunner(cloud: governed, options: options)
        let clock = ContinuousClock()
        let started = clock.now
        guard case .rollout(let summary) = try await runner.run(ThrottledConvergenceTests.playbook) else {
            throw DumpError(output: "not a rollout")
        }
        let measured = clock.now - started
        #expect(summary.isSuccess, "\(summary.line)")
        if ProcessInfo.processInfo.environment["KEYSHARE_LATENCY_TRACE"] != nil {
            print("latency-trace c=\(concurrency):\n" + timeline.report(owner: owner.rawValue))
        }
        let calls = observed.calls
        let ownerCalls = observed.ownerCalls
        let step = Double(latency) / 1000
        let bound = Double(calls) * step / Double(concurrency)
        // The owner's calls (inventory, key lookup, the batched key-policy writes) wait on each other.
        let serialOwner = Double(ownerCalls) * step + Double(calls - ownerCalls) * step / Double(concurrency)
        let seconds = Double(measured.components.seconds) + Double(measured.components.attoseconds) / 1e18
        let exceeded = observed.errors.keys.contains { $0.hasPrefix("Throttling") || $0.hasPrefix("Rejected.Throttling") }
        return String(
            format: "| %d | %d | %d (%d) | %d ms | %.2f s | %.2f s | %.2f s | %.2f× | %.2f× |", concurrency,
            summary.results.count, calls, ownerCalls, latency, bound, serialOwner, seconds, seconds / bound,
            seconds / serialOwner) + (exceeded ? " YES |" : " no |")
    }
}
