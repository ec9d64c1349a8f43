import CloudAPI
import Foundation

/// The JSON body of every Alibaba error answer, and its mapping to and from `CloudError`.
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
        case requestID = "RequestId", hostID = "HostId", code = "Code", message = "Message"
        case recommend = "Recommend", httpStatus = "HttpStatus"
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

    /// Status, headers and JSON body answering with `error`.
    package static func response(for error: CloudError, product: CloudProduct?) -> ACSHTTPResponse {
        var headers = ["content-type": ACSHTTPResponse.jsonContentType]
        if let retry = error.retryAfterMilliseconds { headers[retryAfterHeader] = String(retry) }
        let body = (try? WireJSON.encoder.encode(ErrorEnvelope(error, product: product))) ?? Data()
        return ACSHTTPResponse(status: error.httpStatus, headers: headers, body: Array(body))
    }

    /// The `CloudError` an error answer carries; nil when the body is not an error envelope.
    package static func cloudError(status: Int, headers: [String: String], body: some DataProtocol) -> CloudError? {
        guard let envelope = try? WireJSON.decoder.decode(ErrorEnvelope.self, from: Data(body)) else { return nil }
        let retry = headers[retryAfterHeader].flatMap { Int($0.trimmingWhitespace()) }.flatMap { $0 >= 0 ? $0 : nil }
        return CloudError(code: envelope.code, message: envelope.message, httpStatus: status,
                          requestID: envelope.requestID, hostID: envelope.hostID, retryAfterMilliseconds: retry)
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
