import CloudAPI

/// What a request claims about its signer, read before any secret is known: the server looks the
/// access key up, checks token, time and nonce, then calls ``verify(_:secret:)``.
package struct SignatureClaim: Sendable {
    /// Which signature version the request uses.
    package enum Scheme: String, Sendable {
        /// V3, `ACS3-HMAC-SHA256` in the `Authorization` header.
        case acs3 = "ACS3-HMAC-SHA256"
        /// V1, `HMAC-SHA1` in the `Signature` query parameter.
        case rpc = "HMAC-SHA1"
    }

    /// The signature version.
    package var scheme: Scheme
    /// The access key id the request is signed with.
    package var accessKeyID: String
    /// The STS security token, when sent (`x-acs-security-token` or `SecurityToken`).
    package var securityToken: String?
    /// The signature nonce (`x-acs-signature-nonce` or `SignatureNonce`).
    package var nonce: String
    /// The request time as sent (`x-acs-date` or `Timestamp`); see ``WireTimestamp``.
    package var timestamp: String
    /// The name of the timestamp field, for error messages.
    package var timestampName: String
    private var signature: String
    private var signedHeaders: [String]

    /// Headers a V3 request must sign: without them a signature could be replayed elsewhere.
    private static let requiredSignedHeaders = [
        "host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256",
    ]

    /// Reads the claim: V3 when an `Authorization` header is present, else V1 when a `Signature`
    /// parameter is.
    ///
    /// - Throws: `CloudError` 400 `IncompleteSignature` when neither is present or a field is
    ///   missing; `MissingParameter`-style detail is in the message.
    package init(_ request: ACSHTTPRequest) throws {
        if let header = request.headers["authorization"] {
            let authorization = try ACS3Signature.parseAuthorization(header)
            for name in Self.requiredSignedHeaders where !authorization.signedHeaders.contains(name) {
                throw CloudError.incompleteSignature("SignedHeaders must include \(name).")
            }
            let token = request.headers["x-acs-security-token"]
            if token != nil, !authorization.signedHeaders.contains("x-acs-security-token") {
                throw CloudError.incompleteSignature("SignedHeaders must include x-acs-security-token.")
            }
            guard let date = request.headers["x-acs-date"] else {
                throw CloudError.incompleteSignature("The x-acs-date header is missing.")
            }
            guard let nonce = request.headers["x-acs-signature-nonce"], !nonce.isEmpty else {
                throw CloudError.incompleteSignature("The x-acs-signature-nonce header is missing.")
            }
            scheme = .acs3
            accessKeyID = authorization.accessKeyID
            securityToken = token
            self.nonce = nonce
            timestamp = date
            timestampName = "x-acs-date"
            signature = authorization.signature
            signedHeaders = authorization.signedHeaders
            return
        }
        let parameters = request.parameters
        try Self.refuseRepeatedSigningParameters(request)
        guard let signature = parameters["Signature"], !signature.isEmpty else {
            throw CloudError.incompleteSignature(
                "Sign the request with an Authorization header (ACS3-HMAC-SHA256) or a Signature parameter (HMAC-SHA1).")
        }
        guard let accessKeyID = parameters["AccessKeyId"], !accessKeyID.isEmpty else {
            throw CloudError.incompleteSignature("The AccessKeyId parameter is missing.")
        }
        guard parameters["SignatureMethod"] == RPCSignature.method else {
            throw CloudError.incompleteSignature("SignatureMethod must be \(RPCSignature.method).")
        }
        guard let nonce = parameters["SignatureNonce"], !nonce.isEmpty else {
            throw CloudError.incompleteSignature("The SignatureNonce parameter is missing.")
        }
        guard let timestamp = parameters["Timestamp"] else {
            throw CloudError.incompleteSignature("The Timestamp parameter is missing.")
        }
        scheme = .rpc
        self.accessKeyID = accessKeyID
        securityToken = parameters["SecurityToken"]
        self.nonce = nonce
        self.timestamp = timestamp
        timestampName = "Timestamp"
        self.signature = signature
        signedHeaders = []
    }

    /// V1 parameters that say who signed, how and when: each may appear once, in the query or the form.
    private static let signingParameters: Set<String> = [
        "Signature", "AccessKeyId", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp",
        "SecurityToken",
    ]

    /// Refuses a V1 request that names a signing parameter twice (`Signature=…&Signature=…`): the
    /// string to sign leaves every `Signature` out and the checks read one copy, so a second copy
    /// would ride along unverified and readers could disagree on which counts.
    private static func refuseRepeatedSigningParameters(_ request: ACSHTTPRequest) throws {
        var seen = Set<String>()
        for (name, _) in request.query + request.form where signingParameters.contains(name) {
            guard seen.insert(name).inserted else {
                throw CloudError.incompleteSignature("The \(name) parameter appears more than once; send it once.")
            }
        }
    }

    /// The string the server signs for `request`; the message of `SignatureDoesNotMatch` echoes it.
    package func stringToSign(_ request: ACSHTTPRequest) -> String {
        switch scheme {
        case .acs3:
            let hashed = request.headers["x-acs-content-sha256"] ?? Digest.emptyBodySHA256
            let canonical = ACS3Signature.canonicalRequest(request, signedHeaders: signedHeaders, hashedPayload: hashed)
            return ACS3Signature.stringToSign(canonicalRequest: canonical)
        case .rpc:
            return RPCSignature.stringToSign(method: request.method, parameters: request.query + request.form)
        }
    }

    /// The string to sign as the error message may show it: V1 strings carry every parameter, so
    /// the STS token is masked there (secrets never appear in errors).
    private func shownStringToSign(_ request: ACSHTTPRequest, computed: String) -> String {
        guard scheme == .rpc, securityToken != nil else { return computed }
        let masked = (request.query + request.form).map { $0.0 == "SecurityToken" ? ($0.0, "***") : $0 }
        return RPCSignature.stringToSign(method: request.method, parameters: masked)
    }

    /// Checks the signature with the access key's secret.
    ///
    /// - Throws: `CloudError` 400 `SignatureDoesNotMatch` (message carries the server's string to
    ///   sign, with a V1 security token masked), also when `x-acs-content-sha256` is not the body's hash.
    package func verify(_ request: ACSHTTPRequest, secret: String) throws {
        if scheme == .acs3 {
            let claimed = request.headers["x-acs-content-sha256"] ?? ""
            guard claimed.lowercased() == Digest.sha256Hex(request.body) else { throw CloudError.contentHashMismatch }
        }
        let text = stringToSign(request)
        let expected =
            switch scheme {
            case .acs3: ACS3Signature.signature(stringToSign: text, secret: secret)
            case .rpc: RPCSignature.signature(stringToSign: text, secret: secret)
            }
        let given = scheme == .acs3 ? signature.lowercased() : signature
        guard Digest.constantTimeEquals(expected, given) else {
            throw CloudError.signatureDoesNotMatch(stringToSign: shownStringToSign(request, computed: text))
        }
    }
}
