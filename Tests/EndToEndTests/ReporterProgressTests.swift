import Foundation
import Testing

private let progressTargets = BrokenTargetsPlaybook.targets(12)

private func progressPlaybook(_ staging: String) -> String {
    BrokenTargetsPlaybook.source(count: 12, namePrefix: "p", staging: staging)
}

/// A run over the twelve accounts: staging, which positions fail with which code, and the
/// failures-by-code lines the console summary must print.
struct ProgressCase: Sendable, CustomTestStringConvertible {
    var name: String
    var staging: String
    /// (0-based position in the target list, error code).
    var broken: [(Int, String)]
    /// `code count` pairs in the order the summary lists them.
    var groups: [(String, Int)]
    var testDescription: String { name }
}

@Suite(
    "Reporters: the console summary (slowest targets, failures by code) and JSON lines with batch and reason",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct ReporterProgressTests {
    static let cases: [ProgressCase] = [
        ProgressCase(
            name: "unstaged, two codes, the more frequent first", staging: "concurrency = 3,",
            broken: [(1, "Test.Denied"), (4, "Test.Quota"), (7, "Test.Denied"), (9, "Test.Denied"), (10, "Test.Denied")],
            groups: [("Test.Denied", 4), ("Test.Quota", 1)]),
        ProgressCase(
            name: "batches with soft tolerance: failures in two batches, the rest cancelled",
            staging: #"batches = { 2, "50%" }, tolerance = 1, tolerance_mode = "soft", concurrency = 1,"#,
            broken: [(0, "Test.Zeta"), (3, "Test.Alpha")], groups: [("Test.Alpha", 1), ("Test.Zeta", 1)]),
        ProgressCase(
            name: "a canary that fails: one code, everything else cancelled",
            staging: "canary = 1, batches = { 4 },", broken: [(0, "Test.Canary")], groups: [("Test.Canary", 1)]),
        ProgressCase(
            name: "nothing fails: no failures section, the slowest list only", staging: "batches = { 5 },",
            broken: [], groups: []),
    ]

    @Test(
        "each target_finished JSON line has its batch and its status's reason; the console groups failures by code and never rewrites lines off a terminal",
        arguments: cases)
    func summaryAndJSON(_ test: ProgressCase) async throws {
        let work = try temporaryFolder("keyshare-progress")
        defer { try? FileManager.default.removeItem(at: work) }
        let playbook = work.appendingPathComponent("progress.lua")
        try progressPlaybook(test.staging).write(to: playbook, atomically: true, encoding: .utf8)
        try test.broken.map { "\(progressTargets[$0.0]) \($0.1)" }.joined(separator: "\n")
            .write(to: work.appendingPathComponent("broken.txt"), atomically: true, encoding: .utf8)
        let report = work.appendingPathComponent("report.jsonl")
        let outcome = try await keyshare(
            KeyshareInvocation(
                arguments: [
                    "run", "--state", work.appendingPathComponent("state.sqlite").path, "--reporter", "console",
                    "--reporter", "json=" + report.path, playbook.path,
                ],
                directory: work, timeout: 120, inputFile: "/dev/null"))
        #expect(outcome.status == (test.broken.isEmpty ? 0 : 1), "\(outcome.output)\(outcome.errors)")

        let lines = try String(contentsOf: report, encoding: .utf8).split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let finished = lines.filter { $0["type"] as? String == "target_finished" }
        #expect(finished.count == progressTargets.count, "\(lines)")
        for line in finished {
            let reason = line["reason"] as? String ?? ""
            #expect(!reason.isEmpty, "no reason: \(line)")
            // An unstaged run is one batch: every line names its batch.
            #expect(line["batch"] is Int, "batch: \(line)")
            if line["status"] as? String == "failed", let error = line["error"] as? [String: Any] {
                #expect(reason.hasPrefix("\(error["code"] as? String ?? "?"): "), "\(line)")
            }
        }
        let end = try #require(lines.last { $0["type"] as? String == "run_finished" })
        let counted = ["changed", "unchanged", "failed", "skipped", "cancelled"].map { end[$0] as? Int ?? -1 }
        #expect(counted.reduce(0, +) == progressTargets.count, "\(end)")
        #expect(end["failed"] as? Int == test.broken.count, "\(end)")

        #expect(finished.allSatisfy { $0["attempt"] as? Int == 1 }, "a first run is every target's first attempt")

        // Fixed and resumed: the targets that failed run their failed step again (attempt 2), the rest do not.
        try "".write(to: work.appendingPathComponent("broken.txt"), atomically: true, encoding: .utf8)
        let resumed = try await keyshare(
            KeyshareInvocation(
                arguments: ["resume", "last", "--state", work.appendingPathComponent("state.sqlite").path],
                directory: work, timeout: 120, inputFile: "/dev/null"))
        #expect(resumed.status == 0, "\(resumed.output)\(resumed.errors)")
        let again = try String(contentsOf: report, encoding: .utf8).split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }.filter { $0["type"] as? String == "target_finished" }
        let retried = Set(
            again.filter { $0["attempt"] as? Int == 2 }.compactMap { ($0["target"] as? [String: Any])?["id"] as? String })
        #expect(retried == Set(test.broken.map { String(progressTargets[$0.0]) }), "\(again)")
        #expect(again.allSatisfy { [1, 2].contains($0["attempt"] as? Int) }, "\(again)")

        // The console: the summary line, then the slowest targets (12 is more than a handful), then the failures by code.
        #expect(!outcome.output.contains("\r"), "off a terminal no line is rewritten in place")
        let text = outcome.output
        let summary = try #require(text.range(of: "12 targets: "), "\(text)")
        let after = text[summary.upperBound...].split(separator: "\n").dropFirst().map(String.init)
        #expect(after.first == "slowest:", "\(text)")
        let groupLines = after.drop { $0 != "failures by error code:" }.dropFirst()
        #expect(groupLines.count == test.groups.count, "\(text)")
        for (line, group) in zip(groupLines, test.groups) {
            let words = line.split(separator: " ")
            #expect(words.count >= 3 && words[0] == group.0 && words[1] == "\(group.1)", "\(line) for \(group)")
            let accounts = test.broken.filter { $0.1 == group.0 }.prefix(3).map { String(progressTargets[$0.0]) }
            #expect(line.contains(accounts.joined(separator: ", ")), "\(line) should name \(accounts)")
        }
    }

    @Test(
        "on a terminal the console keeps a status line rewritten in place (no colour), erased before the summary",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "skipped: no script(1) to give a terminal"),
        arguments: ["", "batches = { 4 },"])
    func terminalStatus(_ staging: String) async throws {
        let work = try temporaryFolder("keyshare-progress-tty")
        defer { try? FileManager.default.removeItem(at: work) }
        let playbook = work.appendingPathComponent("progress.lua")
        try progressPlaybook(staging).write(to: playbook, atomically: true, encoding: .utf8)
        try "\(progressTargets[2]) Test.Tty".write(
            to: work.appendingPathComponent("broken.txt"), atomically: true, encoding: .utf8)
        // script(1) runs keyshare on a pseudo-terminal (its output is the terminal's).
        let command = "\(keyshareBinary.path) run --state \(work.appendingPathComponent("state.sqlite").path) \(playbook.path)"
        let outcome = try await keyshare(
            KeyshareInvocation(
                arguments: ["-qec", command, "/dev/null"], directory: work,
                executable: URL(fileURLWithPath: "/usr/bin/script"), timeout: 120,
                inputFile: "/dev/null"))
        #expect(outcome.status == 1, "\(outcome.output)")
        let text = outcome.output
        let clear = "\r\u{1B}[K"
        // The first status line is drawn at the start; how many follow depends on speed (spec cases pin that down).
        #expect(
            text.contains("0/12 done, 0 failed, 0 in flight, 0 cancelled, 0.0 targets/s, ETA --" + clear),
            "the next line erases the status line first: \(text.debugDescription)")
        // No colour: the only escape sequence is the erase-line one.
        #expect(
            text.components(separatedBy: "\u{1B}[").count == text.components(separatedBy: "\u{1B}[K").count,
            "\(text.debugDescription)")
        // The summary and what follows it are plain lines, never overwritten by a status line.
        let summary = try #require(text.range(of: "12 targets: "), "\(text.debugDescription)")
        let tail = text[summary.lowerBound...]
        #expect(!tail.contains("\u{1B}"), "\(tail.debugDescription)")
        #expect(tail.contains("failures by error code:") && tail.contains("Test.Tty"), "\(tail.debugDescription)")
    }
}
