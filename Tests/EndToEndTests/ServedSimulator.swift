import Foundation

/// `keyshare serve --port 0` on 127.0.0.1, ready once it said where it listens; stopped by the test,
/// and at the latest when released.
final class ServedSimulator: Sendable {
    /// The server process.
    let server: BackgroundKeyshare
    /// `http://127.0.0.1:PORT`, read from the server's first line.
    let endpoint: String
    /// The port it listens on.
    let port: Int

    private init(server: BackgroundKeyshare, endpoint: String, port: Int) {
        self.server = server
        self.endpoint = endpoint
        self.port = port
    }

    /// Starts `keyshare serve --port 0 --log-level warning` plus `arguments` (`--world W`, `--state S`,
    /// timeouts) and waits until it prints its address; throws with what it printed when it does not.
    static func start(_ arguments: [String] = []) async throws -> ServedSimulator {
        let server = try await BackgroundKeyshare.start(["serve", "--port", "0", "--log-level", "warning"] + arguments)
        let line = server.firstLine
        guard let range = line.range(of: "http://127.0.0.1:"),
            let port = Int(line[range.upperBound...].prefix { $0.isNumber })
        else {
            await server.stop()
            throw EndToEndSetupError(description: "keyshare serve did not say where it listens: \(line)")
        }
        let endpoint = String(line[range.lowerBound...].prefix { !$0.isWhitespace })
        return ServedSimulator(server: server, endpoint: endpoint, port: port)
    }

    /// Serves a starter world of `accounts` members written into `folder`; returns the server and
    /// the environment a `keyshare run --backend http` client signs with (see `clientEnvironment`).
    static func starter(accounts: Int, in folder: URL) async throws
        -> (server: ServedSimulator, environment: [String: String])
    {
        let world = try await starterWorld(accounts: accounts, in: folder)
        let environment = try clientEnvironment(world: world)
        return (try await start(["--world", world.path]), environment)
    }

    /// Stops the server with SIGTERM and waits for it (and so for it to release its state file).
    func stop() async { await server.stop() }

    /// Like `stop()`, blocking the calling thread (for `defer`; a stopped server ends at once).
    func stopNow() { server.stopNow() }

    /// What `keyshare run --backend http --endpoint …` needs against a world `sim init` wrote: the
    /// management account's access key pair (read from `world`), no CLI profile, this repository's plugins.
    static func clientEnvironment(world: URL) throws -> [String: String] {
        let yaml = try String(contentsOf: world, encoding: .utf8)
        let lines = yaml.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let id = "KSAK1000000000000001"
        guard let index = lines.firstIndex(of: "- id: \(id)"), index + 1 < lines.count, lines[index + 1].hasPrefix("secret: ")
        else { throw EndToEndSetupError(description: "no management access key in the starter world \(world.path)") }
        return [
            "ALIBABA_CLOUD_ACCESS_KEY_ID": id,
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET": String(lines[index + 1].dropFirst("secret: ".count)),
            "ALIBABA_CLOUD_CLI_PROFILE_DISABLED": "true",
            "KEYSHARE_PLUGINS": packageRoot.appendingPathComponent("plugins").path,
        ]
    }
}

/// Writes a starter world of `accounts` members (`keyshare sim init`) to `world.yaml` in `folder`.
func starterWorld(accounts: Int, in folder: URL) async throws -> URL {
    let world = folder.appendingPathComponent("world.yaml")
    let made = try await keyshare(["sim", "init", "--accounts", String(accounts), "--output", world.path])
    guard made.status == 0 else { throw EndToEndSetupError(description: "keyshare sim init failed: \(made.errors)") }
    return world
}

/// A test's setup (a server, a world) did not come about.
struct EndToEndSetupError: Error, CustomStringConvertible {
    /// What went wrong, with what the process printed.
    var description: String
}
