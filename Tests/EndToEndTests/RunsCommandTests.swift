import Foundation
import Rollout
import Testing

/// `keyshare runs list` and `runs show` over journals written by the store itself.
@Suite(
    "keyshare runs list/show",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct RunsCommandTests {
    static let finishedID = "r-20261206T090000Z-3f9a1c"
    static let runningID = "r-20261206T100000Z-0b2e77"
    static let start = Date(timeIntervalSince1970: 1_765_011_600)

    /// A journal at `path` with a finished run (one target failed with a request id, one changed,
    /// mutations for both and for the setup) and a newer run still running.
    static func writeJournal(at path: URL) async throws {
        let journal = try SQLiteJournal(path: path)
        let targets = [RolloutTarget(id: "1001", name: "payments"), RolloutTarget(id: "1002"), RolloutTarget(id: "1003")]
        let steps = ["ecs-key-sharing.prepare", "ecs-key-sharing.share"]
        guard let finished = RunID(finishedID), let running = RunID(runningID) else { throw RunsFixtureError() }
        try await journal.beginRun(
            RunRecord(
                id: finished, playbook: "/work/pb/share.lua", playbookDigest: String(repeating: "c", count: 64),
                invocation: ["pb/share.lua", "--param", "folder=fd 1"], workingDirectory: "/work",
                backend: "simulator state=/work/state.sqlite", targets: targets, steps: steps, startedAt: start))
        for (index, target) in targets.enumerated() {
            for (position, name) in steps.enumerated() {
                let step = StepDescriptor(index: position, name: name)
                try await journal.stepStarted(finished, target: target.id, step: step, at: start)
                let fails = index == 1 && position == 1
                try await journal.stepFinished(
                    finished,
                    record: StepRecord(
                        target: target.id, step: step, status: fails ? .failed : .succeeded,
                        changes: position == 0 && index != 2 ? ["created role KeyshareDiskUser"] : [],
                        failure: fails
                            ? TargetFailure(
                                code: "Rejected.ShareQuotaExceedLimit", message: "the key holds too many\nprincipals",
                                step: name, requestID: "REQ-42", changes: ["added to policy"]) : nil,
                        startedAt: start, finishedAt: start.addingTimeInterval(1)))
            }
            if index != 2 {
                try await journal.recordMutation(
                    MutationRecord(
                        run: finished, target: target.id, step: 0, account: target.id,
                        action: "ram:CreateRole", resource: "KeyshareDiskUser", at: start))
            }
            let status: TargetStatus = index == 1 ? .failed : (index == 2 ? .unchanged : .changed)
            try await journal.targetFinished(
                finished, target: target.id, status: status,
                reason: index == 1 ? "Rejected.ShareQuotaExceedLimit: too many" : nil,
                at: start.addingTimeInterval(2))
        }
        try await journal.recordMutation(
            MutationRecord(
                run: finished, target: nil, step: nil, account: "999", action: "kms:SetKeyPolicy",
                resource: "key-1", at: start))
        try await journal.finishRun(
            finished, status: .failed, summary: "3 targets: 1 changed, 1 unchanged, 1 failed, 0 skipped",
            at: start.addingTimeInterval(2.5))
        try await journal.beginRun(
            RunRecord(
                id: running, playbook: "/work/pb/share.lua", playbookDigest: String(repeating: "c", count: 64),
                invocation: ["pb/share.lua"], workingDirectory: "/work", backend: "simulator", targets: targets, steps: steps,
                startedAt: start.addingTimeInterval(3_600)))
        try await journal.targetFinished(
            running, target: "1001", status: .changed, reason: nil, at: start.addingTimeInterval(3_601))
    }

    struct RunsFixtureError: Error {}

    @Test("runs list reads ./.keyshare/journal.sqlite by default and lists runs newest first with their summaries")
    func listDefault() async throws {
        let folder = try temporaryFolder("keyshare-runs")
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Self.writeJournal(at: folder.appendingPathComponent(".keyshare/journal.sqlite"))
        let outcome = try await keyshare(["runs", "list"], in: folder)
        #expect(outcome.status == 0, "\(outcome.errors)")
        let bare = try await keyshare(["runs"], in: folder)
        #expect(bare.status == 0 && bare.output == outcome.output, "`keyshare runs` alone lists: \(bare.errors)")
        let lines = outcome.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines.first?.hasPrefix("RUN") == true)
        #expect(lines[1].hasPrefix(Self.runningID) && lines[1].contains("running") && lines[1].contains("1 of 3 targets done"))
        #expect(
            lines[2].hasPrefix(Self.finishedID) && lines[2].contains("failed") && lines[2].contains("2.50s")
                && lines[2].contains("/work/pb/share.lua") && lines[2].contains("3 targets: 1 changed, 1 unchanged, 1 failed"))
    }

    @Test("runs list --json has the documented shape, via --journal and via --state's neighbour")
    func listJSON() async throws {
        let folder = try temporaryFolder("keyshare-runs")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("state.sqlite.journal.sqlite")
        try await Self.writeJournal(at: path)
        for options in [["--journal", path.path], ["--state", "state.sqlite"], ["--journal=\(path.path)"]] {
            let outcome = try await keyshare(["runs", "list", "--json"] + options, in: folder)
            #expect(outcome.status == 0, "\(options): \(outcome.errors)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.output.utf8)) as? [String: Any])
            #expect((object["journal"] as? String)?.hasSuffix("state.sqlite.journal.sqlite") == true)
            let runs = try #require(object["runs"] as? [[String: Any]])
            #expect(runs.map { $0["id"] as? String } == [Self.runningID, Self.finishedID])
            #expect(
                Set(runs[1].keys) == [
                    "id", "kind", "undoes", "status", "playbook", "playbook_digest", "backend", "invocation",
                    "working_directory", "steps", "started_at", "finished_at", "resumed_at",
                    "duration_seconds", "summary", "targets", "target_statuses",
                ])
            #expect(runs[1]["duration_seconds"] as? Double == 2.5)
            #expect(runs[1]["started_at"] as? String == "2025-12-06T09:00:00.000Z")
            #expect(runs[0]["finished_at"] is NSNull)
            #expect(runs[1]["target_statuses"] as? [String: Int] == ["changed": 1, "unchanged": 1, "failed": 1])
            #expect(runs[0]["targets"] as? Int == 3)
        }
    }

    @Test("runs show by prefix, tail or last prints the header and each target's steps, errors and mutations")
    func showText() async throws {
        let folder = try temporaryFolder("keyshare-runs")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("j.sqlite")
        try await Self.writeJournal(at: path)
        for name in ["r-20261206T09", "20261206T0900", "3f9a1c", Self.finishedID] {
            let outcome = try await keyshare(["runs", "show", name, "--journal", path.path], in: folder)
            #expect(outcome.status == 0, "\(name): \(outcome.errors)")
            let text = outcome.output
            for fragment in [
                "run \(Self.finishedID) (run): failed", "playbook:    /work/pb/share.lua", "simulator state=/work/state.sqlite",
                "keyshare run pb/share.lua --param 'folder=fd 1'", "setup:       1 mutation",
                "1001 payments: changed", "1002: failed — Rejected.ShareQuotaExceedLimit: too many", "1003: unchanged",
                "[0] ecs-key-sharing.prepare: succeeded; changes: created role KeyshareDiskUser",
                "[1] ecs-key-sharing.share: failed; error Rejected.ShareQuotaExceedLimit: the key holds too many\\nprincipals (request REQ-42)",
                "changed before it failed: added to policy", "mutations: 1", "3 targets: 1 changed",
            ] {
                #expect(text.contains(fragment), "\(name): missing \(fragment) in\n\(text)")
            }
        }
        let last = try await keyshare(["runs", "show", "LAST", "--journal", path.path], in: folder)
        #expect(last.status == 0)
        #expect(last.output.contains("run \(Self.runningID) (run): running"))
        #expect(last.output.contains("not finished"))
        #expect(last.output.contains("1002: pending"))
    }

    @Test("runs show --json has the documented shape")
    func showJSON() async throws {
        let folder = try temporaryFolder("keyshare-runs")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("j.sqlite")
        try await Self.writeJournal(at: path)
        let outcome = try await keyshare(["runs", "show", "--json", "3f9a", "--journal", path.path], in: folder)
        #expect(outcome.status == 0, "\(outcome.errors)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.output.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["journal", "run", "targets", "setup_mutations"])
        #expect(object["setup_mutations"] as? Int == 1)
        let run = try #require(object["run"] as? [String: Any])
        #expect(run["id"] as? String == Self.finishedID)
        #expect(run["invocation"] as? [String] == ["pb/share.lua", "--param", "folder=fd 1"])
        let targets = try #require(object["targets"] as? [[String: Any]])
        #expect(targets.map { $0["id"] as? String } == ["1001", "1002", "1003"])
        #expect(Set(targets[0].keys) == ["id", "name", "folder", "tags", "status", "reason", "mutations", "steps"])
        #expect(targets[1]["status"] as? String == "failed")
        #expect(targets[2]["mutations"] as? Int == 0)
        let steps = try #require(targets[1]["steps"] as? [[String: Any]])
        #expect(Set(steps[1].keys) == ["index", "name", "status", "changes", "messages", "error", "started_at", "finished_at"])
        #expect(steps[0]["error"] is NSNull)
        let error = try #require(steps[1]["error"] as? [String: Any])
        #expect(error["code"] as? String == "Rejected.ShareQuotaExceedLimit")
        #expect(error["request_id"] as? String == "REQ-42")
        #expect(error["message"] as? String == "the key holds too many\nprincipals")
        #expect(Set(error.keys) == ["code", "message", "step", "request_id", "changes"])
    }

    @Test(
        "A missing journal exits 2 naming the path and --journal, and creates nothing",
        arguments: [
            ([], ".keyshare/journal.sqlite"),
            (["--journal", "elsewhere/j.sqlite"], "elsewhere/j.sqlite"),
            (["--state", "state.sqlite"], "state.sqlite.journal.sqlite"),
        ] as [([String], String)])
    func missingJournal(options: [String], expected: String) async throws {
        let folder = try temporaryFolder("keyshare-runs")
        defer { try? FileManager.default.removeItem(at: folder) }
        for command in [["runs", "list"], ["runs", "show", "last"], ["runs", "list", "--json"]] {
            let outcome = try await keyshare(command + options, in: folder)
            #expect(outcome.status == 2, "\(command + options)")
            #expect(outcome.errors.contains("no journal at "), "\(outcome.errors)")
            #expect(
                outcome.errors.contains(expected + ": runs are recorded there by `keyshare run`; pass --journal FILE"),
                "\(outcome.errors)")
            #expect(outcome.output.isEmpty)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test(
        "An unknown or ambiguous run, a file that is not a journal, and a repeated --journal exit 2 with the reason",
        arguments: [
            (["runs", "show", "r-20991231T000000Z-000000"], "no run \"r-20991231T000000Z-000000\" in "),
            (["runs", "show", "zzzz"], "keyshare runs list --journal"),
            (["runs", "show", "r-20261206"], "matches 2 runs"),
            (["runs", "show", "last", "--journal", "notes.txt"], "is not a keyshare journal"),
            (["runs", "list", "--journal", "notes.txt"], "is not a keyshare journal"),
            (["runs", "list", "--journal", "."], "is a folder"),
            (["runs", "list", "--journal", "j.sqlite", "--journal", "k.sqlite"], "--journal is given twice"),
            (["runs", "list", "--journal", ""], "--journal is empty"),
        ] as [([String], String)])
    func refusals(arguments: [String], fragment: String) async throws {
        let folder = try temporaryFolder("keyshare-runs")
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Self.writeJournal(at: folder.appendingPathComponent(".keyshare/journal.sqlite"))
        let notes = folder.appendingPathComponent("notes.txt")
        try "my notes\n".write(to: notes, atomically: true, encoding: .utf8)
        let outcome = try await keyshare(arguments, in: folder)
        #expect(outcome.status == 2, "\(arguments): \(outcome.output) \(outcome.errors)")
        #expect(outcome.errors.contains(fragment), "\(arguments): \(outcome.errors)")
        #expect(!outcome.errors.contains("SQLITE_"))
        #expect(try String(contentsOf: notes, encoding: .utf8) == "my notes\n")
    }

    @Test("An empty journal lists no runs and says where they would be recorded")
    func emptyJournal() async throws {
        let folder = try temporaryFolder("keyshare-runs")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("j.sqlite")
        _ = try SQLiteJournal(path: path)
        let outcome = try await keyshare(["runs", "list", "--journal", path.path], in: folder)
        #expect(outcome.status == 0)
        #expect(outcome.output.contains("no runs in \(path.path) yet"))
        let json = try await keyshare(["runs", "list", "--json", "--journal", path.path], in: folder)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect((object["runs"] as? [Any])?.isEmpty == true)
        let show = try await keyshare(["runs", "show", "last", "--journal", path.path], in: folder)
        #expect(show.status == 2)
        #expect(show.errors.contains("no runs in"))
    }
}
