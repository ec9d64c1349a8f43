import CloudModel
import Foundation

/// What a server knows about one access key: its secret and whose it is.
///
/// Permanent keys come from the world file; STS keys are issued by `AssumeRole` and carry their
/// token and expiry. The description never prints the secret or the token.
package struct StoredCredential: Sendable, Hashable, CustomStringConvertible {
    /// The access key secret the signature is checked with.
    package var secret: String
    /// The identity calls signed with this key act as.
    package var principal: Principal
    /// For STS keys: the token that must accompany the key.
    package var securityToken: String?
    /// For STS keys: when the key stops working.
    package var expiration: Date?

    /// Creates a credential; permanent keys have no token and no expiry.
    package init(secret: String, principal: Principal, securityToken: String? = nil, expiration: Date? = nil) {
        self.secret = secret
        self.principal = principal
        self.securityToken = securityToken
        self.expiration = expiration
    }

    package var description: String {
        "StoredCredential(principal: \(principal), sts: \(securityToken != nil), expiration: \(expiration.map(WireTimestamp.format) ?? "none"))"
    }
}

/// Maps access key ids to credentials: the seam between the server (which verifies) and whoever
/// owns identities (the simulator: world-file keys plus STS keys from `AssumeRole`).
///
/// Conformers must be safe to call concurrently; a lookup miss answers `InvalidAccessKeyId.NotFound`.
package protocol CredentialStore: Sendable {
    /// The credential of `accessKeyID`, or nil when the key is unknown.
    func lookup(accessKeyID: String) async -> StoredCredential?
}

/// A fixed table of credentials, for tests and for serving a cloud without STS.
package struct InMemoryCredentialStore: CredentialStore {
    private let table: [String: StoredCredential]

    /// Creates a store from access key id → credential.
    package init(_ table: [String: StoredCredential]) { self.table = table }

    package func lookup(accessKeyID: String) async -> StoredCredential? { table[accessKeyID] }
}
