import Foundation
import KeyshareTesting
import Testing

/// `keyshare serve` as a user starts it: a port in use, timeouts out of range, and the timeouts
/// it was given applied to real connections.
@Suite("keyshare serve connections", .enabled(if: keyshareBinaryExists, "build first: swift build"))
struct ServeConnectionTests {
    @Test("A port in use exits 2 naming the address and the ways out, listening on nothing")
    func portInUse() async throws {
        let occupied = try OccupiedPort()
        let outcome = try await keyshare(["serve", "--port", String(occupied.port), "--log-level", "error"])
        #expect(outcome.status == 2)
        #expect(outcome.errors.contains("127.0.0.1:\(occupied.port)"), "\(outcome.errors)")
        #expect(outcome.errors.contains("already in use"))
        #expect(outcome.errors.contains("--port 0"))
        #expect(!outcome.errors.contains("bind(descriptor"))
        #expect(!outcome.output.contains("listening on"))
    }

    @Test("A server that could not listen leaves no state file it created, and keeps one it resumed")
    func portInUseWithState() async throws {
        let occupied = try OccupiedPort()
        let folder = try temporaryFolder("serve-port")
        let state = folder.appendingPathComponent("state.sqlite")
        let refused = try await keyshare([
            "serve", "--port", String(occupied.port), "--state", state.path,
            "--log-level", "error",
        ])
        #expect(refused.status == 2)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(left.isEmpty, "left behind: \(left)")
        // A state that existed before stays, whatever the port did.
        let seeded = try await ServedSimulator.start(["--state", state.path])
        await seeded.stop()
        let again = try await keyshare([
            "serve", "--port", String(occupied.port), "--state", state.path,
            "--log-level", "error",
        ])
        #expect(again.status == 2)
        #expect(FileManager.default.fileExists(atPath: state.path))
    }

    /// (option, value) pairs that must be refused before anything listens.
    static let badTimeouts: [(String, String)] = [
        ("--idle-timeout", "0"), ("--idle-timeout", "-5"), ("--idle-timeout", "nan"), ("--idle-timeout", "inf"),
        ("--request-timeout", "0"), ("--request-timeout", "1e9"), ("--request-timeout", "abc"),
        ("--request-timeout", "-0.5"),
    ]

    @Test("Timeouts that are not a positive number of seconds up to a day are refused", arguments: 0..<badTimeouts.count)
    func badTimeout(index: Int) async throws {
        let (option, value) = Self.badTimeouts[index]
        let outcome = try await keyshare(["serve", "--port", "0", option, value])
        #expect(outcome.status != 0)
        #expect(outcome.errors.contains(option), "\(outcome.errors)")
        #expect(!outcome.output.contains("listening on"))
    }

    @Test("--request-timeout and --idle-timeout reach the server's connections")
    func timeoutsApplied() async throws {
        let server = try await ServedSimulator.start(["--request-timeout", "1", "--idle-timeout", "5"])
        let (unfinishedClosed, idleClosed) = try await offPool { () -> (TimeInterval?, TimeInterval?) in
            let unfinished = try RawConnection(port: server.port)
            let silent = try RawConnection(port: server.port)
            let started = Date()
            unfinished.write("POST / HTTP/1.1\r\nHost: x\r\n")
            let first = unfinished.closedByServer(within: 14) ? Date().timeIntervalSince(started) : nil
            let second = silent.closedByServer(within: 14) ? Date().timeIntervalSince(started) : nil
            return (first, second)
        }
        let unfinishedAfter = try #require(unfinishedClosed, "an unfinished request was not cut off")
        #expect(unfinishedAfter >= 0.8 && unfinishedAfter < 4.5, "\(unfinishedAfter)s: not the request timeout")
        let idleAfter = try #require(idleClosed, "a silent connection was not closed")
        #expect(idleAfter >= 4.2 && idleAfter < 14, "\(idleAfter)s")
        withExtendedLifetime(server) {}
    }
}
