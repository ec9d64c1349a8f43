/// Signature V1 (`HMAC-SHA1`, "RPC signature"): the legacy scheme with the signature in the query.
///
/// Still used by the Python SDK with `signature_algorithm='v2'`, the legacy Go SDK (Terraform) and
/// the credentials library's own AssumeRole call.
package enum RPCSignature {
    /// The only `SignatureMethod` we accept and send.
    package static let method = "HMAC-SHA1"
    /// The `SignatureVersion` we send.
    package static let version = "1.0"

    /// The string to sign over all parameters except `Signature` (query and form body together).
    package static func stringToSign(method httpMethod: String, parameters: [(String, String)]) -> String {
        let canonical = ACS3Signature.canonicalQuery(parameters.filter { $0.0 != "Signature" })
        return httpMethod.uppercased() + "&" + PercentEncoding.rfc3986("/") + "&" + PercentEncoding.rfc3986(canonical)
    }

    /// Base64 HMAC-SHA1 of `stringToSign` keyed by `secret&`.
    package static func signature(stringToSign: String, secret: String) -> String {
        Digest.hmacSHA1Base64(stringToSign, key: secret + "&")
    }
}
