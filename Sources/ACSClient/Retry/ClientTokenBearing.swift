import Foundation

/// A request with an idempotency `ClientToken`: the service runs it once however often it is sent.
///
/// `RemoteCloud` gives such a request a fresh UUID token when it has none, once per logical call,
/// so every retry of that call carries the same token. Conformances live in
/// `ClientTokenBearing+ECS.swift`; a new mutating request with a `ClientToken` adds one line there.
package protocol ClientTokenBearing {
    /// The idempotency token; nil until the caller or `RemoteCloud` sets one.
    var clientToken: String? { get set }
}

extension ClientTokenBearing {
    /// This request with a client token: its own if set, else a new UUID.
    package func withClientToken(_ make: () -> String = { UUID().uuidString.lowercased() }) -> Self {
        guard clientToken == nil else { return self }
        var copy = self
        copy.clientToken = make()
        return copy
    }
}

/// Gives `request` a client token when its type bears one; other requests come back unchanged.
package func withClientToken<Request>(_ request: Request) -> Request {
    guard let bearing = request as? any ClientTokenBearing else { return request }
    return (bearing.withClientToken() as? Request) ?? request
}
