import Foundation
import Testing

private let stagedTargets = BrokenTargetsPlaybook.targets(10)

private func stagedPlaybook(_ staging: String) -> String {
    BrokenTargetsPlaybook.source(count: 10, namePrefix: "m", staging: staging)
}

/// A pause hook answering as `--param answer=…` says, and naming what it saw.
private let pauseHookPlugin = """
    local M = {
      name = "pausegate", version = "1.0.0", description = "Answers pauses as --param answer says",
      categories = { "read-only" },
      params = { answer = { type = "string", default = "yes", doc = "yes or no" } },
    }
    function M.check(ctx, params)
      local seen = ("after %s: %d changed, %d failed, next %s"):format(ctx.results.stage, ctx.results.counts.changed,
        ctx.results.counts.failed, ctx.results.next)
      if params.answer == "yes" then return true end
      return false, "not now (" .. seen .. ")"
    end
    M.provides = { hook = { check = { run = M.check, doc = "answers as --param answer says" } } }
    return M
    """

/// A pause hook answering as `--param mode=…` says, to check that pause hooks fail closed.
private let verdictHookPlugin = """
    local M = {
      name = "pauseverdict", version = "1.0.0", description = "Answers pauses as --param mode says",
      categories = { "read-only" },
      params = { mode = { type = "string", default = "true", doc = "what the hook returns" } },
    }
    function M.check(ctx, params)
      local mode = params.mode
      if mode == "true" then return true end
      if mode == "false" then return false end
      if mode == "false_reason" then return false, "the change window is closed" end
      if mode == "nil" then return nil end
      if mode == "yes" then return "yes" end
      if mode == "raise" then error("approval service unreachable") end
      if mode == "no_results" then return ctx.results == nil end
      error("unknown mode " .. tostring(mode))
    end
    M.provides = { hook = { check = { run = M.check, doc = "answers as --param mode says" } } }
    return M
    """

/// A staged run: the playbook's staging, the accounts broken at first, and what must happen.
struct StagedRunCase: Sendable, CustomTestStringConvertible {
    var name: String
    var staging: String
    var extra: [String] = []
    /// Positions (0-based in the target list) broken in the first run.
    var broken: [Int]
    var failed: Int
    var cancelled: Int
    /// A fragment every cancelled target's reason holds.
    var reason: String
    var testDescription: String { name }
}

