import ACSClient
import ACSWire
import CloudAPI
import Hummingbird
import Logging
import SimulatorServer

/// Any `Cloud` behind `SimulatorServer` on 127.0.0.1 (a free port) for the length of one body,
/// reached by a `RemoteCloud` that makes one attempt per call: `keyshare serve` and the http
/// backend in miniature, for checks that must cross the wire.
package enum ServedCloud {
    /// Serves `cloud`, verifying signatures against `credentials`, for the duration of `body`, which
    /// gets a `RemoteCloud` signing with `accessKey` in `signatureVersion` (member accounts are
    /// reached through their access role, as in production).
    package static func with<Value: Sendable>(
        _ cloud: any Cloud, credentials: any CredentialStore, accessKey: AccessCredentials,
        signatureVersion: ACSRequestBuilder.SignatureVersion = .v3,
        _ body: @escaping @Sendable (RemoteCloud) async throws -> Value
    ) async throws -> Value {
        let (ports, announce) = AsyncStream.makeStream(of: Int.self)
        let app = SimulatorApplication.make(
            cloud: cloud, credentials: credentials, host: "127.0.0.1", port: 0,
            logger: Logger(label: "keyshare.tests.server") { _ in SwiftLogNoOpLogHandler() },
            onListening: { port in announce.yield(port) })
        return try await withThrowingTaskGroup(of: Value?.self) { group in
            group.addTask {
                try await app.run()
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            let transport = AsyncHTTPClientTransport()
            let endpoint = Endpoint(scheme: "http", host: "127.0.0.1", port: port)
            let caller = ACSCaller(
                transport: transport, codec: ACSWireCodec(signatureVersion: signatureVersion),
                endpoints: EndpointResolver(override: endpoint), retryPolicy: .none)
            let remote = RemoteCloud(
                caller: caller, credentials: .fixed(accessKey),
                shutdown: { try await transport.shutdown() })
            let outcome: Result<Value, any Error>
            do {
                outcome = .success(try await body(remote))
            } catch {
                outcome = .failure(error)
            }
            try? await remote.shutdown()
            group.cancelAll()
            return try outcome.get()
        }
    }
}
