import CloudAPI

/// The one codec table: (product, action) ⇄ request/response types, built from
/// `CloudOperations.all`, used by the server to decode and dispatch any operation.
///
/// Adding an operation to CloudAPI adds it here with no code: the types carry the wire names.
package enum OperationCodec {
    /// The request type serving `action` in API `version`.
    ///
    /// - Throws: `CloudError` 404 `InvalidApi.NotFound` for an unknown version or action.
    package static func operation(version: String, action: String) throws -> any CloudRequest.Type {
        guard let product = CloudProduct(version: version),
            let type = CloudOperations.request(product: product, action: action)
        else { throw CloudError.apiNotFound(action: action, version: version) }
        return type
    }

    /// Decodes `type` from `parameters`, sends it to `cloud` and encodes the success answer.
    ///
    /// - Throws: `CloudError` from decoding (`MissingParameter`, `InvalidParameter`) or from the
    ///   cloud, unchanged; the caller encodes it with ``ErrorEnvelope``.
    package static func decodeAndSend(
        _ type: any CloudRequest.Type, parameters: [String: String],
        cloud: any Cloud, context: CallContext, requestID: String,
        format: WireFormat = .json
    ) async throws -> ACSHTTPResponse {
        try await send(
            type, parameters: parameters, cloud: cloud, context: context, requestID: requestID,
            format: format)
    }

    private static func send<Request: CloudRequest>(
        _ type: Request.Type, parameters: [String: String],
        cloud: any Cloud, context: CallContext, requestID: String,
        format: WireFormat
    ) async throws -> ACSHTTPResponse {
        let request = try ParameterDecoder().decode(Request.self, from: parameters)
        let response = try await cloud.call(request, context: context)
        return try SuccessEnvelope.response(response, requestID: requestID, format: format, action: Request.action)
    }

    /// Parameters every request may carry that belong to the protocol, not to an operation; no
    /// request type may use these names (a test checks it).
    package static let commonParameters: Set<String> = [
        "Action", "Version", "Format", "AccessKeyId", "Signature", "SignatureMethod", "SignatureVersion",
        "SignatureNonce", "SignatureType", "Timestamp", "SecurityToken", "BearerToken",
    ]
}
