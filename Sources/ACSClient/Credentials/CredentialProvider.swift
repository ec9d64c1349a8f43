/// Hands out the credentials to sign the next request with.
///
/// Called before every attempt, so a provider must be cheap when its credentials are fresh
/// (cache them) and may refresh them when they near expiry. To write a fake, return a
/// constant or count the calls.
package protocol CredentialProvider: Sendable {
    /// The credentials to sign with now.
    func credentials() async throws -> AccessCredentials
}

/// Fixed credentials: long-term keys, or an STS token the user obtained themselves.
package struct StaticCredentialProvider: CredentialProvider {
    /// The credentials handed out.
    package let fixed: AccessCredentials

    /// Wraps `credentials`.
    package init(_ credentials: AccessCredentials) {
        self.fixed = credentials
    }

    package func credentials() async throws -> AccessCredentials { fixed }
}
