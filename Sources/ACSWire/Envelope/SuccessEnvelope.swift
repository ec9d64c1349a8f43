import Foundation

/// A success body: the response's own JSON with `"RequestId"` added at the top level.
///
/// Responses in CloudAPI do not carry the request id; the server adds it here and the client's
/// decoder simply ignores the extra key, so the same types serve both sides.
package struct SuccessEnvelope<Response: Encodable>: Encodable {
    /// The request id to add.
    package var requestID: String
    /// The response whose fields form the rest of the object.
    package var response: Response

    private enum CodingKeys: String, CodingKey { case requestID = "RequestId" }

    /// Wraps `response` for the request `requestID`.
    package init(requestID: String, response: Response) {
        self.requestID = requestID
        self.response = response
    }

    package func encode(to encoder: any Encoder) throws {
        try response.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(requestID, forKey: .requestID)
    }

    /// The 200 answer carrying `response`.
    package static func response(_ response: Response, requestID: String) throws -> ACSHTTPResponse {
        let body = try WireJSON.encoder.encode(SuccessEnvelope(requestID: requestID, response: response))
        return ACSHTTPResponse(status: 200, headers: ["content-type": ACSHTTPResponse.jsonContentType], body: Array(body))
    }
}

/// Reads the `RequestId` of any answer body (success or error).
package struct RequestIDProbe: Decodable {
    /// The id, when the body has one.
    package var requestID: String?
    private enum CodingKeys: String, CodingKey { case requestID = "RequestId" }

    /// The `RequestId` in `body`, or nil when the body is not a JSON object with one.
    package static func requestID(in body: some DataProtocol) -> String? {
        (try? WireJSON.decoder.decode(RequestIDProbe.self, from: Data(body)))?.requestID
    }
}
