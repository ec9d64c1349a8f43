import Foundation
import Testing

/// The built CLI: the package root is found by walking up from this file to Package.swift.
private let keyshareBinary: URL = {
    var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
        url.deleteLastPathComponent()
    }
    return url.appendingPathComponent(".build/debug/keyshare")
}()

/// Runs the built `keyshare` binary (`.build/debug/keyshare`) the way a user does; skipped with a
/// message when it has not been built.
@Suite(
    "keyshare run",
    .enabled(
        if: FileManager.default.isExecutableFile(atPath: keyshareBinary.path),
        "skipped: \(keyshareBinary.path) is missing; build it with `swift build --product keyshare`"))
struct RunCommandTests {
    private struct Outcome: Sendable {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// Runs the binary on a Dispatch thread, so waiting for it never blocks Swift's cooperative
    /// pool (other suites' async tests share it).
    private func keyshare(_ arguments: [String]) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try Self.runBinary(arguments) })
            }
        }
    }

    private static func runBinary(_ arguments: [String]) throws -> Outcome {
        let process = Process()
        process.executableURL = keyshareBinary
        process.arguments = arguments
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus,
            standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self))
    }

    private func script(_ source: String, named name: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("keyshare-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try source.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test("a syntax error prints file:line: and exits 1")
    func syntaxErrorExitsOne() async throws {
        let file = try script("local a = 1\nlocal b = 2\nlocal c = = 3\n", named: "broken.lua")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let outcome = try await keyshare(["run", file.path])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("broken.lua:3:"), "stderr: \(outcome.standardError)")
    }

    @Test("a runtime error prints file:line: message and the traceback, and exits 1")
    func runtimeErrorExitsOne() async throws {
        let file = try script("local function f()\n  error('no key policy')\nend\nf()\n", named: "fails.lua")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let outcome = try await keyshare(["run", file.path])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("fails.lua:2: no key policy"))
        #expect(outcome.standardError.contains("stack traceback:"))
    }

    @Test("a good file runs with print, log and its arguments, and exits 0")
    func goodFileExitsZero() async throws {
        let file = try script("local who = ...\nprint('hello ' .. who, #arg)\nlog.info('logged', 42)\n", named: "good.lua")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let outcome = try await keyshare(["run", file.path, "world", "x"])
        #expect(outcome.status == 0, "stderr: \(outcome.standardError)")
        #expect(outcome.standardOutput == "hello world\t2\n")
        #expect(outcome.standardError.contains("logged\t42"))
    }

    @Test("an endless loop stops at --max-instructions with a message naming the flag")
    func budgetFlag() async throws {
        let file = try script("while true do end\n", named: "spin.lua")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let outcome = try await keyshare(["run", "--max-instructions", "100000", file.path])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("more than 100000 Lua instructions (raise the limit with --max-instructions N)"))
    }
}
