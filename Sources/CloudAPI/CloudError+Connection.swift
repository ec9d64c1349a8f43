/// keyshare's own codes for calls that got no answer at all, so a playbook sees one error shape for
/// a lost connection whichever backend served it (the simulator in process, or HTTP).
extension CloudError {
    /// The code of a call whose connection dropped before an answer arrived: the call may or may
    /// not have been applied, so only a retry with the same `ClientToken` (or a read) can tell.
    package static let connectionDroppedCode = "keyshare.ConnectionDropped"
    /// The code of any other transport failure (connect refused, read timeout, TLS setup).
    package static let transportFailureCode = "keyshare.TransportError"

    /// A call whose connection dropped before an answer arrived. HTTP status 0: no HTTP answer came,
    /// so it is neither a refusal (4xx, nothing applied) nor a server error (5xx).
    package static func connectionDropped(action: String) -> CloudError {
        CloudError(
            code: connectionDroppedCode,
            message: "The connection dropped before \(action) was answered; it may or may not have been applied.",
            httpStatus: 0)
    }

    /// True for ``connectionDropped(action:)``: the simulator server closes the connection for it.
    package var isConnectionDropped: Bool { code == Self.connectionDroppedCode }
}

/// An error that is not a `CloudError` but has a `CloudError` equivalent (a transport failure of
/// the HTTP client), so bindings can hand scripts the same table for it.
package protocol CloudErrorConvertible: Error {
    /// The equivalent cloud error; never holds credentials or request content.
    var cloudError: CloudError { get }
}
