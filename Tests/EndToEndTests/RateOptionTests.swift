import Foundation
import Testing

private let ratePlaybook = packageRoot.appendingPathComponent("plugins/ecs-key-sharing/examples/share-disk-key.lua").path

/// A playbook like the shipped share playbook with `rate = <value>` (the share plugin's steps, a
/// literal target list), for the field's bad values.
private func playbook(rate: String, in folder: URL) throws -> String {
    let url = folder.appendingPathComponent("rate-\(UUID().uuidString.prefix(8)).lua")
    try """
    return {
      owner = "1000000000000001",
      key = "alias/shared-disk-key",
      targets = { { id = "2000000000000001" } },
      steps = { "ecs-key-sharing.share" },
      rate = \(rate),
    }
    """.write(to: url, atomically: true, encoding: .utf8)
    return url.path
}

@Suite(
    "Rate options end to end",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct RateOptionTests {
    @Test(
        "A bad --rate exits 2 before anything runs, naming the option, the group or value, and the fix",
        arguments: [
            (["--rate", "kms=5"], "unknown API group 'kms'"),
            (["--rate", "kms-write"], "write group=N"),
            (["--rate", "kms-write=0"], "above 0"),
            (["--rate", "kms-write=-3"], "above 0"),
            (["--rate", "sts=fast"], "must be a number"),
            (["--rate", "sts=5,ram=1e9"], "at most"),
            (["--rate=ecs=nan"], "above 0"),
            (["--rate", "ram=2", "--rate", "kms-read="], "must be a number"),
        ])
    func badOption(words: [String], fragment: String) async throws {
        for command in ["run", "plan"] {
            let outcome = try await keyshare([command, ratePlaybook] + words)
            #expect(outcome.status == 2, "\(command): \(outcome.errors)")
            #expect(outcome.errors.contains("--rate") && outcome.errors.contains(fragment), "\(command): \(outcome.errors)")
            #expect(!outcome.output.contains("targets:"), "\(command) ran: \(outcome.output)")
        }
    }

    @Test(
        "A bad --rate on undo and resume exits 2 naming it",
        arguments: [
            ["undo", "last", "--rate", "x=1"],
            ["resume", "last", "--rate", "kms-write=0"],
        ])
    func badOptionElsewhere(words: [String]) async throws {
        let outcome = try await keyshare(words)
        #expect(outcome.status == 2, "\(outcome.errors)")
        #expect(outcome.errors.contains("--rate"), "\(outcome.errors)")
    }

    @Test(
        "A bad rate field exits 2 naming the field, the group and the fix",
        arguments: [
            ("5", "rate = 5"), ("{ 5 }", "rate = a table"), ("{ kms = 5 }", "unknown API group 'kms'"),
            ("{ [\"kms-write\"] = 0 }", "above 0"), ("{ [\"kms-write\"] = \"fast\" }", "rate[\"kms-write\"]"),
            ("{ sts = 1e12 }", "at most"), ("{ [1] = 3, sts = 2 }", "rate"),
        ])
    func badField(value: String, fragment: String) async throws {
        let folder = try temporaryFolder("keyshare-rate-field")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try await keyshare(["run", try playbook(rate: value, in: folder)])
        #expect(outcome.status == 2, "\(outcome.errors)")
        #expect(outcome.errors.contains(fragment), "\(outcome.errors)")
        #expect(outcome.errors.contains("rate"), "\(outcome.errors)")
    }

    @Test(
        "Roles the run creates that KMS sees only later (role propagation) are waited for: every grant lands",
        arguments: ["role_propagation=800ms", "role_propagation=2s,throttle=10%,seed=5"])
    func rolePropagation(faults: String) async throws {
        let folder = try temporaryFolder("keyshare-rate-propagation")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try await keyshare(
            KeyshareInvocation(
                arguments: ["run", ratePlaybook, "--faults", faults], directory: folder,
                timeout: 120))
        #expect(outcome.status == 0, "\(outcome.output)\(outcome.errors)")
        #expect(outcome.output.contains("20 targets: 20 changed"), "\(outcome.output)")
    }

    @Test("Good rate fields and --rate run; the JSON reporter and the console carry the time waited on throttling")
    func throttleWaitReported() async throws {
        let folder = try temporaryFolder("keyshare-rate-run")
        defer { try? FileManager.default.removeItem(at: folder) }
        let json = folder.appendingPathComponent("run.jsonl")
        let path = try playbook(rate: "{ [\"kms-write\"] = 5, sts = 50, ram = 20 }", in: folder)
        let outcome = try await keyshare([
            "run", path, "--rate", "ecs=30", "--faults", "throttle=40%,seed=3,retry_after=20ms",
            "--reporter", "console", "--reporter", "json=\(json.path)",
        ])
        #expect(outcome.status == 0, "\(outcome.output)\(outcome.errors)")
        #expect(outcome.output.contains("waited on throttling:"), "\(outcome.output)")
        let events = try String(contentsOf: json, encoding: .utf8).split(separator: "\n").compactMap {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let finished = events.filter { $0["type"] as? String == "target_finished" }
        #expect(!finished.isEmpty && finished.allSatisfy { ($0["throttle_wait_ms"] as? Double) != nil })
        let run = try #require(events.first { $0["type"] as? String == "run_finished" })
        #expect((run["throttle_wait_ms"] as? Double ?? 0) > 0, "\(run)")
        #expect(events.allSatisfy { $0["throttle_wait_total_ms"] != nil })
    }
}
