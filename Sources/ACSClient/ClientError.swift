import CloudAPI

/// A call that never got an answer from Alibaba Cloud: the transport failed, or the answer
/// could not be read. Server-side failures are `CloudError`, never this.
///
/// It names the action, the endpoint and (when the server sent one) the request id, so an
/// operator can find the call; it never holds request content, credentials or signatures.
package struct ClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    package enum Reason: Sendable, Hashable {
        /// The transport failed (after any retries); the associated error says how.
        case transport(HTTPTransportError)
        /// A 2xx answer whose body did not decode as the action's response.
        case undecodableResponse(String)
    }

    /// What went wrong.
    package var reason: Reason
    /// The wire action, e.g. `CreateKey`.
    package var action: String
    /// The endpoint the call went to.
    package var endpoint: Endpoint
    /// The request id of the answer, when one arrived.
    package var requestID: String?
    /// How many attempts were made.
    package var attempts: Int

    /// Creates an error.
    package init(reason: Reason, action: String, endpoint: Endpoint, requestID: String? = nil, attempts: Int = 1) {
        self.reason = reason
        self.action = action
        self.endpoint = endpoint
        self.requestID = requestID
        self.attempts = attempts
    }

    package var description: String {
        let what =
            switch reason {
            case .transport(let error): "transport failed (\(error))"
            case .undecodableResponse(let detail): "the answer could not be decoded (\(detail))"
            }
        var text = "\(action) to \(endpoint): \(what) after \(attempts) attempt\(attempts == 1 ? "" : "s")"
        if let requestID { text += " [request \(requestID)]" }
        return text
    }
}

extension ClientError: CallTransportFailure {
    /// A transport failure worth another attempt; an undecodable answer is not.
    package var isTransient: Bool {
        if case .transport(let error) = reason { return error.isTransient }
        return false
    }

    /// Whether the request may have been applied: a timeout or a closed connection after sending, or
    /// any answer that arrived but could not be read.
    package var mayHaveReachedServer: Bool {
        if case .transport(let error) = reason { return error.mayHaveReachedServer }
        return true
    }
}
