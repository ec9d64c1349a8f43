import ACSClient
import ACSWire
import CloudAPI
import CloudSimulator
import Foundation
import Hummingbird
import Logging
import SimulatorServer

/// `keyshare serve` in miniature: a `SimulatedCloud` behind `SimulatorServer` on 127.0.0.1 with a
/// free port, and a `RemoteCloud` signing with one of the world's access keys, so any check can
/// run over real HTTP exactly as it runs in process.
package enum LiveSimulator {
    /// Serves `cloud` for the duration of `body`, which gets a `RemoteCloud` signing with
    /// `accessKey` in `signatureVersion` (member accounts are reached through their access role,
    /// as in production).
    package static func with<Value: Sendable>(
        _ cloud: SimulatedCloud, accessKey: WorldSpec.AccessKey,
        signatureVersion: ACSRequestBuilder.SignatureVersion = .v3,
        _ body: @escaping @Sendable (RemoteCloud) async throws -> Value
    ) async throws -> Value {
        let (ports, announce) = AsyncStream.makeStream(of: Int.self)
        let app = SimulatorApplication.make(
            cloud: cloud, credentials: SimulatedCloudCredentials(cloud: cloud), host: "127.0.0.1", port: 0,
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
            let caller = ACSCaller(transport: transport, codec: ACSWireCodec(signatureVersion: signatureVersion),
                                   endpoints: EndpointResolver(override: Endpoint(scheme: "http", host: "127.0.0.1", port: port)),
                                   retryPolicy: .none)
            let remote = RemoteCloud(
                caller: caller,
                credentials: .fixed(AccessCredentials(accessKeyID: accessKey.id, accessKeySecret: accessKey.secret)),
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

/// The server's view of the simulator's identities: world access keys and live STS credentials.
package struct SimulatedCloudCredentials: CredentialStore {
    /// The simulator that owns the keys.
    package let cloud: SimulatedCloud

    /// Wraps `cloud`.
    package init(cloud: SimulatedCloud) { self.cloud = cloud }

    package func lookup(accessKeyID: String) async -> StoredCredential? {
        guard let found = await cloud.credential(forAccessKeyID: accessKeyID) else { return nil }
        return StoredCredential(secret: found.secret, principal: found.principal, securityToken: found.securityToken,
                                expiration: found.expiration)
    }
}
