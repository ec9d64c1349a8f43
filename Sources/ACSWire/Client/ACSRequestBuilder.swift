import CloudAPI
import Foundation

/// Builds the signed HTTP request for one `CloudRequest`, as the official SDKs do: `POST /`, every
/// parameter in the query, empty body.
///
/// V3 (`ACS3-HMAC-SHA256`) by default; V1 (`HMAC-SHA1`, signature in the query) on request. Date
/// and nonce are inputs so that tests are deterministic; ``makeNonce()`` gives a fresh one.
package struct ACSRequestBuilder: Sendable {
    /// The signature version to sign with.
    package enum SignatureVersion: Sendable {
        /// `ACS3-HMAC-SHA256` in the `Authorization` header (the SDK default).
        case v3
        /// `HMAC-SHA1` in the `Signature` query parameter (`signature_algorithm='v2'`).
        case v1
    }

    /// The credentials to sign with.
    package var credentials: ACSCredentials
    /// The `host` header: the endpoint host (and port, if not the default).
    package var host: String
    /// The signature version.
    package var signatureVersion: SignatureVersion
    /// The `user-agent` header.
    package var userAgent: String

    /// Creates a builder for `host` signing with `credentials`.
    package init(
        credentials: ACSCredentials, host: String, signatureVersion: SignatureVersion = .v3,
        userAgent: String = "keyshare/0.1 (ACSWire)"
    ) {
        self.credentials = credentials
        self.host = host
        self.signatureVersion = signatureVersion
        self.userAgent = userAgent
    }

    /// The signed request for `request`; `extraParameters` (such as `RegionId` for a product whose
    /// request type has none) are appended and signed too.
    package func build<Request: CloudRequest>(
        _ request: Request, date: Date, nonce: String,
        extraParameters: [(String, String)] = []
    ) throws -> ACSHTTPRequest {
        let parameters = try ParameterEncoder().encode(request) + extraParameters
        switch signatureVersion {
        case .v3:
            return signV3(parameters, action: Request.action, version: Request.product.version, date: date, nonce: nonce)
        case .v1:
            return signV1(parameters, action: Request.action, version: Request.product.version, date: date, nonce: nonce)
        }
    }

    /// 32 random lower-case hex characters, the nonce shape the SDKs send.
    package static func makeNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined()
    }

    private func signV3(
        _ parameters: [(String, String)], action: String, version: String, date: Date,
        nonce: String
    ) -> ACSHTTPRequest {
        var headers = [
            "host": host, "x-acs-action": action, "x-acs-version": version,
            "x-acs-date": WireTimestamp.format(date), "x-acs-signature-nonce": nonce,
            "x-acs-content-sha256": Digest.emptyBodySHA256, "accept": "application/json",
        ]
        if let token = credentials.securityToken {
            headers["x-acs-security-token"] = token
            headers["x-acs-accesskey-id"] = credentials.accessKeyID
        }
        var request = ACSHTTPRequest(method: "POST", query: parameters, headers: headers)
        let signedHeaders = headers.keys.sorted()
        let canonical = ACS3Signature.canonicalRequest(
            request, signedHeaders: signedHeaders,
            hashedPayload: Digest.emptyBodySHA256)
        let signature = ACS3Signature.signature(
            stringToSign: ACS3Signature.stringToSign(canonicalRequest: canonical),
            secret: credentials.accessKeySecret)
        request.headers["authorization"] = ACS3Signature.authorization(
            accessKeyID: credentials.accessKeyID, signedHeaders: signedHeaders, signature: signature)
        request.headers["user-agent"] = userAgent
        return request
    }

    private func signV1(
        _ parameters: [(String, String)], action: String, version: String, date: Date,
        nonce: String
    ) -> ACSHTTPRequest {
        var query = [
            ("Action", action), ("Format", "JSON"), ("Version", version), ("Timestamp", WireTimestamp.format(date)),
            ("SignatureNonce", nonce), ("SignatureMethod", RPCSignature.method),
            ("SignatureVersion", RPCSignature.version), ("AccessKeyId", credentials.accessKeyID),
        ]
        if let token = credentials.securityToken { query.append(("SecurityToken", token)) }
        query += parameters
        let text = RPCSignature.stringToSign(method: "POST", parameters: query)
        query.append(("Signature", RPCSignature.signature(stringToSign: text, secret: credentials.accessKeySecret)))
        let headers = [
            "host": host, "accept": "application/json", "user-agent": userAgent,
            "x-acs-action": action, "x-acs-version": version,
        ]
        return ACSHTTPRequest(method: "POST", query: query, headers: headers)
    }
}
