import Foundation
import Testing

/// The strict sandbox seen from the command line: a playbook run from another working directory
/// reads only below its own folder, and scripts that used to hang stop quickly with an error.
@Suite(
    "Sandbox escapes through keyshare run",
    .enabled(
        if: keyshareBinaryExists,
        "skipped: \(keyshareBinary.path) is missing; build it with `swift build --product keyshare`"))
struct SandboxEscapeTests {
    /// Runs the binary from `directory`; nil when it had to be killed after `seconds` (a hang fails the test).
    private func run(_ arguments: [String], in directory: URL, seconds: Double = 90) async throws -> KeyshareOutcome? {
        try await keyshareUnlessHung(KeyshareInvocation(arguments: arguments, directory: directory, timeout: seconds))
    }

    @Test("a script reads only below its own folder, whatever the working directory")
    func readsOnlyItsFolder() async throws {
        let root = try temporaryFolder("keyshare-sandbox")
        defer { try? FileManager.default.removeItem(at: root) }
        let book = root.appendingPathComponent("book")
        let elsewhere = root.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: book, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try "INSIDE".write(to: book.appendingPathComponent("data.txt"), atomically: true, encoding: .utf8)
        try "CWD-SECRET".write(to: elsewhere.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            atPath: book.appendingPathComponent("link.json").path,
            withDestinationPath: elsewhere.appendingPathComponent("config.json").path)
        #expect(mkfifo(book.appendingPathComponent("pipe").path, 0o644) == 0)
        let script = """
            for _, path in ipairs({ 'data.txt', '/etc/passwd', 'config.json', '../elsewhere/config.json', 'link.json', 'pipe', '/dev/zero' }) do
              local f, err = io.open(path)
              if f then print(path, 'READ', f:read('a')) f:close() else print(path, 'REFUSED', err) end
            end
            """
        try script.write(to: book.appendingPathComponent("probe.lua"), atomically: true, encoding: .utf8)
        // Run from the folder holding the secret, by absolute path and by relative path.
        for file in [book.appendingPathComponent("probe.lua").path, "../book/probe.lua"] {
            let outcome = try #require(try await run(["run", file], in: elsewhere), "keyshare run \(file) hung")
            #expect(outcome.status == 0, "stderr: \(outcome.errors)")
            let lines = outcome.output.split(separator: "\n").map(String.init)
            #expect(lines.first == "data.txt\tREAD\tINSIDE", "\(outcome.output)")
            #expect(!outcome.output.contains("CWD-SECRET"), "\(outcome.output)")
            #expect(!outcome.output.contains("root:"), "\(outcome.output)")
            #expect(lines.filter { $0.contains("\tREFUSED\t") }.count == 6, "\(outcome.output)")
            #expect(outcome.output.contains("config.json\tREFUSED\tconfig.json: No such file or directory"), "\(outcome.output)")
            #expect(outcome.output.contains("link.json\tREFUSED\tlink.json: resolves to"), "\(outcome.output)")
            #expect(outcome.output.contains("pipe\tREFUSED\tpipe: a FIFO"), "\(outcome.output)")
            #expect(outcome.output.contains("--trusted"), "\(outcome.output)")
        }
    }

    @Test("require does not follow a symlink out of a --plugin-path folder, and loads modules inside it")
    func requireStaysInPluginFolder() async throws {
        let root = try temporaryFolder("keyshare-require")
        defer { try? FileManager.default.removeItem(at: root) }
        let plugins = root.appendingPathComponent("plugins")
        let outside = root.appendingPathComponent("outside")
        for folder in [plugins, outside] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        try "return 'OUTSIDE-CODE'".write(to: outside.appendingPathComponent("evil.lua"), atomically: true, encoding: .utf8)
        try "return 'inside'".write(to: plugins.appendingPathComponent("good.lua"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            atPath: plugins.appendingPathComponent("evil.lua").path,
            withDestinationPath: outside.appendingPathComponent("evil.lua").path)
        try "print((require('good')))\nprint(pcall(require, 'evil'))\n".write(
            to: root.appendingPathComponent("probe.lua"), atomically: true, encoding: .utf8)
        let outcome = try #require(
            try await run(["run", "--plugin-path", plugins.path, "probe.lua"], in: root),
            "keyshare run hung")
        #expect(outcome.status == 0, "stderr: \(outcome.errors)")
        #expect(outcome.output.hasPrefix("inside\nfalse\t"), "\(outcome.output)")
        #expect(outcome.output.contains("outside the plugin folders; require does not follow symlinks"), "\(outcome.output)")
        #expect(!outcome.output.contains("OUTSIDE-CODE"), "\(outcome.output)")
    }

    @Test(
        "scripts that used to hang stop quickly with an error naming the cause",
        arguments: [
            ("setmetatable({}, {__gc = function() while true do end end})", "__gc metamethods are not allowed"),
            ("local s = string.rep('a', 30000) return s:find(string.rep('.-', 15) .. 'b')", "instruction budget exceeded"),
            ("return string.rep('a', 30000):gsub(string.rep('a*', 15) .. 'b', '')", "instruction budget exceeded"),
            ("xpcall(function() while true do end end, function() while true do end end)", "instruction budget exceeded"),
            (
                "coroutine.wrap(function() local x <close> = setmetatable({}, {__close = function() while true do end end}) while true do end end)()",
                "instruction budget exceeded"
            ),
            ("for i = 1, 1e9 do string.rep('', 2^53) end", "instruction budget exceeded"),
            ("return table.move({}, 1, 2^40, 2)", "instruction budget exceeded"),
        ])
    func hangsStop(source: String, message: String) async throws {
        let folder = try temporaryFolder("keyshare-spin")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("spin.lua")
        try source.write(to: file, atomically: true, encoding: .utf8)
        let started = Date()
        let outcome = try #require(
            try await run(["run", "--max-instructions", "1000000", file.path], in: folder),
            "keyshare run hung on: \(source)")
        #expect(outcome.status == 1, "\(source): \(outcome.errors)")
        #expect(outcome.errors.contains(message), "\(source): \(outcome.errors)")
        #expect(Date().timeIntervalSince(started) < 90)
    }
}
