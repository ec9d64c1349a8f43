import CloudAPI

/// The audit could not read the backend at all (the caller's own account, in every region):
/// there is nothing to report on, so the command exits 1.
package struct AuditReadError: Error, Sendable, CustomStringConvertible {
    /// What failed, naming the read.
    package var description: String

    /// Wraps a message.
    package init(_ description: String) { self.description = description }
}

/// Why a read failed, in words that stay the same from one audit to the next: a cloud error's
/// code and message without its request id.
func readFailure(_ error: any Error) -> String {
    if let cloud = error as? CloudError { return "\(cloud.code): \(cloud.message)" }
    return "\(error)"
}
