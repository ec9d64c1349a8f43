/// Which policy language a document is written in; each kind has its own required elements,
/// size limit and wire error codes.
package enum PolicyKind: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// A RAM custom policy attached to users, groups and roles (`CreatePolicy`).
    case identity
    /// A RAM role's trust policy (`AssumeRolePolicyDocument`).
    case trust
    /// A KMS key policy (`SetKeyPolicy`, `CreateKey` `Policy`).
    case keyPolicy

    /// The largest accepted document: 6,144 characters for RAM documents, 32,768 bytes for key
    /// policies (see ``sizeUnit``).
    package var sizeLimit: Int {
        switch self {
        case .identity, .trust: 6_144
        case .keyPolicy: 32_768
        }
    }

    /// How ``sizeLimit`` is counted.
    package var sizeUnit: SizeUnit {
        switch self {
        case .identity, .trust: .characters
        case .keyPolicy: .utf8Bytes
        }
    }

    /// The wire code of a malformed document of this kind.
    package var malformedCode: String {
        switch self {
        case .identity, .trust: "MalformedPolicyDocument"
        case .keyPolicy: "InvalidParameter"
        }
    }

    /// The request parameter that carries the document by default, used in length error codes.
    package var defaultParameterName: String {
        switch self {
        case .identity: "PolicyDocument"
        case .trust: "AssumeRolePolicyDocument"
        case .keyPolicy: "Policy"
        }
    }

    /// Whether statements name a `Principal` (resource-based policies) rather than a `Resource`.
    package var isResourceBased: Bool { self != .identity }

    package var description: String {
        switch self {
        case .identity: "identity policy"
        case .trust: "trust policy"
        case .keyPolicy: "key policy"
        }
    }

    /// The name with its indefinite article, for messages ("an identity policy", "a key policy").
    package var withArticle: String {
        self == .identity ? "an \(description)" : "a \(description)"
    }

    /// Units a document's length is measured in.
    package enum SizeUnit: String, Sendable {
        /// UTF-16 code units, as the Java services behind RAM count `String.length()` (see
        /// divergence POL-006).
        case characters
        /// Bytes of the UTF-8 encoding.
        case utf8Bytes = "bytes"

        /// The length of `text` in this unit.
        package func length(of text: String) -> Int {
            switch self {
            case .characters: text.utf16.count
            case .utf8Bytes: text.utf8.count
            }
        }
    }
}
