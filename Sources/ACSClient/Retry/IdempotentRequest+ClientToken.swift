import CloudAPI
import Foundation

// `RemoteCloud` gives an `IdempotentRequest` (CloudAPI marks the requests whose wire parameters
// include `ClientToken`) a fresh UUID token when it has none, once per logical call, so every
// retry of that call carries the same token and the service runs it once.

extension IdempotentRequest {
    /// This request with a client token: its own if set, else a new UUID.
    package func withClientToken(_ make: () -> String = { UUID().uuidString.lowercased() }) -> Self {
        guard clientToken == nil else { return self }
        var copy = self
        copy.clientToken = make()
        return copy
    }
}

/// Gives `request` a client token when it is idempotent; other requests come back unchanged.
package func withClientToken<Request>(_ request: Request) -> Request {
    guard let idempotent = request as? any IdempotentRequest else { return request }
    return (idempotent.withClientToken() as? Request) ?? request
}
