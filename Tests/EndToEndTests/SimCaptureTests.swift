import Foundation
import Testing

/// `keyshare sim capture` end to end: a world served by `keyshare serve` is captured over HTTP with
/// read calls only; serving the twin and capturing it again writes the same bytes; the shipped
/// share playbook ends the same on the original and on the twin; no secret is printed or written.
@Suite(
    "keyshare sim capture",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct SimCaptureTests {
    /// The plan world (quota for two of three members, a partner named by the key policy);
    /// `planClientEnvironment` signs as its management account.
    static let world = planWorld

    @Test("capture → serve → capture is byte-identical, read-only, secret-free, and the twin predicts the run")
    func roundTrip() async throws {
        let work = try temporaryFolder("keyshare-sim-capture")
        defer { try? FileManager.default.removeItem(at: work) }
        let source = work.appendingPathComponent("world.yaml")
        try Self.world.write(to: source, atomically: true, encoding: .utf8)
        let first = work.appendingPathComponent("w1.yaml")
        let second = work.appendingPathComponent("w2.yaml")

        let server = try await LoggedServer.start(world: source.path, log: work.appendingPathComponent("serve.log"))
        let captured = try await keyshare(
            [
                "sim", "capture", "--backend", "http", "--endpoint", server.endpoint,
                "--output", first.path,
            ], environment: planClientEnvironment)
        let actions = try server.actions()
        server.stop()
        #expect(captured.status == 0, "\(captured.output)\(captured.errors)")
        #expect(captured.output.contains("(complete) into \(first.path)"), "\(captured.output)")
        #expect(
            actions.contains("ListAccounts") && actions.contains("AssumeRole") && actions.contains("GetKeyPolicy"),
            "\(actions)")
        #expect(actions.filter(isMutatingAction).isEmpty, "mutating requests during the capture: \(actions)")

        let text = try String(contentsOf: first, encoding: .utf8)
        for output in [text, captured.output, captured.errors] {
            #expect(!output.contains("plan-test-secret"), "the source world's secret was printed or written")
            #expect(!output.contains("SecurityToken") && !output.contains("STS."), "a session token was printed or written")
            // The simulator's session tokens are CAIS + 200 characters, as Alibaba's start.
            #expect(output.range(of: "CAIS[A-Za-z0-9]{20,}", options: .regularExpression) == nil, "a session token leaked")
        }
        // The twin's own secret is in the file only, never printed.
        let twinSecret = try #require(
            text.split(separator: "\n").first { $0.contains("secret: ") }?
                .split(separator: " ").last.map(String.init))
        #expect(!captured.output.contains(twinSecret) && !captured.errors.contains(twinSecret))
        #expect(text.hasPrefix("# A rehearsal twin written by `keyshare sim capture`"))
        // The header and standard error name the same kinds, one line each.
        let header = text.split(separator: "\n").filter { $0.hasPrefix("#   ") }.map { $0.dropFirst(4) }
        let printed = captured.errors.split(separator: "\n").filter { $0.hasPrefix("keyshare: capture: ") }
            .map { $0.dropFirst("keyshare: capture: ".count) }
        #expect(!header.isEmpty && header == printed, "\(header) vs \(printed)")
        #expect(captured.errors.contains("keyshare: capture: ECS and shares: no disks"), "\(captured.errors)")
        #expect(text.contains("partner-audit") && text.contains("id: KSAK1000000000000001"))

        // The twin, served, captures to the same bytes.
        let twin = try await LoggedServer.start(world: first.path, log: work.appendingPathComponent("twin.log"))
        let again = try await keyshare(
            [
                "sim", "capture", "--backend", "http", "--endpoint", twin.endpoint,
                "--output", second.path,
            ], environment: try ServedSimulator.clientEnvironment(world: first))
        let twinActions = try twin.actions()
        twin.stop()
        #expect(again.status == 0, "\(again.output)\(again.errors)")
        #expect(twinActions.filter(isMutatingAction).isEmpty)
        #expect(try Data(contentsOf: second) == Data(contentsOf: first), "w1 and w2 differ")

        // The sim backend reads the twin file to the same bytes as well.
        let third = work.appendingPathComponent("w3.yaml")
        let local = try await keyshare(["sim", "capture", "--world", first.path, "--output", third.path])
        #expect(local.status == 0, "\(local.errors)")
        #expect(try Data(contentsOf: third) == Data(contentsOf: first), "the sim backend's capture differs")
        // Throttling, 5xx and dropped connections are retried as a run's calls are: the same file.
        let flaky = try await keyshare([
            "sim", "capture", "--world", first.path, "--faults", "throttle=20%,5xx=10%,drop=5%,seed=3",
            "--output", third.path,
        ])
        #expect(flaky.status == 0, "\(flaky.errors)")
        #expect(try Data(contentsOf: third) == Data(contentsOf: first), "the capture under faults differs")

        // The shipped playbook ends alike on the original and on the twin.
        var outcomes: [[String: TargetPrediction]] = []
        var statuses: [Int32] = []
        for (name, world) in [("original", source), ("twin", first)] {
            let report = work.appendingPathComponent("\(name).jsonl")
            let run = try await keyshare(
                [
                    "run", "--world", world.path, "--concurrency", "1", "--reporter", "json=\(report.path)",
                    planSharePlaybook,
                ], environment: planClientEnvironment)
            statuses.append(run.status)
            outcomes.append(try reportedTargets(report))
        }
        #expect(statuses == [1, 1], "the quota leaves one member unshared on both: \(statuses)")
        #expect(outcomes[0] == outcomes[1])
        #expect(outcomes[0].values.filter { $0.code == "Rejected.ShareQuotaExceedLimit" }.count == 1, "\(outcomes[0])")
    }

    @Test("a twin of a state after a run predicts the next run, and capturing leaves the state file as it was")
    func twinOfState() async throws {
        let work = try temporaryFolder("keyshare-sim-capture-state")
        defer { try? FileManager.default.removeItem(at: work) }
        let source = work.appendingPathComponent("world.yaml")
        try Self.world.replacingOccurrences(of: "vpc_num: 4", with: "vpc_num: 10").write(
            to: source, atomically: true, encoding: .utf8)
        let folder = work.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let state = folder.appendingPathComponent("cloud.sqlite")
        let journal = work.appendingPathComponent("journal.sqlite")
        let shared = try await keyshare(
            [
                "run", "--world", source.path, "--state", state.path, "--journal", journal.path,
                "--concurrency", "1", planSharePlaybook,
            ], environment: planClientEnvironment)
        #expect(shared.status == 0, "\(shared.output)\(shared.errors)")

        let before = try folderContents(folder)
        let twin = work.appendingPathComponent("twin.yaml")
        let captured = try await keyshare(["sim", "capture", "--state", state.path, "--output", twin.path])
        #expect(captured.status == 0, "\(captured.output)\(captured.errors)")
        #expect(try folderContents(folder) == before, "the capture changed the state file")
        #expect(try String(contentsOf: twin, encoding: .utf8).contains("AliyunECSDiskEncryptDefaultRole"))

        // The next run, rehearsed on the twin and then made for real, ends alike.
        var outcomes: [[String: TargetPrediction]] = []
        for (name, arguments) in [("twin", ["--world", twin.path]), ("real", ["--state", state.path])] {
            let report = work.appendingPathComponent("\(name).jsonl")
            let run = try await keyshare(
                ["run"] + arguments + [
                    "--journal", work.appendingPathComponent("\(name).sqlite").path,
                    "--concurrency", "1", "--reporter", "json=\(report.path)",
                    planSharePlaybook,
                ], environment: planClientEnvironment)
            #expect(run.status == 0, "\(name): \(run.output)\(run.errors)")
            outcomes.append(try reportedTargets(report))
        }
        #expect(outcomes[0] == outcomes[1])
        #expect(!outcomes[0].isEmpty && outcomes[0].values.allSatisfy { $0.status == "unchanged" }, "\(outcomes[0])")
    }

    @Test("a member whose access role does not trust the management account is skipped: exit 3, named, still written")
    func partial() async throws {
        let work = try temporaryFolder("keyshare-sim-capture-partial")
        defer { try? FileManager.default.removeItem(at: work) }
        let source = work.appendingPathComponent("world.yaml")
        let broken = Self.world.replacingOccurrences(
            of: #"  - { id: "2000000000000002", name: prod-2, folder: fd-prod, tags: { env: prod } }"#,
            with:
                #"  - { id: "2000000000000002", name: prod-2, folder: fd-prod, tags: { env: prod }, roles: [ { name: ResourceDirectoryAccountAccessRole, trust: { Version: "1", Statement: [ { Effect: Allow, Action: "sts:AssumeRole", Principal: { RAM: [ "acs:ram::2000000000000002:root" ] } } ] } } ] }"#
        )
        #expect(broken != Self.world)
        try broken.write(to: source, atomically: true, encoding: .utf8)
        let output = work.appendingPathComponent("w1.yaml")
        let server = try await LoggedServer.start(world: source.path, log: work.appendingPathComponent("serve.log"))
        let captured = try await keyshare(
            [
                "sim", "capture", "--backend", "http", "--endpoint", server.endpoint,
                "--output", output.path,
            ], environment: planClientEnvironment)
        server.stop()
        #expect(captured.status == 3, "\(captured.output)\(captured.errors)")
        #expect(captured.output.contains("(partial)"))
        #expect(
            captured.errors.contains("skipped account: 2000000000000002 (prod-2): AssumeRole")
                || captured.errors.contains("skipped account: 2000000000000002 (prod-2)"), "\(captured.errors)")
        let text = try String(contentsOf: output, encoding: .utf8)
        #expect(text.contains("#   skipped account: 2000000000000002 (prod-2)"))
        #expect(!text.contains("plan-test-secret") && !captured.errors.contains("plan-test-secret"))
    }

    @Test(
        "--region repeated or comma-separated reads each region once, in the order given",
        arguments: [
            ["--region", "cn-shanghai", "--region", "cn-hangzhou"], ["--region", "cn-shanghai,cn-hangzhou"],
            ["--region=cn-shanghai", "--region", "cn-hangzhou,cn-shanghai"],
        ])
    func regions(_ words: [String]) async throws {
        let work = try temporaryFolder("keyshare-sim-capture-regions")
        defer { try? FileManager.default.removeItem(at: work) }
        let source = work.appendingPathComponent("world.yaml")
        try Self.world.write(to: source, atomically: true, encoding: .utf8)
        let output = work.appendingPathComponent("w.yaml")
        let captured = try await keyshare(["sim", "capture", "--world", source.path, "--output", output.path] + words)
        #expect(captured.status == 0, "\(words): \(captured.errors)")
        let text = try String(contentsOf: output, encoding: .utf8)
        #expect(text.hasPrefix("# A rehearsal twin written by `keyshare sim capture` (regions: cn-shanghai, cn-hangzhou)."))
        #expect(text.contains("default_region: cn-shanghai"))
    }

    @Test(
        "bad input exits 2 naming the input, and writes nothing",
        arguments: [
            (["--output", "/nonexistent-keyshare-folder/w.yaml"], "/nonexistent-keyshare-folder"),
            (["--output", "FOLDER"], "is a folder"),
            ([], "--output"),
            (["--output", "FOLDER/w.yaml", "--backend", "ftp"], "ftp"),
            (["--output", "FOLDER/w.yaml", "--backend", "http", "--world", "w.yaml"], "--world"),
            (["--output", "FOLDER/w.yaml", "--endpoint", "http://127.0.0.1:1"], "--endpoint"),
            (["--output", "FOLDER/w.yaml", "--region", "cn-hangzou"], "did you mean 'cn-hangzhou'"),
            (["--output", "FOLDER/w.yaml", "--region", "cn-hangzhou,"], "empty entry"),
            (["--output", "FOLDER/w.yaml", "--world", "FOLDER/missing.yaml"], "missing.yaml"),
            (["--output", "FOLDER/w.yaml", "--backend", "http", "--endpoint", "http://127.0.0.1:1"], "GetCallerIdentity"),
        ])
    func badInput(_ arguments: [String], _ named: String) async throws {
        let work = try temporaryFolder("keyshare-sim-capture-bad")
        defer { try? FileManager.default.removeItem(at: work) }
        let words = arguments.map { $0.replacingOccurrences(of: "FOLDER", with: work.path) }
        let outcome = try await keyshare(["sim", "capture"] + words, environment: planClientEnvironment)
        #expect(outcome.status == 2, "\(words): \(outcome.output)\(outcome.errors)")
        #expect(outcome.errors.contains(named.replacingOccurrences(of: "FOLDER", with: work.path)), "\(words): \(outcome.errors)")
        #expect(!FileManager.default.fileExists(atPath: work.appendingPathComponent("w.yaml").path))
        #expect(!outcome.errors.contains("plan-test-secret"))
    }
}
