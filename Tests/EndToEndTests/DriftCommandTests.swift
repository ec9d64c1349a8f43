import Foundation
import Testing

/// `keyshare drift` end to end: a real run of the shipped share playbook, then changes made behind
/// its back by plain scripts on the same state; drift names each, writes nothing, records no run,
/// and keeps bad input (exit 64) apart from drift (exit 2).
@Suite(
    "keyshare drift",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct DriftCommandTests {
    @Test("right after a run nothing has drifted: exit 0, the summary counts every target clean")
    func cleanAfterRun() async throws {
        let work = try await sharedDriftState("keyshare-drift-clean")
        defer { try? FileManager.default.removeItem(at: work) }
        let drift = try await keyshare(
            ["drift", "--world", "world.yaml", "--state", "state.sqlite", planSharePlaybook], in: work)
        #expect(drift.status == 0, "\(drift.output)\(drift.errors)")
        #expect(drift.output.contains("3 targets: 3 clean, 0 drifted, 0 unknown"), "\(drift.output)")
        #expect(drift.output.contains("No drift"), "\(drift.output)")
        #expect(!drift.output.contains("2000000000000001"), "a clean target is listed: \(drift.output)")
    }

    @Test("before any run every target is never applied: exit 2, one not-applied finding each")
    func neverApplied() async throws {
        let work = try temporaryFolder("keyshare-drift-fresh")
        defer { try? FileManager.default.removeItem(at: work) }
        try driftWorld.write(to: work.appendingPathComponent("world.yaml"), atomically: true, encoding: .utf8)
        let drift = try await keyshare(["drift", "--world", "world.yaml", "--json", planSharePlaybook], in: work)
        #expect(drift.status == 2, "\(drift.output)\(drift.errors)")
        let findings = try driftFindings(drift.output)
        #expect(Set(findings.keys) == ["2000000000000001", "2000000000000002", "2000000000000003"], "\(findings)")
        for (account, list) in findings {
            #expect(list.map(\.kind) == ["not-applied"], "\(account): \(list)")
            #expect(list.first?.message.contains("role \(driftDiskRole) does not exist") == true, "\(account): \(list)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path) == ["world.yaml"], "drift created a file")
    }

    @Test(
        "each change behind keyshare's back is named for its target; the state folder stays byte-identical",
        arguments: driftTampers)
    func tampered(_ change: Tamper) async throws {
        let work = try await sharedDriftState("keyshare-drift-tamper")
        defer { try? FileManager.default.removeItem(at: work) }
        let state = ["--world", "world.yaml", "--state", "state.sqlite"]
        try await tamper(change.script, in: work, options: state)
        let runsBefore = try await keyshare(["runs", "list", "--state", "state.sqlite", "--json"], in: work)
        let before = try folderContents(work)

        let json = try await keyshare(["drift"] + state + ["--json", planSharePlaybook], in: work)
        #expect(json.status == change.exitCode, "\(change): \(json.output)\(json.errors)")
        let findings = try driftFindings(json.output)
        #expect(Set(findings.keys) == Set(change.expected.keys), "\(change): \(findings)")
        for (account, wanted) in change.expected {
            let found = findings[account] ?? []
            for (kind, words) in wanted {
                let match = found.first { $0.kind == kind }
                #expect(match != nil, "\(change): \(account) has no \(kind): \(found)")
                for word in words {
                    #expect(
                        match?.message.contains(word) == true,
                        "\(change): \(account) \(kind) lacks '\(word)': \(match?.message ?? "")")
                }
            }
        }

        let text = try await keyshare(["drift"] + state + [planSharePlaybook], in: work)
        #expect(text.status == change.exitCode, "\(change): \(text.output)\(text.errors)")
        for (account, wanted) in change.expected {
            #expect(text.output.contains(account), "\(change): \(text.output)")
            for (kind, _) in wanted { #expect(text.output.contains(kind), "\(change): \(text.output)") }
        }
        let clean = 3 - change.expected.count
        #expect(text.output.contains("3 targets: \(clean) clean"), "\(change): \(text.output)")

        #expect(try folderContents(work) == before, "\(change): drift changed the state folder")
        let runsAfter = try await keyshare(["runs", "list", "--state", "state.sqlite", "--json"], in: work)
        #expect(runsAfter.output == runsBefore.output, "\(change): drift recorded a run")
    }

    @Test("--json and --out carry the documented fields, sorted, the same bytes")
    func jsonFields() async throws {
        let work = try await sharedDriftState("keyshare-drift-json")
        defer { try? FileManager.default.removeItem(at: work) }
        let state = ["--world", "world.yaml", "--state", "state.sqlite"]
        let scripts = ["the disk role's trust policy rewritten", "a foreign key-policy statement denies Decrypt"].compactMap {
            name in
            driftTampers.first { $0.name == name }?.script
        }
        try #require(scripts.count == 2)
        try await tamper(scripts.joined(separator: "\n"), in: work, options: state)
        let drift = try await keyshare(["drift"] + state + ["--json", "--out", "drift.json", planSharePlaybook], in: work)
        #expect(drift.status == 2, "\(drift.output)\(drift.errors)")
        let file = try String(contentsOf: work.appendingPathComponent("drift.json"), encoding: .utf8)
        #expect(file == drift.output)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(file.utf8)) as? [String: Any])
        #expect(Set(root.keys) == ["playbook", "backend", "status", "summary", "targets", "others", "caveats", "exit_code"])
        #expect(root["status"] as? String == "drift" && root["exit_code"] as? Int == 2)
        let summary = try #require(root["summary"] as? [String: Int])
        #expect(summary == ["targets": 3, "clean": 2, "drifted": 1, "unknown": 0, "errors": 0, "skipped": 0], "\(summary)")
        let targets = try #require(root["targets"] as? [[String: Any]])
        #expect(targets.map { $0["account"] as? String ?? "" } == ["2000000000000001", "2000000000000002", "2000000000000003"])
        let drifted = try #require(targets.first { $0["status"] as? String == "drifted" })
        #expect(Set(drifted.keys) == ["account", "name", "status", "findings"])
        let findings = try #require(drifted["findings"] as? [[String: Any]])
        let trust = try #require(findings.first { $0["kind"] as? String == "role-trust-changed" })
        #expect(Set(trust.keys) == ["kind", "severity", "message", "subject", "current", "declared"], "\(trust)")
        #expect(trust["severity"] as? String == "drift" && trust["subject"] as? String == "role/\(driftDiskRole)")
        #expect((trust["declared"] as? String)?.contains("ecs.aliyuncs.com") == true)
        let denied = try #require(findings.first { $0["kind"] as? String == "access-denied" })
        #expect(denied["actions"] as? [String] == ["kms:Decrypt"], "\(denied)")
        #expect(denied["sids"] as? [String] == ["freeze-prod-1"], "\(denied)")
        #expect(denied["statements"] as? [String] == ["key policy statement \"freeze-prod-1\""], "\(denied)")
        // Sorted keys: the encoder's order, so two reports of the same state compare byte for byte.
        let again = try await keyshare(["drift"] + state + ["--json", planSharePlaybook], in: work)
        #expect(again.output == drift.output)
    }

    @Test(
        "bad input exits 64, not drift's 2, naming the input; nothing is created",
        arguments: [
            (["missing.lua"], "missing.lua"),
            (["--bogus", "PLAYBOOK"], "--bogus"),
            (["--concurrency", "0", "PLAYBOOK"], "--concurrency"),
            (["--world", "/nonexistent/world.yaml", "PLAYBOOK"], "/nonexistent/world.yaml"),
            (["--backend", "http", "--world", "w.yaml", "PLAYBOOK"], "--world"),
            (["--state", "a.sqlite", "--state", "b.sqlite", "PLAYBOOK"], "--state"),
            (["--journal", "j.sqlite", "--no-journal", "PLAYBOOK"], "--no-journal"),
            (["--out", "missing-folder/drift.json", "PLAYBOOK"], "--out"),
            (["--param", "nosuch=1", "PLAYBOOK"], "nosuch"),
            ([String](), "PLAYBOOK"),
        ])
    func badInput(_ words: [String], _ named: String) async throws {
        let work = try temporaryFolder("keyshare-drift-bad")
        defer { try? FileManager.default.removeItem(at: work) }
        let arguments = words.map { $0 == "PLAYBOOK" ? planSharePlaybook : $0 }
        let drift = try await keyshare(["drift"] + arguments, in: work)
        #expect(drift.status == 64, "\(words): \(drift.status) \(drift.output)\(drift.errors)")
        #expect(drift.errors.contains(named == "PLAYBOOK" ? "<file>" : named), "\(words): \(drift.errors)")
        #expect(drift.output.isEmpty, "\(words): \(drift.output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).isEmpty, "\(words) created a file")
    }

    @Test("a script that raises is an error (exit 1), not drift")
    func raisingScript() async throws {
        let work = try temporaryFolder("keyshare-drift-raise")
        defer { try? FileManager.default.removeItem(at: work) }
        let script = work.appendingPathComponent("raise.lua")
        try #"error("boom")"#.write(to: script, atomically: true, encoding: .utf8)
        let drift = try await keyshare(["drift", script.path], in: work)
        #expect(drift.status == 1, "\(drift.output)\(drift.errors)")
        #expect(drift.errors.contains("boom"), "\(drift.errors)")
    }
}
