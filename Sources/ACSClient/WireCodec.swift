import ACSWire
import CloudAPI
import Foundation

/// The wire protocol as `RemoteCloud` needs it: sign a request, read an answer.
///
/// `ACSWireCodec` is the real one (ACSWire); a test may substitute a simpler codec to exercise
/// transport, retry and credential logic alone.
package protocol WireCodec: Sendable {
    /// The signed HTTP request for `request`, to be sent to `host` (`host[:port]`).
    func encode<Request: CloudRequest>(
        _ request: Request, credentials: AccessCredentials, host: String, date: Date,
        nonce: String
    ) throws -> WireRequest
    /// The response carried by `answer`, or the `CloudError` it reports (thrown).
    func decode<Request: CloudRequest>(_ type: Request.Type, from answer: HTTPResponseParts) throws -> Request.Response
}

/// A signed request before it is given an endpoint; printed without query or headers (they carry
/// the signature and any security token).
package struct WireRequest: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
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

    package var description: String {
        "\(method) \(path) (\(headers.count) headers, \(body.count)-byte body; query and headers redacted)"
    }

    package var debugDescription: String { description }

    package var customMirror: Mirror { Mirror(self, children: ["summary": description]) }
}

/// The real codec: ACSWire's request builder (V3 by default, V1 on request) and response parser.
package struct ACSWireCodec: WireCodec {
    /// The signature version requests are signed with.
    package var signatureVersion: ACSRequestBuilder.SignatureVersion
    /// The `user-agent` sent with every request.
    package var userAgent: String

    /// Creates a codec; V3 (`ACS3-HMAC-SHA256`) is what current SDKs send.
    package init(signatureVersion: ACSRequestBuilder.SignatureVersion = .v3, userAgent: String = "keyshare/0.1 (ACSClient)") {
        self.signatureVersion = signatureVersion
        self.userAgent = userAgent
    }

    package func encode<Request: CloudRequest>(
        _ request: Request, credentials: AccessCredentials, host: String, date: Date,
        nonce: String
    ) throws -> WireRequest {
        let signer = ACSCredentials(
            accessKeyID: credentials.accessKeyID, accessKeySecret: credentials.accessKeySecret,
            securityToken: credentials.securityToken)
        let builder = ACSRequestBuilder(
            credentials: signer, host: host, signatureVersion: signatureVersion,
            userAgent: userAgent)
        let signed = try builder.build(request, date: date, nonce: nonce)
        let headers = signed.headers.sorted { $0.key < $1.key }.map { HeaderField($0.key, $0.value) }
        return WireRequest(
            method: signed.method, path: signed.path, rawQuery: signed.queryString, headers: headers,
            body: signed.body)
    }

    package func decode<Request: CloudRequest>(_ type: Request.Type, from answer: HTTPResponseParts) throws
        -> Request.Response
    {
        try ACSResponseParser.decode(
            type,
            from: ACSHTTPResponse(
                status: answer.status, headers: answer.headers,
                body: answer.body))
    }
}
