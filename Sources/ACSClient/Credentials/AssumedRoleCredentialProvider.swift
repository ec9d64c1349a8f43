import CloudAPI
import Foundation

/// Credentials of a RAM role, assumed with source credentials (a `RamRoleArn` profile) and
/// refreshed shortly before they expire.
package struct AssumedRoleCredentialProvider: CredentialProvider {
    /// Where the source credentials come from.
    package let source: any CredentialProvider
    /// The `AssumeRole` request sent (role ARN, session name, duration, external id).
    package let request: AssumeRoleRequest
    private let issuer: any SecurityTokenIssuer
    private let cache: RefreshingCache<String, AccessCredentials>
    private let now: @Sendable () -> Date

    /// Creates a provider; nothing is fetched until the first call.
    ///
    /// - Parameter refreshMargin: how long before expiry the credentials are renewed.
    package init(
        source: any CredentialProvider, request: AssumeRoleRequest, issuer: any SecurityTokenIssuer,
        refreshMargin: TimeInterval = 300, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.source = source
        self.request = request
        self.issuer = issuer
        self.cache = RefreshingCache(refreshMargin: refreshMargin, now: now)
        self.now = now
    }

    package func credentials() async throws -> AccessCredentials {
        let (source, request, issuer, now) = (source, request, issuer, now)
        return try await cache.value(for: request.roleARN) {
            let answer = try await issuer.assumeRole(request, signedWith: try await source.credentials())
            return AccessCredentials(answer.credentials, requestedSeconds: request.durationSeconds ?? 3600, now: now())
        }
    }
}
