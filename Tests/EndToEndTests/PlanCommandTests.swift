import Foundation
import Testing

/// `keyshare plan`'s contract as a command: exit codes, `--out`, bad input refused like `run`.
@Suite(
    "keyshare plan as a command",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct PlanCommandTests {
    @Test("exit 2 before a run, 0 after it; a plan without --state files creates no file at all")
    func exitCodes() async throws {
        let work = try temporaryFolder("keyshare-plan-exit")
        defer { try? FileManager.default.removeItem(at: work) }
        let state = work.appendingPathComponent("state.sqlite").path
        let first = try await keyshare(["plan", "--state", state, planSharePlaybook])
        #expect(first.status == 2, "\(first.output)\(first.errors)")
        #expect(first.output.contains("20 targets: 20 would change, 0 unchanged, 0 would fail"), "\(first.output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).isEmpty, "the plan created a file")

        let run = try await keyshare(["run", "--state", state, planSharePlaybook])
        #expect(run.status == 0, "\(run.errors)")
        let second = try await keyshare(["plan", "--state", state, planSharePlaybook])
        #expect(second.status == 0, "\(second.output)\(second.errors)")
        #expect(second.output.contains("Nothing would change."), "\(second.output)")
        #expect(second.output.contains("access-management quota"), "\(second.output)")
    }

    @Test("a plain script: 0 when it only reads, 2 when it would write")
    func plainScripts() async throws {
        let work = try temporaryFolder("keyshare-plan-script")
        defer { try? FileManager.default.removeItem(at: work) }
        let reads = work.appendingPathComponent("reads.lua")
        try "print(kms.list_keys({}).total_count)".write(to: reads, atomically: true, encoding: .utf8)
        let writes = work.appendingPathComponent("writes.lua")
        try
            #"ram.create_role({ role_name = "PlanProbe", assume_role_policy_document = '{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":["ecs.aliyuncs.com"]}}],"Version":"1"}' })"#
            .write(to: writes, atomically: true, encoding: .utf8)
        let read = try await keyshare(["plan", reads.path])
        #expect(read.status == 0, "\(read.output)\(read.errors)")
        let written = try await keyshare(["plan", writes.path, "--out", work.appendingPathComponent("p.json").path])
        #expect(written.status == 2, "\(written.output)\(written.errors)")
        #expect(written.output.contains("CreateRole ×1"), "\(written.output)")
    }

    @Test("--out writes the documented JSON fields")
    func outJSON() async throws {
        let work = try temporaryFolder("keyshare-plan-json")
        defer { try? FileManager.default.removeItem(at: work) }
        let world = work.appendingPathComponent("world.yaml")
        try planWorld.write(to: world, atomically: true, encoding: .utf8)
        let out = work.appendingPathComponent("plan.json")
        let plan = try await keyshare(["plan", "--world", world.path, "--concurrency", "1", "--out", out.path, planSharePlaybook])
        #expect(plan.status == 1, "\(plan.output)\(plan.errors)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any])
        #expect(
            Set(root.keys) == [
                "playbook", "backend", "is_playbook", "summary", "targets", "staging", "keys", "mutating_calls",
                "caveats", "exit_code",
            ])
        #expect(root["exit_code"] as? Int == 1)
        let summary = try #require(root["summary"] as? [String: Int])
        #expect(summary == ["targets": 3, "changed": 2, "unchanged": 0, "failed": 1, "skipped": 0, "cancelled": 0])
        let targets = try #require(root["targets"] as? [[String: Any]])
        let failed = try #require(targets.first { $0["status"] as? String == "failed" })
        let failure = try #require(failed["failure"] as? [String: Any])
        #expect(failure["code"] as? String == "Rejected.ShareQuotaExceedLimit")
        #expect(failure["step"] as? String == "ecs-key-sharing.share")
        let keys = try #require(root["keys"] as? [[String: Any]])
        let key = try #require(keys.first)
        #expect(key["key_id"] as? String == "key-hzz6aa1b2c3d4e5f6a7b8")
        #expect(key["quota_total"] as? Int == 4 && key["quota_used"] as? Int == 4 && key["quota_left"] as? Int == 0, "\(key)")
        #expect(key["policy_limit"] as? Int == 32_768)
        #expect((key["policy_bytes"] as? Int ?? 0) > 0)
        let calls = try #require(root["mutating_calls"] as? [String: Int])
        #expect(calls["SetKeyPolicy"] == 2, "\(calls)")
    }

    @Test(
        "an --out that cannot be written exits 2 before anything runs, naming it",
        arguments: ["missing-folder/plan.json", "a-folder", ""])
    func unwritableOut(_ name: String) async throws {
        let work = try temporaryFolder("keyshare-plan-badout")
        defer { try? FileManager.default.removeItem(at: work) }
        try FileManager.default.createDirectory(at: work.appendingPathComponent("a-folder"), withIntermediateDirectories: true)
        let path = name.isEmpty ? "" : work.appendingPathComponent(name).path
        let plan = try await keyshare(["plan", "--out", path, planSharePlaybook])
        #expect(plan.status == 2, "\(plan.output)\(plan.errors)")
        #expect(plan.errors.contains("--out"), "\(plan.errors)")
        #expect(plan.output.isEmpty, "\(plan.output)")
    }

    @Test(
        "bad input exits 2 with run's message",
        arguments: [
            ["--concurrency", "0"], ["--param", "=x"], ["--max-memory", "0"], ["--log-level", "loud"],
            ["--region", "x y"], ["--reporter", "nosuch"], ["--world", "/nonexistent/world.yaml"],
            ["--state", "/nonexistent/folder/state.sqlite"], ["--backend", "http", "--world", "w.yaml"],
            ["--fresh-state"], ["--plugin-path", "/nonexistent/plugins"], ["--journal", "j.sqlite", "--no-journal"],
        ])
    func badInputLikeRun(_ words: [String]) async throws {
        let work = try temporaryFolder("keyshare-plan-bad")
        defer { try? FileManager.default.removeItem(at: work) }
        let run = try await keyshare(["run"] + words + [planSharePlaybook], in: work)
        let plan = try await keyshare(["plan"] + words + [planSharePlaybook], in: work)
        #expect(run.status == 2 && plan.status == 2, "run \(run.status): \(run.errors)\nplan \(plan.status): \(plan.errors)")
        let shown = { (text: String) in
            text.replacingOccurrences(of: "keyshare plan", with: "keyshare run")
                .split(separator: "\n").filter { !$0.hasPrefix("Usage:") && !$0.hasPrefix("  See ") }.joined(separator: "\n")
        }
        #expect(shown(plan.errors) == shown(run.errors), "run: \(run.errors)\nplan: \(plan.errors)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).isEmpty)
    }

    @Test("a state held by a server is refused like run refuses it; once free, the plan leaves it and its lock file as they were")
    func heldState() async throws {
        let work = try temporaryFolder("keyshare-plan-held")
        defer { try? FileManager.default.removeItem(at: work) }
        let state = work.appendingPathComponent("state.sqlite").path
        let server = try await ServedSimulator.start(["--state", state])
        let plan = try await keyshare(["plan", "--state", state, planSharePlaybook])
        let run = try await keyshare(["run", "--state", state, planSharePlaybook])
        await server.stop()
        #expect(plan.status == 2 && run.status == 2)
        #expect(plan.errors.contains("is in use by another keyshare process (pid \(server.server.pid))"), "\(plan.errors)")
        #expect(plan.errors == run.errors, "run: \(run.errors)\nplan: \(plan.errors)")
        let before = try folderContents(work)
        let after = try await keyshare(["plan", "--state", state, planSharePlaybook])
        #expect(after.status == 2, "\(after.output)\(after.errors)")
        #expect(try folderContents(work) == before)
    }

    @Test(
        "every way of naming the state leaves the state folder byte-identical",
        arguments: [
            ["--world", "world.yaml", "--state", "state.sqlite"],
            ["--state", "state.sqlite"],
            ["--world", "world.yaml", "--state", "state.sqlite", "--fresh-state"],
            ["--world", "world.yaml", "--state", "link.sqlite"],
            ["--world", "world.yaml", "--state", "state.sqlite", "--wait-state", "1"],
            ["--world", "world.yaml", "--state", "state.sqlite", "--journal", "journal.sqlite"],
        ])
    func stateVariants(_ words: [String]) async throws {
        let work = try temporaryFolder("keyshare-plan-variants")
        defer { try? FileManager.default.removeItem(at: work) }
        try planWorld.write(to: work.appendingPathComponent("world.yaml"), atomically: true, encoding: .utf8)
        try "return 1".write(to: work.appendingPathComponent("seed.lua"), atomically: true, encoding: .utf8)
        let seeded = try await keyshare(["run", "--world", "world.yaml", "--state", "state.sqlite", "seed.lua"], in: work)
        try #require(seeded.status == 0, "\(seeded.errors)")
        try FileManager.default.createSymbolicLink(
            atPath: work.appendingPathComponent("link.sqlite").path,
            withDestinationPath: "state.sqlite")
        let before = try folderContents(work)
        let plan = try await keyshare(["plan"] + words + [planSharePlaybook], in: work)
        #expect(plan.status == 1, "\(words): \(plan.output)\(plan.errors)")
        #expect(plan.output.contains("3 targets: 2 would change, 0 unchanged, 1 would fail"), "\(plan.output)")
        #expect(try folderContents(work) == before, "\(words) changed the folder")
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: work.appendingPathComponent("link.sqlite").path)
        #expect(link == "state.sqlite")
    }
}
