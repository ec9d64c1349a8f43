/// A call that got no answer because the transport failed (a timeout, a dropped connection), as a
/// backend reports it; callers above the seam (the run's governor) decide from it whether sending
/// the call again is safe, without knowing the backend's error types.
package protocol CallTransportFailure: Error {
    /// Whether another attempt could succeed (a refused connection or a timeout; not a bad URL).
    var isTransient: Bool { get }
    /// Whether the request may have reached the server and been applied before the failure.
    var mayHaveReachedServer: Bool { get }
}
