import Foundation
import Testing

/// Runs the built `keyshare` binary (`.build/debug/keyshare`) the way a user does; skipped with a
/// message when it has not been built.
@Suite(
    "keyshare run",
    .enabled(
        if: keyshareBinaryExists,
        "skipped: \(keyshareBinary.path) is missing; build it with `swift build --product keyshare`"))
struct RunCommandTests {
    private func script(_ source: String, named name: String) throws -> URL {
        let folder = try temporaryFolder("keyshare-run")
        let url = folder.appendingPathComponent(name)
        try source.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test("a syntax error prints file:line: and exits 2, as input that cannot start")
    func syntaxErrorExitsTwo() async throws {
        let file = try script("local a = 1\nlocal b = 2\nlocal c = = 3\n", named: "broken.lua")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let outcome = try await keyshare(["run", file.path])
        #expect(outcome.status == 2)
        #expect(outcome.errors.contains("broken.lua:3:"), "stderr: \(outcome.errors)")
    }

    @Test("a runtime error prints file:line: message and the traceback, and exits 1")
    func runtimeErrorExitsOne() async throws {
        let file = try script("local function f()\n  error('no key policy')\nend\nf()\n", named: "fails.lua")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let outcome = try await keyshare(["run", file.path])
        #expect(outcome.status == 1)
        #expect(outcome.errors.contains("fails.lua:2: no key policy"))
        #expect(outcome.errors.contains("stack traceback:"))
    }

    @Test("a good file runs with print, log and its arguments, and exits 0")
    func goodFileExitsZero() async throws {
        let file = try script("local who = ...\nprint('hello ' .. who, #arg)\nlog.info('logged', 42)\n", named: "good.lua")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let outcome = try await keyshare(["run", file.path, "world", "x"])
        #expect(outcome.status == 0, "stderr: \(outcome.errors)")
        #expect(outcome.output == "hello world\t2\n")
        #expect(outcome.errors.contains("logged\t42"))
    }

    @Test("after `--` every word goes to the script, and the `--` itself does not")
    func separator() async throws {
        let file = try script("print(table.concat({...}, ','), #arg)\n", named: "args.lua")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let outcome = try await keyshare(["run", file.path, "--", "--param", "x", "--"])
        #expect(outcome.status == 0, "stderr: \(outcome.errors)")
        #expect(outcome.output == "--param,x,--\t3\n")
    }

    @Test("an endless loop stops at --max-instructions with a message naming the flag")
    func budgetFlag() async throws {
        let file = try script("while true do end\n", named: "spin.lua")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let outcome = try await keyshare(["run", "--max-instructions", "100000", file.path])
        #expect(outcome.status == 1)
        #expect(outcome.errors.contains("more than 100000 Lua instructions (raise the limit with --max-instructions N)"))
    }
}
