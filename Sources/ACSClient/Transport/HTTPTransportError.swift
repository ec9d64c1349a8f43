/// Why a transport could not produce an answer, classified for the retry loop.
///
/// Transports throw it (fakes too); `RemoteCloud` wraps it in `ClientError` with the action,
/// endpoint and request id once it gives up.
package struct HTTPTransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The classes of failure that decide whether a retry is safe.
    package enum Kind: String, Sendable, Hashable {
        /// No connection was made: the server never saw the request, so a retry is always safe.
        case connectFailed
        /// The connection went quiet past the read timeout: the server may have acted.
        case timedOut
        /// The connection closed before a full answer: the server may have acted.
        case connectionClosed
        /// Anything else (bad URL, TLS setup, shutdown): retrying will not help.
        case other
    }

    /// The class of failure.
    package var kind: Kind
    /// What the underlying library said, without any request content.
    package var detail: String

    /// Creates a failure.
    package init(_ kind: Kind, detail: String) {
        self.kind = kind
        self.detail = detail
    }

    /// True when the request may have reached the server (so only safe-to-repeat calls are retried).
    package var mayHaveReachedServer: Bool { kind == .timedOut || kind == .connectionClosed }

    /// True for the transient classes worth another attempt.
    package var isTransient: Bool { kind != .other }

    package var description: String { "\(kind.rawValue): \(detail)" }
}
