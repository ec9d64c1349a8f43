import CloudAPI
import CloudSimulator
import Foundation
import Rollout
import Testing

/// Issue 11's convergence check over the wire: `keyshare serve --faults` with 10 % throttling, 5 %
/// server errors and 2 % dropped connections (half before, half after the call is applied) under
/// the documented KMS and STS rate limits, and `keyshare run --backend http` of the shipped share
/// playbook over a 500-account `sim init` world (its `fd-prod` half are the targets).
@Suite(
    "Fault convergence over keyshare serve",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct FaultConvergenceServeTests {
    static let accounts = 500

    /// The served faults, limits per account and second as `alibaba-api.md` §1.7 documents them.
    static let faults = """
        seed: 11
        throttle: 10%
        5xx: 5%
        drop: 2%
        retry_after: 50ms
        sts: {rate_limit: 100}
        kms-create: {rate_limit: 10}
        kms-read: {rate_limit: 20}
        kms-write: {rate_limit: 10}
        """

    /// Documented limits by group, as the faults above set them.
    static let limits: [APIGroup: Int] = [.sts: 100, .kmsCreate: 10, .kmsRead: 20, .kmsWrite: 10]

    @Test("the share rollout converges with no duplicate, its journal matches the cloud, and no rate limit was exceeded")
    func converges() async throws {
        let work = try temporaryFolder("keyshare-fault-serve")
        defer { try? FileManager.default.removeItem(at: work) }
        let world = try await starterWorld(accounts: Self.accounts, in: work)
        let faults = work.appendingPathComponent("faults.yaml")
        try Self.faults.write(to: faults, atomically: true, encoding: .utf8)
        let state = work.appendingPathComponent("served.sqlite").path
        let logURL = work.appendingPathComponent("serve.log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        defer { try? log.close() }
        let server = try await BackgroundKeyshare.start(
            ["serve", "--port", "0", "--log-level", "info", "--world", world.path, "--state", state, "--faults", faults.path],
            errorLog: log)
        defer { server.stopNow() }
        let line = server.firstLine
        let endpoint = try #require(
            line.range(of: "http://127.0.0.1:").map { String(line[$0.lowerBound...].prefix { !$0.isWhitespace }) },
            "serve said: \(line)")
        let environment = try ServedSimulator.clientEnvironment(world: world)
        let journal = work.appendingPathComponent("journal.sqlite").path
        let playbook = packageRoot.appendingPathComponent("plugins/ecs-key-sharing/examples/share-disk-key.lua").path
        let remote = ["--backend", "http", "--endpoint", endpoint, "--journal", journal]
        var outcome = try await keyshare(
            KeyshareInvocation(
                arguments: ["run"] + remote + [playbook], directory: work,
                environment: environment, timeout: 600))
        // A target whose tokenless write lost its answer may need a resume; two are plenty.
        var resumes = 0
        while outcome.status != 0 && resumes < 2 {
            resumes += 1
            outcome = try await keyshare(
                KeyshareInvocation(
                    arguments: ["resume", "last"] + remote, directory: work,
                    environment: environment, timeout: 600))
        }
        #expect(outcome.status == 0, "after \(resumes) resumes: \(outcome.output.suffix(3000))\(outcome.errors.suffix(2000))")
        let targets = Self.accounts / 2
        #expect(
            outcome.output.contains("\(targets) targets:") && outcome.output.contains(" 0 failed"),
            "\(outcome.output.suffix(2000))")
        await server.stop()

        // Rate limits: every request the server logged, per account, group and second of its clock.
        let problems = Self.rateProblems(in: try String(contentsOf: logURL, encoding: .utf8))
        #expect(problems.requests > targets * 5, "the server logged only \(problems.requests) requests")
        #expect(problems.drops > 0, "no connection was dropped")
        #expect(problems.exceeded.isEmpty, "\(problems.exceeded.prefix(10))")

        // The cloud, read in process from the server's state file (no faults there).
        let dump = try await Self.dump(state: state, in: work)
        let facts = try await JournalFacts.read(URL(fileURLWithPath: journal))
        #expect(facts.statuses.count == targets)
        #expect(facts.statuses.values.allSatisfy { $0 == .changed || $0 == .unchanged }, "\(facts.statuses)")
        #expect(facts.shareProblems(against: dump).isEmpty, "\(facts.shareProblems(against: dump).prefix(10))")
        for (key, principals) in dump.principals {
            #expect(Set(principals).count == principals.count, "key \(key) names a principal twice: \(principals)")
        }
        let granted = Set(dump.principals.values.joined())
        for target in facts.statuses.keys {
            let account = try #require(dump.accounts[target], "target \(target) is not in the cloud")
            #expect(account.disks.isEmpty, "\(target) kept disks \(account.disks)")
            #expect(account.roles["AliyunECSDiskEncryptDefaultRole"] != nil, "\(target) has no encryption role")
            #expect(account.policies.keys.filter { $0 == "AliyunECSDiskEncryptCustomizedPolicy" }.count == 1)
            #expect(granted.contains("acs:ram::\(target):role/AliyunECSDiskEncryptDefaultRole"), "\(target) was not granted")
        }
    }

    /// `CloudDump.read` unpaced: the dump's raw calls for every account would otherwise wait on
    /// the run's default RAM pace, a minute for 200 accounts.
    static func dump(state: String, in directory: URL) async throws -> CloudDump {
        let script = directory.appendingPathComponent("cloud-dump.lua")
        try cloudDumpScript.write(to: script, atomically: true, encoding: .utf8)
        let unpaced = ["ram", "ecs", "kms-read", "resourcemanager"].flatMap { ["--rate", "\($0)=100000"] }
        let outcome = try await keyshare(
            KeyshareInvocation(
                arguments: ["run", "--state", state] + unpaced + [script.path],
                directory: directory, timeout: 300))
        guard outcome.status == 0 else { throw EndToEndSetupError(description: "the dump failed: \(outcome.errors)") }
        return try CloudDump(output: outcome.output)
    }

    /// What the server's log shows: how many requests, how many dropped connections, and each
    /// (second, account, group) that saw more requests than its limit (sent, not only accepted).
    static func rateProblems(in log: String) -> (requests: Int, drops: Int, exceeded: [String]) {
        var groups: [String: APIGroup] = [:]
        for request in CloudOperations.all where groups[request.action] == nil {
            groups[request.action] = FaultPlan.group(of: request)
        }
        var counts: [String: Int] = [:]
        var limitsByKey: [String: Int] = [:]
        var requests = 0
        var drops = 0
        for line in log.split(separator: "\n") where line.contains(" keyshare.serve: account=") {
            let fields = line.split(separator: " ")
            guard let second = fields.first,
                let account = fields.first(where: { $0.hasPrefix("account=") })?.dropFirst("account=".count),
                let action = fields.first(where: { $0.hasPrefix("action=") })?.dropFirst("action=".count)
            else { continue }
            requests += 1
            if line.contains("code=keyshare.ConnectionDropped") { drops += 1 }
            guard let group = groups[String(action)], let limit = limits[group] else { continue }
            let key = "\(second) \(account) \(group.rawValue)"
            counts[key, default: 0] += 1
            limitsByKey[key] = limit
        }
        let exceeded = counts.filter { $0.value > (limitsByKey[$0.key] ?? .max) }.map { "\($0.key): \($0.value) requests" }
            .sorted()
        return (requests, drops, exceeded)
    }
}
