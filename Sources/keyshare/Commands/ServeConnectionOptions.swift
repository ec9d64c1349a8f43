import ArgumentParser
import Foundation
import SimulatorServer

/// The `keyshare serve` options about connections: how long a connection may idle and how long
/// a request may take to arrive, where replay protection is kept, and the start-up failure when
/// the address cannot be listened on.
struct ServeConnectionOptions: ParsableArguments {
    @Option(
        name: .customLong("idle-timeout"),
        help: ArgumentHelp(
            "Seconds a keep-alive connection may stay quiet between requests before it is closed.",
            valueName: "seconds"))
    var idleTimeout: Double = 60

    @Option(
        name: .customLong("request-timeout"),
        help: ArgumentHelp(
            "Seconds from a request's first byte to its last; slower requests (slowloris) are cut off.",
            valueName: "seconds"))
    var requestTimeout: Double = 30

    func validate() throws {
        for (name, value) in [("--idle-timeout", idleTimeout), ("--request-timeout", requestTimeout)] {
            guard value.isFinite, SimulatorOptions.timeoutRange.contains(value) else {
                throw ValidationError("\(name) must be a number of seconds above 0 and at most 86400, got \(value)")
            }
        }
    }

    /// The server options with these timeouts; with a state file, accepted signature nonces are
    /// kept beside it (`<state>.nonces`) so that a request captured before a restart cannot be
    /// replayed after it.
    ///
    /// - Throws: `StartFailure` naming the nonce file when it cannot be used, after removing the
    ///   state file when this start created it (`createdStateFile`): a server that cannot start
    ///   leaves nothing behind, while a nonce file that was already there is the user's and stays.
    func simulatorOptions(statePath: String?, createdStateFile: URL? = nil) throws -> SimulatorOptions {
        var options = SimulatorOptions(idleTimeout: idleTimeout, requestTimeout: requestTimeout)
        if let statePath {
            do {
                options.nonceStore = try SQLiteNonceStore(
                    url: SQLiteNonceStore.file(for: URL(fileURLWithPath: statePath)),
                    now: options.now())
            } catch {
                if let createdStateFile { SimulatorLaunch.remove(createdStateFile) }
                throw StartFailure("--state \(statePath): \(error)")
            }
        }
        return options
    }

    /// Runs `serve` (the server until it stops); a failure to listen on `host:port` is printed as
    /// `keyshare serve: cannot listen on HOST:PORT: … what to do` and exits 2 (could not start),
    /// after removing the state file (and its nonce file) when this start created it: a server that
    /// never listened leaves nothing behind.
    static func listening(
        host: String, port: Int, createdStateFile: URL?,
        _ serve: () async throws -> Void
    ) async throws {
        do {
            try await serve()
        } catch {
            guard let failure = ListenFailure(error, host: host, port: port) else { throw error }
            if let createdStateFile {
                SimulatorLaunch.remove(createdStateFile)
                let nonces = SQLiteNonceStore.file(for: createdStateFile).path
                for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: nonces + suffix) }
            }
            try? FileHandle.standardError.write(contentsOf: Data("keyshare serve: \(failure)\n".utf8))
            throw ExitCode(2)
        }
    }
}
