import ACSWire
import CloudAPI
import Foundation

/// Authenticates a request as Alibaba's gateway does: time, access key, STS token, signature,
/// nonce, in that order, answering each failure with the gateway's code and status.
package struct RequestAuthenticator: Sendable {
    private let credentials: any CredentialStore
    private let nonces: NonceCache
    private let nonceStore: (any NonceStore)?
    private let maxClockSkew: TimeInterval
    private let now: @Sendable () -> Date

    /// Creates an authenticator over `credentials` with the skew window, clock and nonce store of
    /// `options` (the cache starts with what the store remembers from before a restart).
    package init(credentials: any CredentialStore, options: SimulatorOptions) {
        self.credentials = credentials
        self.nonces = NonceCache(
            window: options.maxClockSkew, capacityPerKey: options.noncesPerAccessKey,
            remembered: options.nonceStore?.remembered ?? [])
        self.nonceStore = options.nonceStore
        self.maxClockSkew = options.maxClockSkew
        self.now = options.now
    }

    /// The credential the request is signed with, once everything checks out.
    ///
    /// - Throws: `CloudError`: `InvalidTimeStamp.Format`/`.Expired`, `InvalidAccessKeyId.NotFound`
    ///   (404), `MissingSecurityToken`, `InvalidSecurityToken.Malformed`/`.MismatchWithAccessKey`/
    ///   `.Expired`, `SignatureDoesNotMatch`, `SignatureNonceUsed`.
    package func authenticate(_ request: ACSHTTPRequest, claim: SignatureClaim) async throws -> StoredCredential {
        let now = now()
        guard let date = WireTimestamp.parse(claim.timestamp) else {
            throw CloudError.timestampFormat(claim.timestampName)
        }
        guard abs(date.timeIntervalSince(now)) <= maxClockSkew else { throw CloudError.timestampExpired(claim.timestamp) }
        guard let stored = await credentials.lookup(accessKeyID: claim.accessKeyID) else {
            throw CloudError.accessKeyNotFound
        }
        try checkToken(claim.securityToken, against: stored, now: now)
        try claim.verify(request, secret: stored.secret)
        guard let expiry = await nonces.record(claim.nonce, accessKeyID: claim.accessKeyID, signedAt: date, now: now)
        else {
            throw CloudError.nonceUsed
        }
        // Kept before the request is served, so that a restart a moment later still refuses a replay.
        try await nonceStore?.remember(
            RememberedNonce(
                accessKeyID: claim.accessKeyID, nonce: claim.nonce,
                expiry: expiry), now: now)
        return stored
    }

    private func checkToken(_ token: String?, against stored: StoredCredential, now: Date) throws {
        guard let expected = stored.securityToken else {
            if token != nil { throw CloudError.securityTokenMismatch }
            return
        }
        guard let token, !token.isEmpty else { throw CloudError.missingSecurityToken }
        guard Self.isWellFormed(token) else { throw CloudError.securityTokenMalformed }
        guard Digest.constantTimeEquals(token, expected) else { throw CloudError.securityTokenMismatch }
        if let expiration = stored.expiration, expiration <= now { throw CloudError.securityTokenExpired }
    }

    /// STS tokens are Base64-like text of bounded length.
    private static func isWellFormed(_ token: String) -> Bool {
        token.utf8.count <= 8192
            && token.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="),
                    UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
                    true
                default:
                    false
                }
            }
    }
}
