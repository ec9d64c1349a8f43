import Foundation
import Testing

/// One process owns a state file at a time: a second `run` or `serve` on it is refused at start
/// (exit 2, naming the file and the holder's pid) or waits with `--wait-state`; a holder that
/// exits, even by `kill -9`, never blocks the next one.
@Suite(
    "One process per state file",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct StateLockTests {
    /// A folder with a world, a script that counts keys and one that creates a key.
    private func fixture() async throws -> URL {
        let folder = try temporaryFolder("keyshare-state-lock")
        let made = try await keyshare([
            "sim", "init", "--accounts", "2", "--output", folder.appendingPathComponent("world.yaml").path,
        ])
        try #require(made.status == 0, "\(made.errors)")
        try "kms.create_key{}\nprint(#kms.list_keys{}.keys)\n"
            .write(to: folder.appendingPathComponent("create.lua"), atomically: true, encoding: .utf8)
        return folder
    }

    private func holder(_ folder: URL) async throws -> BackgroundKeyshare {
        let server = try await BackgroundKeyshare.start([
            "serve", "--port", "0", "--log-level", "warning",
            "--world", folder.appendingPathComponent("world.yaml").path,
            "--state", folder.appendingPathComponent("state.sqlite").path,
        ])
        try #require(server.firstLine.contains("listening on"), "serve did not start: \(server.firstLine)")
        return server
    }

    private func create(_ folder: URL, extra: [String] = []) async throws -> KeyshareOutcome {
        try await keyshare(
            [
                "run", folder.appendingPathComponent("create.lua").path,
                "--world", folder.appendingPathComponent("world.yaml").path,
                "--state", folder.appendingPathComponent("state.sqlite").path,
            ] + extra)
    }

    @Test("a run on a state that serve holds is refused at once naming the file and the pid; after serve stops it works")
    func refusedThenWorks() async throws {
        let folder = try await fixture()
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try await holder(folder)
        let started = Date()
        let refused = try await create(folder)
        #expect(refused.status == 2, "\(refused.output)\(refused.errors)")
        #expect(refused.errors.contains("state.sqlite") && refused.errors.contains("pid \(server.pid)"), "\(refused.errors)")
        #expect(refused.errors.contains("--wait-state"), "\(refused.errors)")
        #expect(refused.output.isEmpty, "nothing may run: \(refused.output)")
        #expect(Date().timeIntervalSince(started) < 60) // refused, not waiting; generous for a loaded suite
        let second = try await BackgroundKeyshare.start([
            "serve", "--port", "0", "--state",
            folder.appendingPathComponent("state.sqlite").path,
        ])
        #expect(!second.firstLine.contains("listening on"), "a second serve must not start: \(second.firstLine)")
        await second.stop()
        #expect(second.process.terminationStatus == 2)
        await server.stop()
        let after = try await create(folder)
        #expect(after.status == 0, "\(after.errors)")
    }

    @Test("a run with --wait-state waits for the holder, then runs on what the holder left")
    func waits() async throws {
        let folder = try await fixture()
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try await create(folder)
        try #require(before.status == 0, "\(before.errors)")
        let server = try await holder(folder)
        async let waited = create(folder, extra: ["--wait-state", "30"])
        try await Task.sleep(for: .milliseconds(1500))
        await server.stop()
        let outcome = try await waited
        #expect(outcome.status == 0, "\(outcome.errors)")
        let counts = [before, outcome].compactMap { Int($0.output.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(counts.count == 2 && counts[1] == counts[0] + 1, "no update lost: \(counts)")
    }

    @Test("a holder killed with SIGKILL never blocks the next run")
    func killedHolder() async throws {
        let folder = try await fixture()
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try await holder(folder)
        await server.kill()
        let outcome = try await create(folder)
        #expect(outcome.status == 0, "\(outcome.errors)")
    }

    @Test("two runs started together on one state: one runs, the other is refused or waits; no update is lost")
    func twoRuns() async throws {
        let folder = try await fixture()
        defer { try? FileManager.default.removeItem(at: folder) }
        async let first = create(folder, extra: ["--wait-state", "60"])
        async let second = create(folder, extra: ["--wait-state", "60"])
        let outcomes = try await [first, second]
        #expect(outcomes.map(\.status) == [0, 0], "\(outcomes.map(\.errors))")
        let counts = outcomes.compactMap { Int($0.output.trimmingCharacters(in: .whitespacesAndNewlines)) }.sorted()
        #expect(counts.count == 2 && counts[1] == counts[0] + 1, "each run saw the other's key: \(counts)")
    }
}
