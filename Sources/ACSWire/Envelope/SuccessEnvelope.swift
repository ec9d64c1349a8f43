import CloudModel
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

    /// The 200 answer carrying `response`; in XML its root element is `<ActionResponse>`, so
    /// `action` must be given for XML.
    package static func response(
        _ response: Response, requestID: String, format: WireFormat = .json,
        action: String = ""
    ) throws -> ACSHTTPResponse {
        let headers = ["content-type": format.contentType]
        switch format {
        case .json:
            let body = try WireJSON.encoder.encode(SuccessEnvelope(requestID: requestID, response: response))
            return ACSHTTPResponse(status: 200, headers: headers, body: Array(body))
        case .xml:
            // Sorted keys make the element order stable; RequestId leads, as in Alibaba's samples.
            let encoder = WireJSON.encoder
            encoder.outputFormatting.insert(.sortedKeys)
            let body = try encoder.encode(response)
            var members: [(key: String, value: JSONValue)] = [(key: "RequestId", value: .string(requestID))]
            if case .object(let fields) = try JSONValue.parse(String(decoding: body, as: UTF8.self)) {
                members += fields.filter { $0.key != "RequestId" }
            }
            return ACSHTTPResponse(
                status: 200, headers: headers,
                body: Array(XMLBody.document(root: action + "Response", value: .object(members)).utf8))
        }
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
