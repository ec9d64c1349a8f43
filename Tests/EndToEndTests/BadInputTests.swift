import Foundation
import Testing

private let sharePlaybook = packageRoot.appendingPathComponent("plugins/ecs-key-sharing/examples/share-disk-key.lua").path

/// One command line `keyshare run` must refuse before anything runs.
struct BadRunInput: CustomTestStringConvertible, Sendable {
    /// What the case is about.
    var name: String
    /// The words after `keyshare run`; `FILE` is replaced by the playbook, `DIR` by the case's folder.
    var words: [String]
    /// A fragment stderr must contain (the input named).
    var names: String
    var testDescription: String { name }
}

/// Command lines that cannot start: each exits 2 naming its input, and the `--state` it names is
/// neither created nor changed (nothing ran, no call was made).
@Suite(
    "Bad input to keyshare run",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct BadInputTests {
    static let cases: [BadRunInput] = [
        BadRunInput(name: "--parm (a typo of --param)", words: ["FILE", "--parm", "approve=1"], names: "did you mean '--param'"),
        BadRunInput(name: "--parm=value", words: ["FILE", "--parm=approve=1"], names: "'--parm=approve=1'"),
        BadRunInput(name: "--dry-run (not an option of run)", words: ["FILE", "--dry-run"], names: "'--dry-run'"),
        BadRunInput(name: "-n", words: ["FILE", "-n"], names: "'-n'"),
        BadRunInput(name: "--Param (wrong case)", words: ["FILE", "--Param", "x=1"], names: "did you mean '--param'"),
        BadRunInput(name: "--concurency (a typo)", words: ["FILE", "--concurency", "3"], names: "did you mean '--concurrency'"),
        BadRunInput(
            name: "an unknown option before the separator, then --", words: ["FILE", "--dry", "--", "x"], names: "'--dry'"),
        BadRunInput(name: "--param without a value", words: ["FILE", "--param"], names: "--param"),
        BadRunInput(name: "--param without =", words: ["FILE", "--param", "approve"], names: "--param 'approve'"),
        BadRunInput(name: "--concurrency=0", words: ["FILE", "--concurrency=0"], names: "--concurrency"),
        BadRunInput(name: "--concurrency abc", words: ["FILE", "--concurrency", "abc"], names: "abc"),
        BadRunInput(name: "--max-memory 0", words: ["FILE", "--max-memory", "0"], names: "--max-memory"),
        BadRunInput(name: "--max-instructions -1", words: ["FILE", "--max-instructions=-1"], names: "--max-instructions"),
        BadRunInput(name: "--wait-state -1", words: ["FILE", "--wait-state=-1"], names: "--wait-state"),
        BadRunInput(name: "an unknown reporter", words: ["FILE", "--reporter", "jsn"], names: "did you mean 'json'"),
        BadRunInput(
            name: "a reporter file in a missing folder", words: ["FILE", "--reporter", "json=/nonexistent/dir/x"],
            names: "/nonexistent/dir"),
        BadRunInput(name: "a reporter file that is a folder", words: ["FILE", "--reporter", "junit=DIR"], names: "is a folder"),
        BadRunInput(name: "a reporter with an empty file", words: ["FILE", "--reporter", "json="], names: "--reporter json="),
        BadRunInput(
            name: "a missing --plugin-path", words: ["FILE", "--plugin-path", "/nonexistent/plugins"],
            names: "/nonexistent/plugins"),
        BadRunInput(
            name: "a missing --world", words: ["FILE", "--world", "/nonexistent/world.yaml"], names: "/nonexistent/world.yaml"),
        BadRunInput(
            name: "--wait-state with the http backend", words: ["FILE", "--backend", "http", "--wait-state", "5"],
            names: "--wait-state apply to --backend sim"),
        BadRunInput(
            name: "--fresh-state with the http backend", words: ["FILE", "--backend", "http", "--fresh-state"],
            names: "--fresh-state"),
        BadRunInput(name: "a missing playbook", words: ["DIR/missing.lua"], names: "missing.lua does not exist"),
        BadRunInput(name: "a folder as playbook", words: ["DIR"], names: "is a folder"),
        BadRunInput(name: "an empty file", words: ["DIR/empty.lua"], names: "empty.lua is empty"),
        BadRunInput(name: "a file with only blanks", words: ["DIR/blank.lua"], names: "blank.lua is empty"),
        BadRunInput(name: "a Lua syntax error", words: ["DIR/syntax.lua"], names: "syntax.lua:2:"),
        BadRunInput(name: "an extra word after a playbook", words: ["FILE", "prod"], names: "takes no arguments, got 'prod'"),
        BadRunInput(name: "a word after -- for a playbook", words: ["FILE", "--", "--param"], names: "takes no arguments"),
        BadRunInput(name: "a plain script with an unknown option", words: ["DIR/script.lua", "--verbose"], names: "'--verbose'"),
    ]

    /// A folder with the case's files: an empty file, a blank one, a syntax error, a plain script.
    private func fixture() throws -> URL {
        let folder = try temporaryFolder("keyshare-bad-input")
        try "".write(to: folder.appendingPathComponent("empty.lua"), atomically: true, encoding: .utf8)
        try "  \n\t\n".write(to: folder.appendingPathComponent("blank.lua"), atomically: true, encoding: .utf8)
        try "local a = 1\nlocal b = = 2\n".write(
            to: folder.appendingPathComponent("syntax.lua"), atomically: true, encoding: .utf8)
        try "print('ran', ...)\n".write(to: folder.appendingPathComponent("script.lua"), atomically: true, encoding: .utf8)
        return folder
    }

    private func words(_ input: BadRunInput, folder: URL) -> [String] {
        input.words.map { word in
            word.replacingOccurrences(of: "FILE", with: sharePlaybook).replacingOccurrences(of: "DIR", with: folder.path)
        }
    }

    @Test("each bad command line exits 2 naming its input, and creates no state file", arguments: cases)
    func refusedWithoutState(_ input: BadRunInput) async throws {
        let folder = try fixture()
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("state.sqlite")
        let outcome = try await keyshare(["run"] + words(input, folder: folder) + ["--state", state.path])
        #expect(outcome.status == 2, "\(outcome.output)\(outcome.errors)")
        #expect(outcome.errors.contains(input.names), "stderr: \(outcome.errors)")
        #expect(!outcome.output.contains("targets:"), "nothing may run: \(outcome.output)")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("state.sqlite") }
        #expect(left.isEmpty, "left behind: \(left)")
    }

    @Test("each bad command line leaves an existing state file byte for byte as it was", arguments: cases)
    func existingStateUnchanged(_ input: BadRunInput) async throws {
        let folder = try fixture()
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("state.sqlite")
        let made = try await keyshare(["run", folder.appendingPathComponent("script.lua").path, "--state", state.path])
        try #require(made.status == 0, "\(made.errors)")
        let before = try Data(contentsOf: state)
        let outcome = try await keyshare(["run"] + words(input, folder: folder) + ["--state", state.path])
        #expect(outcome.status == 2, "\(outcome.output)\(outcome.errors)")
        #expect(try Data(contentsOf: state) == before)
    }

    @Test("a plain script still takes positional words, and option-like words after --")
    func scriptWords() async throws {
        let folder = try fixture()
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("script.lua").path
        let outcome = try await keyshare(["run", script, "a", "-1", "-", "--", "--dry-run", "-n"])
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(outcome.output == "ran\ta\t-1\t-\t--dry-run\t-n\n")
    }

    @Test("usage errors of every command exit 2, not 64")
    func usageErrorsExitTwo() async throws {
        for words in [
            ["run"], ["serve", "--port", "70000"], ["sim", "init", "--accounts", "0"], ["nosuchcommand"],
            ["plugins", "show"], ["serve", "--fresh-state"],
        ] {
            let outcome = try await keyshare(words)
            #expect(outcome.status == 2, "\(words): \(outcome.errors)")
        }
    }
}
