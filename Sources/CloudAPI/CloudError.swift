/// A failure as Alibaba Cloud reports it: the wire `Code`, `Message` and HTTP status.
///
/// The simulator throws it, the server encodes it, the client decodes the same value: round-trip
/// equality is a tested contract. Known codes are static members in `CloudError+Codes.swift`.
package struct CloudError: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The wire code, e.g. `Rejected.ShareQuotaExceedLimit`.
    package var code: String
    /// The human message as the service words it.
    package var message: String
    /// The HTTP status the service answers with.
    package var httpStatus: Int
    /// The request id of the failed call, once known.
    package var requestID: String?
    /// The endpoint host that answered, once known (the envelope's `HostId`).
    package var hostID: String?
    /// A back-off hint in milliseconds (`x-acs-retry-after`), set on throttling.
    package var retryAfterMilliseconds: Int?

    /// Creates an error; request and host ids are filled in by whoever answers the call.
    package init(
        code: String, message: String, httpStatus: Int, requestID: String? = nil,
        hostID: String? = nil, retryAfterMilliseconds: Int? = nil
    ) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.requestID = requestID
        self.hostID = hostID
        self.retryAfterMilliseconds = retryAfterMilliseconds
    }

    /// True for codes a client may retry with back-off (throttling, temporary unavailability, 5xx but
    /// 501 Not Implemented, which is permanent, and a dropped connection, which only a retry with the
    /// same `ClientToken` settles).
    package var isRetryable: Bool {
        code.hasPrefix("Throttling") || code == "Rejected.Throttling" || code.hasPrefix("ServiceUnavailable")
            || code == "SerivceUnvailableTemporary" || (httpStatus >= 500 && httpStatus != 501)
            || code == Self.connectionDroppedCode
    }

    package var description: String {
        var text = "\(code) (HTTP \(httpStatus)): \(message)"
        if let requestID { text += " [request \(requestID)]" }
        return text
    }

    /// The same error stamped with the id of the request it answers.
    package func with(requestID: String) -> CloudError {
        var copy = self
        copy.requestID = requestID
        return copy
    }
}
