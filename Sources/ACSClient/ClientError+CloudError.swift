import CloudAPI

extension ClientError: CloudErrorConvertible {
    /// The error a playbook sees: a connection that closed before the answer is
    /// `keyshare.ConnectionDropped`, as the in-process simulator reports an injected drop; other
    /// transport failures are `keyshare.TransportError`, an unreadable answer a 502. HTTP status 0
    /// where no answer came, so the journal keeps the call's intent as possibly applied.
    package var cloudError: CloudError {
        switch reason {
        case .transport(let failure) where failure.kind == .connectionClosed:
            var error = CloudError.connectionDropped(action: action)
            error.message += " (\(description))"
            error.requestID = requestID
            return error
        case .transport:
            return CloudError(code: CloudError.transportFailureCode, message: description, httpStatus: 0, requestID: requestID)
        case .undecodableResponse:
            return CloudError(code: "keyshare.UndecodableResponse", message: description, httpStatus: 502, requestID: requestID)
        }
    }
}
