import CloudAPI
import Foundation

/// Turns an HTTP answer into the request's `Response` or the `CloudError` it reports.
///
/// 2xx bodies are decoded as the response (the extra `RequestId` is ignored); anything else is
/// read as an error envelope, with `x-acs-retry-after` becoming `retryAfterMilliseconds`.
package enum ACSResponseParser {
    /// The response of `type` carried by `answer`.
    ///
    /// - Throws: the answer's `CloudError`; for bodies that are not what the wire promises,
    ///   `InvalidResponse` (2xx that does not decode) or `UnknownError` (error status without an
    ///   Alibaba envelope, e.g. a proxy's HTML page), both with the answer's status.
    package static func decode<Request: CloudRequest>(
        _ type: Request.Type,
        from answer: ACSHTTPResponse
    ) throws -> Request.Response {
        let requestID = RequestIDProbe.requestID(in: answer.body)
        guard (200..<300).contains(answer.status) else {
            if let error = ErrorEnvelope.cloudError(status: answer.status, headers: answer.headers, body: answer.body) {
                throw error
            }
            let retry = answer.headers[ErrorEnvelope.retryAfterHeader].flatMap { Int($0) }
            throw CloudError(
                code: "UnknownError",
                message: "\(Request.action) answered HTTP \(answer.status) without an Alibaba error body.",
                httpStatus: answer.status, requestID: requestID, retryAfterMilliseconds: retry)
        }
        do {
            return try WireJSON.decoder.decode(Request.Response.self, from: Data(answer.body))
        } catch {
            throw CloudError(
                code: "InvalidResponse",
                message: "The \(Request.action) answer could not be read as \(Request.Response.self): \(error)",
                httpStatus: answer.status, requestID: requestID)
        }
    }
}
