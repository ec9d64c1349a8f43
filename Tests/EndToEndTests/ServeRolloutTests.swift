import Foundation
import Testing

/// A `keyshare serve` process on 127.0.0.1 with a free port, stopped when the test ends.
private final class ServeProcess: @unchecked Sendable {
    let process = Process()
    /// `http://127.0.0.1:PORT`, read from the server's first line.
    let endpoint: String

    init(world: URL) throws {
        process.executableURL = keyshareBinary
        process.arguments = ["serve", "--port", "0", "--world", world.path, "--log-level", "warning"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var seen = Data()
        let deadline = Date().addingTimeInterval(30)
        while !seen.contains(UInt8(ascii: "\n")) && Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        let line = String(decoding: seen, as: UTF8.self)
        guard let range = line.range(of: "http://127.0.0.1:") else {
            process.terminate()
            throw ServeError(message: "keyshare serve did not say where it listens: \(line)")
        }
        endpoint = String(line[range.lowerBound...].prefix { !$0.isWhitespace })
    }

    /// Starts the server off Swift's cooperative pool (waiting for its first line blocks a thread).
    static func start(world: URL) async throws -> ServeProcess {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try ServeProcess(world: world) }) }
        }
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }
}

private struct ServeError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// The example playbooks over HTTP: `keyshare run --backend http` → `keyshare serve`, signed with the
/// management account's access key from the world file, members reached through AssumeRole.
@Suite("Playbooks over keyshare serve",
       .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct ServeRolloutTests {
    /// The management account's access key pair in a starter world.
    private func managementKey(in yaml: String) throws -> (id: String, secret: String) {
        let lines = yaml.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let idIndex = lines.firstIndex(of: "- id: KSAK1000000000000001"),
              idIndex + 1 < lines.count, lines[idIndex + 1].hasPrefix("secret: ")
        else { throw ServeError(message: "no management access key in the starter world") }
        return ("KSAK1000000000000001", String(lines[idIndex + 1].dropFirst("secret: ".count)))
    }

    @Test("share-disk-key succeeds over HTTP, and a second run changes nothing")
    func shareOverHTTP() async throws {
        let work = try temporaryFolder("keyshare-serve")
        defer { try? FileManager.default.removeItem(at: work) }
        let world = work.appendingPathComponent("world.yaml")
        let initialized = try await keyshare(["sim", "init", "--accounts", "6", "--output", world.path])
        #expect(initialized.status == 0, "\(initialized.errors)")
        let key = try managementKey(in: String(contentsOf: world, encoding: .utf8))

        let server = try await ServeProcess.start(world: world)
        let environment = [
            "ALIBABA_CLOUD_ACCESS_KEY_ID": key.id, "ALIBABA_CLOUD_ACCESS_KEY_SECRET": key.secret,
            "ALIBABA_CLOUD_CLI_PROFILE_DISABLED": "true",
            "KEYSHARE_PLUGINS": packageRoot.appendingPathComponent("plugins").path,
        ]
        let playbook = packageRoot.appendingPathComponent("plugins/ecs-key-sharing/examples/share-disk-key.lua").path
        let first = try await keyshare(["run", "--backend", "http", "--endpoint", server.endpoint, playbook],
                                       environment: environment)
        #expect(first.status == 0, "\(first.output)\(first.errors)")
        #expect(first.output.contains("3 targets: 3 changed, 0 unchanged, 0 failed"), "\(first.output)")

        let second = try await keyshare(["run", "--backend", "http", "--endpoint", server.endpoint, playbook],
                                        environment: environment)
        #expect(second.status == 0, "\(second.output)\(second.errors)")
        #expect(second.output.contains("3 targets: 0 changed, 3 unchanged, 0 failed"), "\(second.output)")
        #expect(!first.output.contains(key.secret) && !first.errors.contains(key.secret))
    }
}
