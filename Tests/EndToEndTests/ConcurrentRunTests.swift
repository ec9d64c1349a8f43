import Foundation
import Testing

/// A `keyshare serve` on 127.0.0.1 (free port), stopped when the test ends.
private final class SharedServer: @unchecked Sendable {
    let process = Process()
    /// `http://127.0.0.1:PORT`, read from the server's first line.
    let endpoint: String

    private init(world: URL) throws {
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
            throw ConcurrentRunError(message: "keyshare serve did not say where it listens: \(line)")
        }
        endpoint = String(line[range.lowerBound...].prefix { !$0.isWhitespace })
    }

    /// Starts the server off Swift's cooperative pool (waiting for its first line blocks a thread).
    static func start(world: URL) async throws -> SharedServer {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try SharedServer(world: world) }) }
        }
    }

    /// Stops the server and waits for it (idempotent).
    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    deinit { stop() }
}

private struct ConcurrentRunError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Two rollouts sharing one key at once, each its own process, against one `keyshare serve`: the
/// key policy's read-modify-write races, and no reported grant may be lost.
@Suite("Concurrent runs on one key",
       .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct ConcurrentRunTests {
    /// The management account's access key pair in a starter world.
    private func managementKey(in yaml: String) throws -> (id: String, secret: String) {
        let lines = yaml.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let index = lines.firstIndex(of: "- id: KSAK1000000000000001"), index + 1 < lines.count,
              lines[index + 1].hasPrefix("secret: ")
        else { throw ConcurrentRunError(message: "no management access key in the starter world") }
        return ("KSAK1000000000000001", String(lines[index + 1].dropFirst("secret: ".count)))
    }

    @Test("two runs at once (fd-prod and fd-dev, 100 accounts each) end with every reported grant in the key policy")
    func twoRunsKeepEveryGrant() async throws {
        let work = try temporaryFolder("keyshare-concurrent")
        defer { try? FileManager.default.removeItem(at: work) }
        let world = work.appendingPathComponent("world.yaml")
        let made = try await keyshare(["sim", "init", "--accounts", "200", "--output", world.path])
        #expect(made.status == 0, "\(made.errors)")
        let key = try managementKey(in: String(contentsOf: world, encoding: .utf8))
        let server = try await SharedServer.start(world: world)
        defer { server.stop() }
        let environment = [
            "ALIBABA_CLOUD_ACCESS_KEY_ID": key.id, "ALIBABA_CLOUD_ACCESS_KEY_SECRET": key.secret,
            "ALIBABA_CLOUD_CLI_PROFILE_DISABLED": "true",
            "KEYSHARE_PLUGINS": packageRoot.appendingPathComponent("plugins").path,
        ]
        let playbook = packageRoot.appendingPathComponent("plugins/ecs-key-sharing/examples/share-disk-key.lua").path
        func run(_ folder: String) async throws -> KeyshareOutcome {
            try await keyshare(["run", "--backend", "http", "--endpoint", server.endpoint, "--param", "folder=\(folder)",
                                "--param", "verify=false", "--concurrency", "15", "--reporter", "json", playbook],
                               environment: environment)
        }
        async let prod = run("fd-prod")
        async let dev = run("fd-dev")
        let runs = try await [prod, dev]

        var reported: [String] = []
        for outcome in runs {
            #expect(outcome.status == 0, "\(outcome.output.suffix(800))\(outcome.errors)")
            for line in outcome.output.split(separator: "\n") where line.contains(#""type":"target_finished""#) {
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
                for change in object["changes"] as? [String] ?? [] where change.hasPrefix("granted key use to ") {
                    reported.append(String(change.dropFirst("granted key use to ".count)))
                }
            }
        }
        let probe = work.appendingPathComponent("policy.lua")
        try """
            local policy = json.decode(kms.get_key_policy({ key_id = "alias/shared-disk-key" }).policy)
            for _, statement in ipairs(policy.Statement) do
              if statement.Sid == "keyshare/shared-use" then
                for _, principal in ipairs(statement.Principal.RAM) do print(principal) end
              end
            end
            """.write(to: probe, atomically: true, encoding: .utf8)
        let read = try await keyshare(["run", "--backend", "http", "--endpoint", server.endpoint, probe.path],
                                      environment: environment)
        #expect(read.status == 0, "\(read.errors)")
        let principals = Set(read.output.split(separator: "\n").map(String.init))
        #expect(reported.count == 200, "every target reports its grant: \(reported.count)")
        let lost = reported.filter { !principals.contains($0) }
        #expect(lost.isEmpty, "reported granted but missing from the key policy: \(lost)")
        #expect(principals.count == 200, "the key policy holds \(principals.count) of 200 principals")
    }
}
