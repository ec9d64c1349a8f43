import CloudAPI
import CloudModel

/// A read a capture needed and the backend refused, naming the call, the account and the region.
package struct CaptureFailure: Error, Sendable, CustomStringConvertible {
    /// The call, with its subject when it has one (`GetRole ops-admin`).
    package var call: String
    /// The account the call acted in.
    package var account: AccountID
    /// The region, for regional calls.
    package var region: String?
    /// What the backend answered, without its request id (so a written world stays the same
    /// from one capture to the next).
    package var reason: String
    /// The request id of the refused call, for support; printed, never written into the world.
    package var requestID: String?

    /// Wraps what `call` in `account` (and `region`) threw.
    init(call: String, account: AccountID, region: String?, error: any Error) {
        self.call = call
        self.account = account
        self.region = region
        if let cloudError = error as? CloudError {
            reason = "\(cloudError.code) (HTTP \(cloudError.httpStatus)): \(cloudError.message)"
            requestID = cloudError.requestID
        } else {
            reason = "\(error)"
        }
    }

    /// `ListRoles in account 1000000000000001: …`, without the request id.
    package var summary: String {
        "\(call) in account \(account)\(region.map { " (\($0))" } ?? ""): \(reason)"
    }

    package var description: String { summary + (requestID.map { " [request \($0)]" } ?? "") }
}
