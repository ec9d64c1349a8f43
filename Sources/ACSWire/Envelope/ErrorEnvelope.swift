import CloudAPI
import CloudModel
import Foundation

/// The body of every Alibaba error answer (JSON, or XML for RPC callers that ask for it), and its
/// mapping to and from `CloudError`.
///
/// `{"RequestId","HostId","Code","Message","Recommend"}`, plus `"HttpStatus"` for KMS. The status
/// travels in the status line and `retryAfterMilliseconds` in `x-acs-retry-after`, so encoding and
/// decoding give back the same `CloudError`.
package struct ErrorEnvelope: Codable, Sendable, Hashable {
    /// The failed request's id.
    package var requestID: String?
    /// The endpoint host that answered.
    package var hostID: String?
    /// The wire code.
    package var code: String
    /// The message.
    package var message: String
    /// The troubleshooting link the console shows.
    package var recommend: String?
    /// KMS only: the HTTP status repeated in the body.
    package var httpStatus: Int?

    enum CodingKeys: String, CodingKey {
        case requestID = "RequestId"
        case hostID = "HostId"
        case code = "Code"
        case message = "Message"
        case recommend = "Recommend"
        case httpStatus = "HttpStatus"
    }

    /// The header that carries a throttling back-off in milliseconds.
    package static let retryAfterHeader = "x-acs-retry-after"

    /// The envelope of `error` as `product` words it (`HttpStatus` for KMS; unknown product: none).
    package init(_ error: CloudError, product: CloudProduct?) {
        requestID = error.requestID
        hostID = error.hostID
        code = error.code
        message = error.message
        recommend = "https://api.aliyun.com/troubleshoot?q=\(error.code)&product=\(product?.rawValue ?? "OpenAPI")"
        httpStatus = product?.errorBodyCarriesStatus == true ? error.httpStatus : nil
    }

    /// Status, headers and body answering with `error`: JSON, or `<Error>…</Error>` in XML.
    package static func response(
        for error: CloudError, product: CloudProduct?,
        format: WireFormat = .json
    ) -> ACSHTTPResponse {
        var headers = ["content-type": format.contentType]
        if let retry = error.retryAfterMilliseconds { headers[retryAfterHeader] = String(retry) }
        let envelope = ErrorEnvelope(error, product: product)
        switch format {
        case .json:
            let json = (try? WireJSON.encoder.encode(envelope)) ?? Data()
            return ACSHTTPResponse(status: error.httpStatus, headers: headers, body: Array(json))
        case .xml:
            return ACSHTTPResponse(
                status: error.httpStatus, headers: headers,
                body: Array(XMLBody.document(root: "Error", value: envelope.xmlMembers).utf8))
        }
    }

    /// The fields in the documented order (RequestId, HostId, Code, Message, Recommend), absent
    /// ones left out.
    private var xmlMembers: JSONValue {
        let fields: [(String, JSONValue?)] = [
            ("RequestId", requestID.map(JSONValue.string)), ("HostId", hostID.map(JSONValue.string)),
            ("Code", .string(code)), ("Message", .string(message)), ("Recommend", recommend.map(JSONValue.string)),
            ("HttpStatus", httpStatus.map { .number(String($0)) }),
        ]
        return .object(fields.compactMap { key, value in value.map { (key: key, value: $0) } })
    }

    /// The `CloudError` an error answer carries, in JSON or XML (told by the content type or a
    /// leading `<`); nil when the body is not an error envelope.
    package static func cloudError(status: Int, headers: [String: String], body: some DataProtocol) -> CloudError? {
        guard let envelope = decode(headers: headers, body: Array(body)) else { return nil }
        let retry = headers[retryAfterHeader].flatMap { Int($0.trimmingWhitespace()) }.flatMap { $0 >= 0 ? $0 : nil }
        return CloudError(
            code: envelope.code, message: envelope.message, httpStatus: status,
            requestID: envelope.requestID, hostID: envelope.hostID, retryAfterMilliseconds: retry)
    }

    private static func decode(headers: [String: String], body: [UInt8]) -> ErrorEnvelope? {
        let isXML =
            headers["content-type"]?.lowercased().contains("xml") == true
            || body.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) == UInt8(ascii: "<")
        guard isXML else { return try? WireJSON.decoder.decode(ErrorEnvelope.self, from: Data(body)) }
        guard let fields = XMLFieldReader.fields(root: "Error", in: body),
            let code = fields["Code"], let message = fields["Message"]
        else { return nil }
        var envelope = ErrorEnvelope(
            CloudError(
                code: code, message: message, httpStatus: 0,
                requestID: fields["RequestId"], hostID: fields["HostId"]),
            product: nil)
        envelope.recommend = fields["Recommend"]
        envelope.httpStatus = fields["HttpStatus"].flatMap { Int($0) }
        return envelope
    }
}

/// The JSON settings of the wire: keys as the coding keys say, slashes unescaped as Alibaba prints.
package enum WireJSON {
    /// The encoder for envelopes and responses.
    package static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }

    /// The decoder for envelopes and responses.
    package static var decoder: JSONDecoder { JSONDecoder() }
}