@Suite(
    "Staged runs from the command line: canary, batches, tolerance, pauses, resume",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct StagingCommandTests {
    static let cases: [StagedRunCase] = [
        StagedRunCase(
            name: "the canary fails: nothing else runs", staging: #"canary = 1, batches = { 2, "50%" },"#,
            broken: [0], failed: 1, cancelled: 9, reason: "the canary failed (2000000000000001: Test.Broken"),
        StagedRunCase(
            name: "a named canary account fails", staging: #"canary = { "2000000000000007" }, concurrency = "20%","#,
            broken: [6], failed: 1, cancelled: 9, reason: "the canary failed (2000000000000007"),
        StagedRunCase(
            name: "strict tolerance 1 at concurrency 2: two failures in batch 2, the rest cancelled",
            staging: #"canary = 1, batches = { 2, "50%" }, tolerance = 1, tolerance_mode = "strict", concurrency = 2,"#,
            broken: [3, 4], failed: 2, cancelled: 5, reason: "2 failures exceeded the failure tolerance of 1 (strict)"),
        StagedRunCase(
            name: "command-line overrides: --tolerance 0 --tolerance-mode soft --concurrency 1 --batches 3",
            staging: "", extra: ["--tolerance", "0", "--tolerance-mode", "soft", "--concurrency", "1", "--batches", "3"],
            broken: [4], failed: 1, cancelled: 5, reason: "1 failure exceeded the failure tolerance of 0 (soft)"),
        StagedRunCase(
            name: "tolerance \"0%\" in soft mode: the first failure stops the run",
            staging: #"batches = { 5 }, tolerance = "0%", tolerance_mode = "soft", concurrency = 1,"#,
            broken: [2], failed: 1, cancelled: 7, reason: "1 failure exceeded the failure tolerance of 0 (soft)"),
        StagedRunCase(
            name: "a pause hook refuses after the canary",
            staging: #"canary = 1, pause = "canary", pause_hook = "pausegate.check","#,
            extra: ["--param", "answer=no"], broken: [], failed: 0, cancelled: 9,
            reason:
                "the pause after the canary was not confirmed: pausegate.check: not now (after canary: 1 changed, 0 failed, next batch 1 of 1)"
        ),
    ]

    @Test(
        "a stopped run cancels what had not started (exit 1, reasons in JSON, batch numbers); after a fix, resume runs them",
        arguments: cases)
    func stoppedRunResumes(_ test: StagedRunCase) async throws {
        let work = try temporaryFolder("keyshare-staging")
        defer { try? FileManager.default.removeItem(at: work) }
        let plugins = work.appendingPathComponent("plugins/pausegate")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        try pauseHookPlugin.write(to: plugins.appendingPathComponent("init.lua"), atomically: true, encoding: .utf8)
        let playbook = work.appendingPathComponent("staged.lua")
        try stagedPlaybook(test.staging).write(to: playbook, atomically: true, encoding: .utf8)
        let brokenFile = work.appendingPathComponent("broken.txt")
        try test.broken.map { String(stagedTargets[$0]) }.joined(separator: "\n").write(
            to: brokenFile, atomically: true, encoding: .utf8)
        let journal = work.appendingPathComponent("journal.sqlite").path
        let words =
            [
                "run", "--state", work.appendingPathComponent("state.sqlite").path, "--journal", journal,
                "--plugin-path", work.appendingPathComponent("plugins").path, "--reporter", "json",
                "--reporter", "junit=" + work.appendingPathComponent("report.xml").path,
            ] + test.extra + [playbook.path]
        let first = try await keyshare(
            KeyshareInvocation(arguments: words, directory: work, timeout: 120, inputFile: "/dev/null"))
        #expect(first.status == 1, "\(first.output)\(first.errors)")
        let lines = first.output.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let finished = lines.filter { $0["type"] as? String == "target_finished" }
        #expect(finished.count == 10, "\(first.output)")
        let cancelled = finished.filter { $0["status"] as? String == "cancelled" }
        #expect(cancelled.count == test.cancelled, "\(first.output)")
        #expect(finished.filter { $0["status"] as? String == "failed" }.count == test.failed)
        for line in cancelled {
            #expect((line["reason"] as? String ?? "").contains(test.reason), "\(line)")
            #expect((line["reason"] as? String ?? "").contains("keyshare resume r-"), "\(line)")
            #expect(line["batch"] is Int, "\(line)")
        }
        let end = try #require(lines.last { $0["type"] as? String == "run_finished" })
        #expect(end["cancelled"] as? Int == test.cancelled)
        #expect(lines.contains { $0["type"] as? String == "run_stopped" }, "\(first.output)")
        // JUnit has no "cancelled": each is a skipped case carrying the reason.
        let report = try String(contentsOf: work.appendingPathComponent("report.xml"), encoding: .utf8)
        #expect(report.components(separatedBy: "<skipped message=\"cancelled: ").count - 1 == test.cancelled, "\(report)")
        #expect(report.contains("skipped=\"\(test.cancelled)\""), "\(report)")

        // The journal keeps the cancelled targets and their reason.
        let runs = try await keyshare(["runs", "show", "last", "--journal", journal, "--json"])
        #expect(runs.status == 0, "\(runs.errors)")
        #expect(runs.output.contains("\"cancelled\""), "\(runs.output)")

        // Fixed: resume runs what failed or was cancelled, nothing twice, and the run ends clean.
        try "".write(to: brokenFile, atomically: true, encoding: .utf8)
        let resumed = try await keyshare(
            KeyshareInvocation(
                arguments: ["resume", "last", "--journal", journal], directory: work,
                timeout: 120, inputFile: "/dev/null"))
        #expect(resumed.status == 0, "\(resumed.output)\(resumed.errors)")
        let resumedEnd = resumed.output.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }.last { $0["type"] as? String == "run_finished" }
        #expect(resumedEnd?["changed"] as? Int == 10 && resumedEnd?["cancelled"] as? Int == 0, "\(resumed.output)")
    }

    @Test("resume asks a pause hook again after a stage it ran, and resume --pause never replaces the run's pause")
    func resumeWithOverride() async throws {
        let work = try temporaryFolder("keyshare-staging-resume")
        defer { try? FileManager.default.removeItem(at: work) }
        let plugins = work.appendingPathComponent("plugins/pausegate")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        try pauseHookPlugin.write(to: plugins.appendingPathComponent("init.lua"), atomically: true, encoding: .utf8)
        let playbook = work.appendingPathComponent("staged.lua")
        try stagedPlaybook(#"canary = 1, batches = { 3 }, pause = "batch", pause_hook = "pausegate.check","#)
            .write(to: playbook, atomically: true, encoding: .utf8)
        let journal = work.appendingPathComponent("journal.sqlite").path
        let first = try await keyshare(
            KeyshareInvocation(
                arguments: [
                    "run", "--state", work.appendingPathComponent("state.sqlite").path, "--journal", journal,
                    "--plugin-path", work.appendingPathComponent("plugins").path, "--param", "answer=no", playbook.path,
                ],
                directory: work, timeout: 120, inputFile: "/dev/null"))
        #expect(first.status == 1, "\(first.output)\(first.errors)")
        #expect(first.output.contains("10 targets: 1 changed, 0 unchanged, 0 failed, 0 skipped, 9 cancelled"), "\(first.output)")
        // The canary is done, so its pause is not asked again; batch 1 runs and its pause is refused.
        let again = try await keyshare(
            KeyshareInvocation(
                arguments: ["resume", "last", "--journal", journal], directory: work,
                timeout: 120, inputFile: "/dev/null"))
        #expect(again.status == 1, "\(again.output)\(again.errors)")
        #expect(
            again.output.contains(
                "-- stopped: the pause after the batch 1 of 3 was not confirmed: pausegate.check: not now "
                    + "(after batch 1 of 3: 4 changed, 0 failed, next batch 2 of 3)"), "\(again.output)")
        #expect(again.output.contains("10 targets: 4 changed, 0 unchanged, 0 failed, 0 skipped, 6 cancelled"), "\(again.output)")
        let done = try await keyshare(
            KeyshareInvocation(
                arguments: ["resume", "last", "--journal", journal, "--pause", "never"],
                directory: work, timeout: 120, inputFile: "/dev/null"))
        #expect(done.status == 0, "\(done.output)\(done.errors)")
        #expect(done.output.contains("10 targets: 10 changed, 0 unchanged, 0 failed, 0 skipped, 0 cancelled"), "\(done.output)")
        #expect(!done.output.contains("stopped"), "\(done.output)")
    }

    @Test(
        "a run that would pause refuses to start when nobody can answer; --yes, --pause never or a consenting hook let it run",
        arguments: [
            (#"canary = 2, pause = "canary","#, [String](), 2),
            (#"canary = 2, batches = { 3 }, pause = "batch","#, [], 2),
            (#"canary = 2, pause = "canary","#, ["--yes"], 0),
            (#"canary = 2, pause = "batch","#, ["--pause", "never"], 0),
            ("canary = 2,", ["--pause", "canary", "-y"], 0),
            (#"canary = 2, pause = "canary", pause_hook = "pausegate.check","#, ["--param", "answer=yes"], 0),
            (#"pause = "canary","#, [], 0),
        ])
    func pauseNeedsAnAnswer(_ staging: String, _ extra: [String], _ status: Int32) async throws {
        let work = try temporaryFolder("keyshare-pause")
        defer { try? FileManager.default.removeItem(at: work) }
        let plugins = work.appendingPathComponent("plugins/pausegate")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        try pauseHookPlugin.write(to: plugins.appendingPathComponent("init.lua"), atomically: true, encoding: .utf8)
        let playbook = work.appendingPathComponent("paused.lua")
        try stagedPlaybook(staging).write(to: playbook, atomically: true, encoding: .utf8)
        let state = work.appendingPathComponent("state.sqlite")
        let outcome = try await keyshare(
            KeyshareInvocation(
                arguments: ["run", "--state", state.path, "--plugin-path", work.appendingPathComponent("plugins").path] + extra
                    + [playbook.path],
                directory: work, timeout: 120, inputFile: "/dev/null"))
        #expect(outcome.status == status, "\(outcome.output)\(outcome.errors)")
        if status == 2 {
            #expect(outcome.errors.contains("standard input is not a terminal: pass --yes"), "\(outcome.errors)")
            #expect(!outcome.output.contains("changed"), "nothing ran: \(outcome.output)")
        } else {
            #expect(
                outcome.output.contains("10 targets: 10 changed, 0 unchanged, 0 failed, 0 skipped, 0 cancelled"),
                "\(outcome.output)")
        }
    }

    @Test(
        "pause hooks fail closed: only true goes on, every other answer cancels the rest with the hook's reason",
        arguments: [
            ("true", ""), ("false", "pauseverdict.check: refused (no reason given)"),
            ("false_reason", "pauseverdict.check: the change window is closed"),
            ("nil", "hook returned nil, not true"), ("yes", "hook returned string, not true"),
            ("raise", "the hook failed: "), ("no_results", "refused (no reason given)"),
        ])
    func pauseHookVerdicts(_ mode: String, _ reason: String) async throws {
        let work = try temporaryFolder("keyshare-pause-verdict")
        defer { try? FileManager.default.removeItem(at: work) }
        let plugins = work.appendingPathComponent("plugins/pauseverdict")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        try verdictHookPlugin.write(to: plugins.appendingPathComponent("init.lua"), atomically: true, encoding: .utf8)
        let playbook = work.appendingPathComponent("paused.lua")
        try stagedPlaybook(#"canary = 3, pause = "canary", pause_hook = "pauseverdict.check","#)
            .write(to: playbook, atomically: true, encoding: .utf8)
        // --yes answers for a person, never for a hook.
        let outcome = try await keyshare(
            KeyshareInvocation(
                arguments: [
                    "run", "--yes", "--plugin-path", work.appendingPathComponent("plugins").path, "--param", "mode=\(mode)",
                    playbook.path,
                ],
                directory: work, timeout: 120, inputFile: "/dev/null"))
        if reason.isEmpty {
            #expect(outcome.status == 0, "\(outcome.output)\(outcome.errors)")
            #expect(outcome.output.contains("10 targets: 10 changed"), "\(outcome.output)")
        } else {
            #expect(outcome.status == 1, "\(outcome.output)\(outcome.errors)")
            #expect(
                outcome.output.contains("10 targets: 3 changed, 0 unchanged, 0 failed, 0 skipped, 7 cancelled"),
                "\(outcome.output)")
            #expect(outcome.output.contains("-- stopped: the pause after the canary was not confirmed: "), "\(outcome.output)")
            #expect(outcome.output.contains(reason), "\(outcome.output)")
        }
    }

    @Test(
        "on a terminal a pause asks: y or yes goes on, anything else or no answer cancels the rest",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "skipped: no script(1) to give a terminal"),
        arguments: [("y\n", true), ("yes\n", true), ("YES\n", true), ("n\n", false), ("later\n", false), ("", false)])
    func terminalPause(_ answer: String, _ goesOn: Bool) async throws {
        let work = try temporaryFolder("keyshare-terminal-pause")
        defer { try? FileManager.default.removeItem(at: work) }
        let playbook = work.appendingPathComponent("paused.lua")
        try stagedPlaybook(#"canary = 2, pause = "canary","#).write(to: playbook, atomically: true, encoding: .utf8)
        let input = work.appendingPathComponent("answer.txt")
        try answer.write(to: input, atomically: true, encoding: .utf8)
        // script(1) runs keyshare on a pseudo-terminal fed from the answer file.
        let command = "\(keyshareBinary.path) run \(playbook.path)"
        let outcome = try await keyshare(
            KeyshareInvocation(
                arguments: ["-qec", command, "/dev/null"], directory: work,
                executable: URL(fileURLWithPath: "/usr/bin/script"), timeout: 120,
                inputFile: input.path))
        #expect(outcome.output.contains("Continue with the batch 1 of 1? [y/N]"), "\(outcome.output)")
        #expect(outcome.output.contains("canary done: 2 changed, 0 unchanged, 0 failed"), "\(outcome.output)")
        if goesOn {
            #expect(outcome.status == 0, "\(outcome.output)")
            #expect(
                outcome.output.contains("10 targets: 10 changed, 0 unchanged, 0 failed, 0 skipped, 0 cancelled"),
                "\(outcome.output)")
        } else {
            #expect(outcome.status == 1, "\(outcome.output)")
            #expect(
                outcome.output.contains("10 targets: 2 changed, 0 unchanged, 0 failed, 0 skipped, 8 cancelled"),
                "\(outcome.output)")
            #expect(outcome.output.contains("the pause after the canary was not confirmed"), "\(outcome.output)")
        }
    }

    @Test(
        "bad staging values are refused before anything runs, naming the field and the fix",
        arguments: [
            (#"batches = { 1, "110%" },"#, [String](), #"batches[2] = "110%": a batch size ≥ 1 or a percentage from 1% to 100%"#),
            ("batches = { 0 },", [], "batches[1] = 0"),
            (#"batches = "10%","#, [], #"batches = "10%": give a list"#),
            (#"canary = "0%","#, [], #"canary = "0%""#),
            (#"canary = { "not-an-account" },"#, [], #"canary[1] = "not-an-account""#),
            (#"canary = { "2000000000000099" },"#, [], "canary account 2000000000000099 is not a target of this run"),
            (#"tolerance = -1,"#, [], "tolerance = -1"),
            (#"tolerance_mode = "hard","#, [], #"tolerance_mode = "hard": "strict""#),
            (#"pause = "always","#, [], #"pause = "always": one of "never""#),
            (#"pause_hook = "nosuch.hook","#, [], #"pause_hook = "nosuch.hook""#),
            (#"concurrency = "0%","#, [], #"concurrency = "0%""#),
            ("", ["--batches", "1,x"], "--batches '1,x': batch 2 'x'"),
            ("", ["--canary", "0"], "--canary '0'"),
            ("", ["--tolerance", "101%"], "--tolerance '101%'"),
            ("", ["--pause", "sometimes"], "--pause 'sometimes'"),
            ("", ["--tolerance-mode", "firm"], "--tolerance-mode 'firm'"),
            ("", ["--concurrency", "0"], "--concurrency must be at least 1"),
            ("", ["--canary", "2000000000000001,abc"], "'abc' is not an account UID"),
        ])
    func badValues(_ staging: String, _ extra: [String], _ message: String) async throws {
        let work = try temporaryFolder("keyshare-staging-bad")
        defer { try? FileManager.default.removeItem(at: work) }
        let playbook = work.appendingPathComponent("bad.lua")
        try stagedPlaybook(staging).write(to: playbook, atomically: true, encoding: .utf8)
        let outcome = try await keyshare(
            KeyshareInvocation(
                arguments: ["run"] + extra + [playbook.path], directory: work,
                timeout: 120, inputFile: "/dev/null"))
        #expect(outcome.status == 2, "\(outcome.output)\(outcome.errors)")
        #expect(outcome.errors.contains(message), "\(outcome.errors)")
        #expect(!outcome.output.contains("touched"), "nothing ran: \(outcome.output)")
    }

    @Test("plan shows the stages (text and --out JSON) and predicts what a failing canary cancels")
    func planShowsStages() async throws {
        let work = try temporaryFolder("keyshare-staging-plan")
        defer { try? FileManager.default.removeItem(at: work) }
        let playbook = work.appendingPathComponent("staged.lua")
        try stagedPlaybook(#"canary = 1, batches = { 2, "50%" }, pause = "canary", tolerance = "10%","#)
            .write(to: playbook, atomically: true, encoding: .utf8)
        try String(stagedTargets[0]).write(to: work.appendingPathComponent("broken.txt"), atomically: true, encoding: .utf8)
        let out = work.appendingPathComponent("plan.json")
        let plan = try await keyshare(
            KeyshareInvocation(
                arguments: ["plan", "--out", out.path, playbook.path], directory: work,
                timeout: 120, inputFile: "/dev/null"))
        #expect(plan.status == 1, "\(plan.output)\(plan.errors)")
        for fragment in [
            "Stages (concurrency 10):", "  canary: 1 target (2000000000000001)", "  batch 1 of 3: 2 targets",
            "  batch 2 of 3: 5 targets", "  batch 3 of 3: 2 targets",
            "pause: after the canary; failure tolerance: 1 failure (strict)", "9 would be cancelled",
        ] {
            #expect(plan.output.contains(fragment), "\(fragment) missing from \(plan.output)")
        }
        let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any])
        let staging = try #require(root["staging"] as? [String: Any])
        let stages = try #require(staging["stages"] as? [[String: Any]])
        #expect(stages.map { $0["name"] as? String ?? "" } == ["canary", "batch 1 of 3", "batch 2 of 3", "batch 3 of 3"])
        #expect(stages.map { ($0["accounts"] as? [String] ?? []).count } == [1, 2, 5, 2])
        #expect(staging["tolerance"] as? Int == 1 && staging["pause"] as? String == "canary")
        let targets = try #require(root["targets"] as? [[String: Any]])
        #expect(targets.filter { $0["status"] as? String == "cancelled" }.count == 9)
        #expect(targets.last?["batch"] as? Int == 3)
        let reason = targets.last?["cancel_reason"] as? String ?? ""
        #expect(reason.contains("the canary failed"), "\(reason)")
    }
}
