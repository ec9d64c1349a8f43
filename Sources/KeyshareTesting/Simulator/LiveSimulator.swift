import ACSClient
import ACSWire
import CloudSimulator

/// `keyshare serve` in miniature: a `SimulatedCloud` behind `SimulatorServer` on 127.0.0.1 with a
/// free port, and a `RemoteCloud` signing with one of the world's access keys, so any check can
/// run over real HTTP exactly as it runs in process.
package enum LiveSimulator {
    /// Serves `cloud` for the duration of `body`, which gets a `RemoteCloud` signing with
    /// `accessKey` in `signatureVersion` (member accounts are reached through their access role,
    /// as in production).
    package static func with<Value: Sendable>(
        _ cloud: SimulatedCloud, accessKey: World.AccessKey,
        signatureVersion: ACSRequestBuilder.SignatureVersion = .v3,
        _ body: @escaping @Sendable (RemoteCloud) async throws -> Value
    ) async throws -> Value {
        try await ServedCloud.with(
            cloud, credentials: SimulatedCloudCredentials(cloud: cloud),
            accessKey: AccessCredentials(accessKeyID: accessKey.id, accessKeySecret: accessKey.secret),
            signatureVersion: signatureVersion, body)
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
        return StoredCredential(
            secret: found.secret, principal: found.principal, securityToken: found.securityToken,
            expiration: found.expiration)
    }
}
