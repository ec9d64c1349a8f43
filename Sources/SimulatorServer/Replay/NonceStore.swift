import Foundation

/// One remembered signature nonce: the request it came with may not be replayed before `expiry`.
package struct RememberedNonce: Sendable, Hashable {
    /// The access key the request was signed with (nonces are per key).
    package var accessKeyID: String
    /// The nonce.
    package var nonce: String
    /// When the request's own timestamp leaves the skew window; after it a replay fails anyway.
    package var expiry: Date

    /// Creates an entry.
    package init(accessKeyID: String, nonce: String, expiry: Date) {
        self.accessKeyID = accessKeyID
        self.nonce = nonce
        self.expiry = expiry
    }
}

/// Where the replay window outlives the server process, so that a request captured before a
/// restart is still refused after it.
///
/// The server checks nonces in memory (``NonceCache``) and writes each accepted one here before
/// serving its request; on start the cache is filled from ``remembered``.
package protocol NonceStore: Sendable {
    /// The nonces whose window was still open when the store was opened, by expiry.
    var remembered: [RememberedNonce] { get }

    /// Keeps `entry` until its expiry; entries expired at `now` may be forgotten meanwhile.
    func remember(_ entry: RememberedNonce, now: Date) async throws
}
