/// A condition operator from the reference's list; the raw value is its spelling in policies
/// (case-sensitive, see divergence POL-004).
package enum ConditionOperator: String, Hashable, Sendable, CaseIterable {
    case stringEquals = "StringEquals"
    case stringNotEquals = "StringNotEquals"
    case stringEqualsIgnoreCase = "StringEqualsIgnoreCase"
    case stringNotEqualsIgnoreCase = "StringNotEqualsIgnoreCase"
    case stringLike = "StringLike"
    case stringNotLike = "StringNotLike"
    case numericEquals = "NumericEquals"
    case numericNotEquals = "NumericNotEquals"
    case numericLessThan = "NumericLessThan"
    case numericLessThanEquals = "NumericLessThanEquals"
    case numericGreaterThan = "NumericGreaterThan"
    case numericGreaterThanEquals = "NumericGreaterThanEquals"
    case dateEquals = "DateEquals"
    case dateNotEquals = "DateNotEquals"
    case dateLessThan = "DateLessThan"
    case dateLessThanEquals = "DateLessThanEquals"
    case dateGreaterThan = "DateGreaterThan"
    case dateGreaterThanEquals = "DateGreaterThanEquals"
    case bool = "Bool"
    case ipAddress = "IpAddress"
    case notIPAddress = "NotIpAddress"

    /// What the operator's values must be, checked when the policy is parsed.
    package enum ValueType: String, Sendable {
        case string, number, date, boolean
        case ipRange = "IP address or CIDR block"
    }

    /// The type its policy values must parse as.
    package var valueType: ValueType {
        switch self {
        case .stringEquals, .stringNotEquals, .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase,
            .stringLike, .stringNotLike:
            .string
        case .numericEquals, .numericNotEquals, .numericLessThan, .numericLessThanEquals,
            .numericGreaterThan, .numericGreaterThanEquals:
            .number
        case .dateEquals, .dateNotEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan,
            .dateGreaterThanEquals:
            .date
        case .bool: .boolean
        case .ipAddress, .notIPAddress: .ipRange
        }
    }

    /// The `…Not…` operators: true when no request value matches, and true when the key is absent.
    package var isNegated: Bool {
        switch self {
        case .stringNotEquals, .stringNotEqualsIgnoreCase, .stringNotLike, .numericNotEquals,
            .dateNotEquals, .notIPAddress:
            true
        default: false
        }
    }
}

/// One `<Operator>: {<key>: [values]}` pair of a `Condition` block; a statement's conditions all
/// have to hold.
package struct Condition: Hashable, Sendable {
    /// The operator.
    package var `operator`: ConditionOperator
    /// The condition key as written, e.g. `acs:SourceIp`; looked up case-insensitively.
    package var key: String
    /// The policy values as text (JSON numbers and booleans keep their literal spelling).
    package var values: [String]

    /// Builds a condition; values are assumed valid for the operator's ``ConditionOperator/ValueType``.
    package init(_ operator: ConditionOperator, key: String, values: [String]) {
        self.operator = `operator`
        self.key = key
        self.values = values
    }
}
