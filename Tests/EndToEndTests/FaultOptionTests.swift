import Foundation
import Testing

/// `--faults` and the world's `faults:` section from the command line: bad input exits 2 naming
/// the field, and a dropped connection reaches a script as the same error on every backend.
@Suite(
    "Faults from the command line",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct FaultOptionTests {
    /// A script creating a role and saying what it saw: the error code and status, then whether the role exists.
    static let probe = """
        local trust = '{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":["ecs.aliyuncs.com"]}}]}'
        local ok, err = pcall(ram.create_role, { role_name = "FaultProbe", assume_role_policy_document = trust })
        print(ok and "created" or ("failed " .. tostring(err.code) .. " " .. tostring(err.http_status)))
        print(pcall(ram.get_role, { role_name = "FaultProbe" }) and "exists" or "missing")
        """

    /// Bad `--faults` values with the field the message must name.
    static let badValues: [(String, String)] = [
        ("throttle=150%", "throttle"),
        ("kms-write.drop_after=lots", "kms-write.drop_after"),
        ("latency.min=5ms", "latency"),
        ("bogus=1", "bogus"),
        ("kms:Nope.throttle=1%", "kms:Nope"),
        ("nonexistent-faults.yaml", "nonexistent-faults.yaml"),
        ("throttle=60%,5xx=50%", "100%"),
    ]

    /// The commands that build a simulator, with what they need besides `--faults`.
    static let commands: [[String]] = [["run"], ["plan"], ["serve", "--port", "0"]]

    @Test(
        "a bad --faults value exits 2 naming the field, on every command that builds a simulator",
        arguments: commands, badValues)
    func badOption(command: [String], bad: (value: String, field: String)) async throws {
        let (value, field) = bad
        let work = try temporaryFolder("keyshare-bad-faults")
        defer { try? FileManager.default.removeItem(at: work) }
        let script = work.appendingPathComponent("probe.lua")
        try Self.probe.write(to: script, atomically: true, encoding: .utf8)
        let file = command[0] == "serve" ? [] : [script.path]
        let outcome = try await keyshare(
            KeyshareInvocation(
                arguments: command + ["--faults", value] + file, directory: work,
                timeout: 120))
        #expect(outcome.status == 2, "\(outcome.output)\(outcome.errors)")
        #expect(outcome.errors.contains(field), "\(outcome.errors)")
        #expect(!outcome.output.contains("created"))
    }

    @Test(
        "a bad faults: section in the world exits 2 naming faults.<field>",
        arguments: [
            ("  throttle: 150%\n", "faults.throttle"), ("  sts: {rate_limit: 0}\n", "faults.sts.rate_limit"),
            ("  kms-read: [1]\n", "faults.kms-read"),
        ])
    func badSection(section: String, field: String) async throws {
        let work = try temporaryFolder("keyshare-bad-faults-world")
        defer { try? FileManager.default.removeItem(at: work) }
        let world = try await starterWorld(accounts: 2, in: work)
        try (try String(contentsOf: world, encoding: .utf8) + "faults:\n" + section).write(
            to: world, atomically: true, encoding: .utf8)
        let script = work.appendingPathComponent("probe.lua")
        try Self.probe.write(to: script, atomically: true, encoding: .utf8)
        for command in [["run", "--world", world.path, script.path], ["serve", "--port", "0", "--world", world.path]] {
            let outcome = try await keyshare(KeyshareInvocation(arguments: command, directory: work, timeout: 120))
            #expect(outcome.status == 2, "\(command[0]): \(outcome.output)\(outcome.errors)")
            #expect(outcome.errors.contains(field), "\(command[0]): \(outcome.errors)")
        }
    }

    @Test("--faults is refused with the http backend, whose faults are the server's")
    func httpBackend() async throws {
        let outcome = try await keyshare(["run", "--backend", "http", "--faults", "throttle=1%", "x.lua"])
        #expect(outcome.status == 2)
        #expect(outcome.errors.contains("--faults"), "\(outcome.errors)")
    }

    @Test("resume injects the run's --faults again, and a run without them then converges")
    func resumeKeepsFaults() async throws {
        let work = try temporaryFolder("keyshare-resume-faults")
        defer { try? FileManager.default.removeItem(at: work) }
        let world = try await starterWorld(accounts: 2, in: work)
        let playbook = packageRoot.appendingPathComponent("plugins/ecs-key-sharing/examples/share-disk-key.lua").path
        let state = ["--state", work.appendingPathComponent("s.sqlite").path]
        let run = try await keyshare(
            KeyshareInvocation(
                arguments: ["run", "--world", world.path] + state + ["--faults", "ram:AttachPolicyToRole.5xx=100%", playbook],
                directory: work, timeout: 120))
        #expect(run.status == 1, "\(run.output)\(run.errors)")
        #expect(run.output.contains("1 failed"), "\(run.output)")
        let resumed = try await keyshare(
            KeyshareInvocation(arguments: ["resume", "last"] + state, directory: work, timeout: 120))
        #expect(resumed.status == 1, "\(resumed.output)\(resumed.errors)")
        #expect(resumed.output.contains("ServiceUnavailable") || resumed.output.contains("InternalError"), "\(resumed.output)")
        let again = try await keyshare(
            KeyshareInvocation(
                arguments: ["run", "--world", world.path] + state + [playbook],
                directory: work, timeout: 120))
        #expect(again.status == 0, "\(again.output)\(again.errors)")
    }

    /// Before applying nothing changed, after it the role exists; `--faults` replaces the world's section.
    @Test(
        "a dropped connection reaches a script as keyshare.ConnectionDropped, status 0, in process and over serve",
        arguments: [false, true], [false, true])
    func droppedConnection(overServe: Bool, afterApplying: Bool) async throws {
        let work = try temporaryFolder("keyshare-drop")
        defer { try? FileManager.default.removeItem(at: work) }
        let world = try await starterWorld(accounts: 2, in: work)
        let half = afterApplying ? "drop_after" : "drop_before"
        try (try String(contentsOf: world, encoding: .utf8) + "faults:\n  ram:CreateRole: {\(half): 100%}\n")
            .write(to: world, atomically: true, encoding: .utf8)
        let script = work.appendingPathComponent("probe.lua")
        try Self.probe.write(to: script, atomically: true, encoding: .utf8)
        func probe(faults: [String]) async throws -> KeyshareOutcome {
            guard overServe else {
                return try await keyshare(
                    KeyshareInvocation(
                        arguments: ["run", "--world", world.path] + faults + [script.path],
                        directory: work, timeout: 120))
            }
            let server = try await ServedSimulator.start(["--world", world.path] + faults)
            defer { server.stopNow() }
            return try await keyshare(
                KeyshareInvocation(
                    arguments: ["run", "--backend", "http", "--endpoint", server.endpoint, script.path], directory: work,
                    environment: try ServedSimulator.clientEnvironment(world: world), timeout: 120))
        }
        let dropped = try await probe(faults: [])
        #expect(dropped.status == 0, "\(dropped.errors)")
        #expect(dropped.output.contains("failed keyshare.ConnectionDropped 0"), "\(dropped.output)\(dropped.errors)")
        #expect(dropped.output.contains(afterApplying ? "exists" : "missing"), "\(dropped.output)")
        let replaced = try await probe(faults: ["--faults", "seed=1"])
        #expect(replaced.output.contains("created") && replaced.output.contains("exists"), "\(replaced.output)\(replaced.errors)")
    }
}
