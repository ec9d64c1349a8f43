import ACSWire
import ArgumentParser
import CloudSimulator
import Foundation
import Hummingbird
import Logging
import SimulatorServer

/// `keyshare serve`: the simulator behind the Alibaba OpenAPI wire, so the official SDKs,
/// `keyshare run --backend http` and other tools can use it unchanged.
///
/// The composition root of the server: it builds the `SimulatedCloud` from a world (and state
/// file) and hands it, with an adapter over its access keys, to `SimulatorServer`.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the simulator over the Alibaba OpenAPI wire (V3 and V1 signatures, every product).",
        discussion: """
            Point an SDK at it with endpoint '127.0.0.1:PORT' and protocol 'http', signing with an access \
            key of the world (see `keyshare sim init`). Without --world the starter world of \
            `keyshare sim init` is served. With --state every change is kept in that SQLite file and \
            an existing state file is resumed (with --world, only if it was seeded from that world; \
            --fresh-state seeds it again). The server owns the state file while it runs: another \
            keyshare process on it is refused (or waits, with its --wait-state). The world's faults: \
            section, or --faults in its place, is served too: throttling with x-acs-retry-after, 5xx, \
            latency, rate limits, and dropped connections that close the TCP connection unanswered.
            """
    )

    @Option(help: "Address to listen on; keep the loopback default unless you mean to share the simulator.")
    var host: String = "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free port (printed on startup).")
    var port: Int = 18080

    @OptionGroup var simulator: SimulatorLaunchOptions

    @Option(name: .customLong("log-level"), help: "Lowest level logged: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    @OptionGroup var connection: ServeConnectionOptions

    func validate() throws {
        guard (0...65_535).contains(port) else {
            throw ValidationError("--port must be between 0 and 65535, got \(port)")
        }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError(
                "--log-level '\(logLevel)' is not a level: use trace, debug, info, notice, warning, error or critical")
        }
        if let world = simulator.world, !FileManager.default.fileExists(atPath: world) {
            throw ValidationError("--world \(world) does not exist: write one with `keyshare sim init --output \(world)`")
        }
        try simulator.check()
    }

    func run() async throws {
        var logger = Logger(label: "keyshare.serve") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let launched = try await simulator.launch(starterAccounts: World.starterMembers).open(environment: .live)
        // The state file stays this server's until it stops.
        defer { withExtendedLifetime(launched.lock) {} }
        let cloud = launched.cloud
        if !["127.0.0.1", "::1", "localhost"].contains(host) {
            logger.warning("listening on \(host): anyone who can reach it can use the world's access keys")
        }
        let host = host
        let options = try connection.simulatorOptions(statePath: simulator.state, createdStateFile: launched.createdStateFile)
        let app = SimulatorApplication.make(
            cloud: cloud, credentials: SimulatorCredentials(cloud: cloud), options: options,
            host: host, port: port, logger: logger,
            onListening: { port in
                // Unbuffered, so that scripts waiting for this line see it at once.
                try? FileHandle.standardOutput.write(
                    contentsOf: Data("keyshare serve: listening on http://\(host):\(port)\n".utf8))
            })
        try await ServeConnectionOptions.listening(host: host, port: port, createdStateFile: launched.createdStateFile) {
            try await app.runService()
        }
    }
}

/// The server's view of the simulator's access keys: the world's keys and the STS credentials
/// that `AssumeRole` issued.
private struct SimulatorCredentials: CredentialStore {
    let cloud: SimulatedCloud

    func lookup(accessKeyID: String) async -> StoredCredential? {
        guard let found = await cloud.credential(forAccessKeyID: accessKeyID) else { return nil }
        return StoredCredential(
            secret: found.secret, principal: found.principal, securityToken: found.securityToken,
            expiration: found.expiration)
    }
}
