import CloudAPI

// The gateway-level errors of the Alibaba wire (alibaba-api.md §1.6), worded as the gateway
// words them. `MissingParameter`/`InvalidParameter` and the services' own codes live in CloudAPI
// (`CloudError+Codes.swift`); these belong to the protocol.
extension CloudError {
    /// 400 `InvalidParameter` for bytes that are not UTF-8 or a malformed `%` escape.
    package static func invalidEncoding(part: String) -> CloudError {
        CloudError(
            code: "InvalidParameter",
            message: "The \(part) is not valid: it must be UTF-8 text with well-formed %XX escapes.",
            httpStatus: 400)
    }

    /// 400 `IncompleteSignature`: the signature fields are absent or malformed.
    package static func incompleteSignature(_ reason: String) -> CloudError {
        CloudError(
            code: "IncompleteSignature",
            message: "The request signature does not conform to Aliyun standards. \(reason)", httpStatus: 400)
    }

    /// 400 `SignatureDoesNotMatch`, echoing the server's string to sign as Alibaba does so that a
    /// client can tell a wrong secret from a canonicalisation bug. It never contains a secret.
    package static func signatureDoesNotMatch(stringToSign: String) -> CloudError {
        CloudError(
            code: "SignatureDoesNotMatch",
            message: "Specified signature is not matched with our calculation. server string to sign is:\(stringToSign)",
            httpStatus: 400)
    }

    /// 400 `SignatureDoesNotMatch` when `x-acs-content-sha256` is not the body's hash.
    package static let contentHashMismatch = CloudError(
        code: "SignatureDoesNotMatch",
        message:
            "Specified signature is not matched with our calculation: x-acs-content-sha256 is not the SHA-256 of the request body.",
        httpStatus: 400)

    /// 404 `InvalidAccessKeyId.NotFound`.
    package static let accessKeyNotFound = CloudError(
        code: "InvalidAccessKeyId.NotFound", message: "Specified access key is not found.", httpStatus: 404)

    /// 400 `InvalidTimeStamp.Expired`: more than 15 minutes of clock skew.
    package static func timestampExpired(_ timestamp: String) -> CloudError {
        CloudError(
            code: "InvalidTimeStamp.Expired",
            message: "Specified time stamp or date value is expired (\(timestamp) is more than 15 minutes from the server time).",
            httpStatus: 400)
    }

    /// 400 `InvalidTimeStamp.Format`: not `YYYY-MM-DDTHH:MM:SSZ`.
    package static func timestampFormat(_ name: String) -> CloudError {
        CloudError(
            code: "InvalidTimeStamp.Format",
            message: "Specified time stamp or date value is not well formatted: \(name) must be UTC like 2024-01-01T00:00:00Z.",
            httpStatus: 400)
    }

    /// 400 `SignatureNonceUsed`: the nonce was seen within the replay window.
    package static let nonceUsed = CloudError(
        code: "SignatureNonceUsed", message: "Specified signature nonce was used already.", httpStatus: 400)

    /// 400 `MissingSecurityToken`: STS credentials were sent without their token.
    package static let missingSecurityToken = CloudError(
        code: "MissingSecurityToken",
        message: "The security token is not supplied: STS credentials need x-acs-security-token (V3) or SecurityToken (V1).",
        httpStatus: 400)

    /// 400 `InvalidSecurityToken.Expired`.
    package static let securityTokenExpired = CloudError(
        code: "InvalidSecurityToken.Expired", message: "Specified SecurityToken is expired.", httpStatus: 400)

    /// 400 `InvalidSecurityToken.Malformed`.
    package static let securityTokenMalformed = CloudError(
        code: "InvalidSecurityToken.Malformed", message: "Specified SecurityToken is malformed.", httpStatus: 400)

    /// 400 `InvalidSecurityToken.MismatchWithAccessKey`.
    package static let securityTokenMismatch = CloudError(
        code: "InvalidSecurityToken.MismatchWithAccessKey",
        message: "Specified SecurityToken mismatch with the AccessKey.", httpStatus: 400)

    /// 404 `InvalidApi.NotFound`: no such action in that version.
    package static func apiNotFound(action: String, version: String) -> CloudError {
        CloudError(
            code: "InvalidApi.NotFound",
            message:
                "Specified api is not found, please check your url and method. (action \"\(action)\", version \"\(version)\")",
            httpStatus: 404)
    }

    /// 413 `RequestEntityTooLarge`: the body exceeds the server's limit.
    package static func bodyTooLarge(limit: Int) -> CloudError {
        CloudError(
            code: "RequestEntityTooLarge",
            message: "The request body is larger than \(limit) bytes; send large values in fewer calls.",
            httpStatus: 413)
    }
}
