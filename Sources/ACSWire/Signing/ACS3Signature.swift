import CloudAPI

/// Signature V3, `ACS3-HMAC-SHA256`: the default of every current Alibaba SDK.
///
/// `Authorization: ACS3-HMAC-SHA256 Credential=<AK>,SignedHeaders=<h1;h2>,Signature=<hex>` over a
/// canonical request of method, path, sorted RFC 3986 query, the signed headers and the body hash.
package enum ACS3Signature {
    /// The algorithm name in `Authorization` and on the first line of the string to sign.
    package static let algorithm = "ACS3-HMAC-SHA256"

    /// The canonical query: decoded pairs sorted by name (then value), RFC 3986 encoded.
    package static func canonicalQuery(_ pairs: [(String, String)]) -> String {
        pairs.map { (PercentEncoding.rfc3986($0.0), PercentEncoding.rfc3986($0.1)) }
            .sorted { $0.0 == $1.0 ? $0.1 < $1.1 : Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// The canonical request of `request`, signing exactly `signedHeaders` (already lower-case and
    /// in the order the request lists them) and `hashedPayload` (`x-acs-content-sha256`).
    package static func canonicalRequest(
        _ request: ACSHTTPRequest, signedHeaders: [String],
        hashedPayload: String
    ) -> String {
        var text = request.method.uppercased() + "\n" + request.path + "\n" + canonicalQuery(request.query) + "\n"
        for name in signedHeaders {
            text += name + ":" + (request.headers[name] ?? "").trimmingWhitespace() + "\n"
        }
        text += "\n" + signedHeaders.joined(separator: ";") + "\n" + hashedPayload
        return text
    }

    /// `ACS3-HMAC-SHA256\n` + hex SHA-256 of the canonical request.
    package static func stringToSign(canonicalRequest: String) -> String {
        algorithm + "\n" + Digest.sha256Hex(canonicalRequest)
    }

    /// The hex signature of `stringToSign` with `secret`.
    package static func signature(stringToSign: String, secret: String) -> String {
        Digest.hmacSHA256Hex(stringToSign, secret: secret)
    }

    /// The `Authorization` header value.
    package static func authorization(accessKeyID: String, signedHeaders: [String], signature: String) -> String {
        "\(algorithm) Credential=\(accessKeyID),SignedHeaders=\(signedHeaders.joined(separator: ";")),Signature=\(signature)"
    }

    /// The three fields of an `Authorization` header.
    package struct Authorization: Sendable, Hashable {
        /// The access key id (`Credential=`).
        package var accessKeyID: String
        /// The signed header names, lower-case, in the order given.
        package var signedHeaders: [String]
        /// The hex signature.
        package var signature: String
    }

    /// Parses an `Authorization` header.
    ///
    /// - Throws: `CloudError` 400 `IncompleteSignature` naming the missing or malformed part.
    package static func parseAuthorization(_ header: String) throws -> Authorization {
        let trimmed = header.trimmingWhitespace()
        guard let space = trimmed.firstIndex(of: " ") else {
            throw CloudError.incompleteSignature(
                "Authorization must be \"\(algorithm) Credential=…,SignedHeaders=…,Signature=…\".")
        }
        let scheme = trimmed[..<space]
        guard scheme == algorithm else {
            throw CloudError.incompleteSignature("The signature algorithm \"\(scheme)\" is not supported; use \(algorithm).")
        }
        var fields = [String: String]()
        for part in trimmed[trimmed.index(after: space)...].split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            fields[pair[0].trimmingWhitespace()] = pair[1].trimmingWhitespace()
        }
        guard let credential = fields["Credential"], !credential.isEmpty else {
            throw CloudError.incompleteSignature("Authorization lacks Credential=<AccessKeyId>.")
        }
        guard let signedHeaders = fields["SignedHeaders"], !signedHeaders.isEmpty else {
            throw CloudError.incompleteSignature("Authorization lacks SignedHeaders=<h1;h2;…>.")
        }
        guard let signature = fields["Signature"], !signature.isEmpty else {
            throw CloudError.incompleteSignature("Authorization lacks Signature=<hex>.")
        }
        let names = signedHeaders.split(separator: ";").map { $0.lowercased() }
        return Authorization(accessKeyID: credential, signedHeaders: names, signature: signature)
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs (header-value trimming).
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
