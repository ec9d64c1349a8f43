/// A policy document the service would refuse, carrying the wire error to send back.
///
/// `code` is the default for the document kind; a caller whose parameter has another name (e.g.
/// `NewAssumeRolePolicyDocument` in `UpdateRole`) calls ``forParameter(_:)`` to get the exact code.
package struct PolicyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why the document was refused.
    package enum Reason: Hashable, Sendable {
        /// The document is too long: its length and the limit, in the kind's ``PolicyKind/SizeUnit``.
        case tooLong(length: Int, limit: Int)
        /// The document is not JSON, or breaks a grammar rule of its kind.
        case malformed
    }

    /// The wire error code, e.g. `MalformedPolicyDocument`, `InvalidParameter`,
    /// `InvalidParameter.PolicyDocument.Length`.
    package let code: String
    /// The HTTP status of the error response (always 400 for document errors).
    package let httpStatus: Int
    /// What is wrong, naming the element: `Statement[0].Effect must be "Allow" or "Deny", got "allow"`.
    package let message: String
    /// The kind of document refused.
    package let kind: PolicyKind
    /// Why it was refused.
    package let reason: Reason

    /// Builds the error for `reason`, choosing the default code of `kind`.
    package init(kind: PolicyKind, reason: Reason, message: String) {
        self.kind = kind
        self.reason = reason
        self.message = message
        self.httpStatus = 400
        self.code = Self.code(kind: kind, reason: reason, parameter: kind.defaultParameterName)
    }

    private init(code: String, copying other: PolicyError) {
        self.code = code
        self.httpStatus = other.httpStatus
        self.message = other.message
        self.kind = other.kind
        self.reason = other.reason
    }

    /// The same error as returned for a document sent in `parameter`: RAM length errors are
    /// `InvalidParameter.<parameter>.Length`; other codes do not depend on the parameter.
    package func forParameter(_ parameter: String) -> PolicyError {
        PolicyError(code: Self.code(kind: kind, reason: reason, parameter: parameter), copying: self)
    }

    /// Whether the document was refused for its length alone.
    package var isTooLong: Bool {
        if case .tooLong = reason { true } else { false }
    }

    package var description: String { "\(code): \(message)" }

    private static func code(kind: PolicyKind, reason: Reason, parameter: String) -> String {
        switch (reason, kind) {
        case (.tooLong, .identity), (.tooLong, .trust): "InvalidParameter.\(parameter).Length"
        case (.tooLong, .keyPolicy), (.malformed, _): kind.malformedCode
        }
    }
}
