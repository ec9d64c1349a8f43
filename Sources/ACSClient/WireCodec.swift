import CloudAPI
import Foundation

/// The wire protocol as `RemoteCloud` needs it: sign a request, read an answer.
///
/// `ACSWireCodec` is the real one (ACSWire); a test may substitute a simpler codec to exercise
/// transport, retry and credential logic alone.
package protocol WireCodec: Sendable {
    /// The signed HTTP request for `request`, to be sent to `host` (`host[:port]`).
    func encode<Request: CloudRequest>(_ request: Request, credentials: AccessCredentials, host: String, date: Date,
                                       nonce: String) throws -> WireRequest
    /// The response carried by `answer`, or the `CloudError` it reports (thrown).
    func decode<Request: CloudRequest>(_ type: Request.Type, from answer: HTTPResponseParts) throws -> Request.Response
}

/// A signed request before it is given an endpoint.
package struct WireRequest: Sendable, Hashable {
    /// `GET` or `POST`.
    package var method: String
    /// The path, `/` for RPC.
    package var path: String
    /// The percent-encoded query string.
    package var rawQuery: String
    /// The headers, signature included.
    package var headers: [HeaderField]
    /// The body bytes.
    package var body: [UInt8]

    /// Creates a request.
    package init(method: String, path: String = "/", rawQuery: String, headers: [HeaderField], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.rawQuery = rawQuery
        self.headers = headers
        self.body = body
    }
}
