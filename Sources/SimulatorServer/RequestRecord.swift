import ACSWire
import CloudAPI
import Foundation
import Logging

/// What the server logs about one request: never a secret, token, signature or parameter value.
struct RequestRecord {
    /// The id the answer carries.
    let requestID: String
    /// The action, once routed.
    var action: String?
    /// The product, once routed (selects the error envelope's shape).
    var product: CloudProduct?
    /// The caller's account, once authenticated.
    var account: String?
    /// The HTTP status answered.
    var status = 0
    /// The error code answered, if any.
    var code: String?
    /// The Swift type of an unexpected error (its text could hold anything).
    var detail: String?
    /// The body format the caller asked for (JSON until the request says otherwise).
    var format = WireFormat.json

    /// Writes the one line: `<action> <status>` with the rest as metadata.
    func log(to logger: Logger, duration: Duration) {
        var metadata: Logger.Metadata = [
            "request_id": .string(requestID),
            "action": .string(action ?? "-"),
            "account": .string(account ?? "-"),
            "status": .stringConvertible(status),
            "duration_ms": .string(
                String(
                    format: "%.3f",
                    Double(duration.components.attoseconds) / 1e15
                        + Double(duration.components.seconds) * 1000)),
        ]
        if let code { metadata["code"] = .string(code) }
        if let detail { metadata["error_type"] = .string(detail) }
        logger.info("\(action ?? "-") \(status)", metadata: metadata)
    }
}
