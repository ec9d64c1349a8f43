import Foundation
import Testing

/// One console run on a pseudo-terminal (util-linux `script`) under an environment.
struct ColorCase: Sendable, CustomTestStringConvertible {
    var name: String
    /// Variables set for the run; `TERM` defaults to `xterm`.
    var environment: [String: String]
    /// Variables removed from the run's environment.
    var removing: [String]
    var colored: Bool
    var testDescription: String { name }
}

@Suite(
    "Console colour: status marks are coloured on a terminal unless NO_COLOR or TERM=dumb says no",
    .enabled(
        if: keyshareBinaryExists && FileManager.default.isExecutableFile(atPath: "/usr/bin/script"),
        "skipped: needs the keyshare binary and util-linux script"))
struct ConsoleColorTests {
    static let cases: [ColorCase] = [
        ColorCase(name: "a terminal, NO_COLOR unset", environment: ["TERM": "xterm"], removing: ["NO_COLOR"], colored: true),
        ColorCase(name: "NO_COLOR=1", environment: ["TERM": "xterm", "NO_COLOR": "1"], removing: [], colored: false),
        ColorCase(
            name: "NO_COLOR=0 (any non-empty value)", environment: ["TERM": "xterm", "NO_COLOR": "0"], removing: [],
            colored: false),
        ColorCase(name: "NO_COLOR set but empty", environment: ["TERM": "xterm", "NO_COLOR": ""], removing: [], colored: true),
        ColorCase(name: "TERM=dumb", environment: ["TERM": "dumb"], removing: ["NO_COLOR"], colored: false),
    ]

    @Test("the run's console output on a pseudo-terminal", arguments: cases)
    func colour(_ test: ColorCase) async throws {
        let work = try temporaryFolder("keyshare-color")
        defer { try? FileManager.default.removeItem(at: work) }
        let playbook = work.appendingPathComponent("color.lua")
        try BrokenTargetsPlaybook.source(count: 3, namePrefix: "c", staging: "concurrency = 1,")
            .write(to: playbook, atomically: true, encoding: .utf8)
        let broken = BrokenTargetsPlaybook.targets(3)[1]
        try "\(broken) Test.Red".write(to: work.appendingPathComponent("broken.txt"), atomically: true, encoding: .utf8)
        let command = [
            keyshareBinary.path, "run", "--state", work.appendingPathComponent("state.sqlite").path,
            "--no-journal", playbook.path,
        ].map(Self.quoted).joined(separator: " ")
        let outcome = try await keyshare(
            KeyshareInvocation(
                arguments: ["-qec", command, "/dev/null"], directory: work, environment: test.environment,
                removing: test.removing, executable: URL(fileURLWithPath: "/usr/bin/script"), timeout: 120,
                inputFile: "/dev/null"))
        #expect(outcome.status == 1, "one target fails: \(outcome.output)\(outcome.errors)")
        let text = outcome.output
        #expect(text.contains("Test.Red"), "the run printed its console output: \(text)")
        #expect(text.contains("\u{1B}[1;31mFAILED   \u{1B}[0m") == test.colored, "\(text.debugDescription)")
        #expect(text.contains("\u{1B}[32mchanged  \u{1B}[0m") == test.colored, "\(text.debugDescription)")
        #expect(text.contains("\u{1B}[1;31m1 failed\u{1B}[0m") == test.colored, "\(text.debugDescription)")
        if !test.colored {
            #expect(
                text.range(of: "\u{1B}\\[[0-9;]*m", options: .regularExpression) == nil,
                "no colour sequence at all: \(text.debugDescription)")
        }
    }

    /// `text` as one shell word.
    private static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
