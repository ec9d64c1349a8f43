/// What a failed call means for a run, decided from the answer alone (code and HTTP status), so
/// every backend's errors are treated alike (alibaba-api.md §1.6 and the product tables).
package enum CallFailureClass: String, Sendable, Hashable, CaseIterable {
    /// Flow control: wait and send again; it slows the run, it never fails a target by itself.
    case throttling
    /// A 5xx (but 501, which is permanent), or the service temporarily unavailable: the call may be
    /// sent again when that is safe.
    case transient
    /// The credentials themselves were refused: nothing else will work, the run halts.
    case authentication
    /// The caller may not do this: it fails what it concerns, the rest goes on.
    case permission
    /// A quota is used up: it fails what it concerns (further grants to that KMS instance).
    case quota
    /// Anything else: the step's own business (a missing resource, a bad parameter).
    case other

    /// Classifies an answer by its wire `code` and `httpStatus`.
    package init(code: String, httpStatus: Int) {
        if code.hasPrefix("Throttling") || code == "Rejected.Throttling" || httpStatus == 429 {
            self = .throttling
        } else if Self.authenticationCodes.contains(code) || Self.authenticationPrefixes.contains(where: code.hasPrefix) {
            self = .authentication
        } else if code == "keyshare.ConnectionDropped" || code.hasPrefix("ServiceUnavailable")
            || code == "SerivceUnvailableTemporary" || (httpStatus >= 500 && httpStatus != 501)
        {
            self = .transient
        } else if ["NoPermission", "Forbidden.NoPermission", "Forbidden.RAM", "Forbidden.AccessDenied"].contains(code)
            || code.hasPrefix("NoPermission")
        {
            self = .permission
        } else if code == "Rejected.ShareQuotaExceedLimit" || code == "Rejected.LimitExceeded" || code.hasPrefix("QuotaExceed")
            || code.hasPrefix("LimitExceeded")
        {
            self = .quota
        } else {
            self = .other
        }
    }

    /// Classifies an answer known by its code alone (a step's failure): the 5xx codes are named.
    package init(code: String) {
        self.init(code: code, httpStatus: Self.serverErrorCodes.contains(code) ? 500 : 400)
    }

    /// Codes the services answer with a 5xx status (§1.6), and a dropped connection's.
    static let serverErrorCodes: Set<String> = [
        "InternalError", "InternalFailure", "ServiceUnavailable", "ServiceUnavailableTemporary",
        "SerivceUnvailableTemporary", "UnknownError", "keyshare.ConnectionDropped",
    ]

    /// Codes by which the gateway refuses the credentials or the signature (§1.6).
    static let authenticationCodes: Set<String> = [
        "InvalidAccessKeyId.NotFound", "InvalidAccessKeyId.Inactive", "InvalidAccessKeyId", "Forbidden.AccessKeyDisabled",
        "SignatureDoesNotMatch", "IncompleteSignature", "MissingSecurityToken", "InvalidTimeStamp.Expired",
        "IllegalTimestamp",
    ]
    /// Code families of the same (`InvalidSecurityToken.Expired`, `.Malformed`, …).
    static let authenticationPrefixes = ["InvalidSecurityToken"]
}
