import Foundation

/// Decides whether a statement's conditions hold for a request context.
///
/// Semantics (reference §3.3 plus divergence POL-013): a key holds when any
/// request value matches any policy value; `…Not…` operators hold when no request value matches;
/// a key missing from the context fails positive operators and satisfies negated ones.
package enum ConditionMatcher {
    /// Whether every condition holds (an empty list holds).
    package static func allHold(_ conditions: [Condition], in context: [String: [String]]) -> Bool {
        conditions.allSatisfy { holds($0, in: context) }
    }

    /// Whether one condition holds for `context`, whose keys are compared case-insensitively.
    package static func holds(_ condition: Condition, in context: [String: [String]]) -> Bool {
        let requestValues =
            context[condition.key]
            ?? context.filter { $0.key.equalsIgnoringCase(condition.key) }.flatMap(\.value)
        let anyMatch = requestValues.contains { requestValue in
            condition.values.contains { matches(requestValue, policyValue: $0, operator: condition.operator) }
        }
        return condition.operator.isNegated ? !anyMatch : anyMatch
    }

    /// The positive comparison of one request value against one policy value; negated operators
    /// use their positive twin here and are inverted by the caller.
    private static func matches(_ request: String, policyValue: String, operator op: ConditionOperator) -> Bool {
        switch op {
        case .stringEquals, .stringNotEquals:
            return request == policyValue
        case .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase:
            return request.equalsIgnoringCase(policyValue)
        case .stringLike, .stringNotLike:
            return WildcardPattern(policyValue).matches(request)
        case .bool:
            return request.equalsIgnoringCase(policyValue)
        case .ipAddress, .notIPAddress:
            return IPAddressRange(policyValue)?.contains(request) ?? false
        case .numericEquals, .numericNotEquals, .numericLessThan, .numericLessThanEquals,
            .numericGreaterThan, .numericGreaterThanEquals:
            guard let lhs = Double(request), let rhs = Double(policyValue) else { return false }
            return compare(lhs, rhs, op)
        case .dateEquals, .dateNotEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan,
            .dateGreaterThanEquals:
            guard let lhs = PolicyDate.parse(request), let rhs = PolicyDate.parse(policyValue) else { return false }
            return compare(lhs, rhs, op)
        }
    }

    private static func compare<T: Comparable>(_ lhs: T, _ rhs: T, _ op: ConditionOperator) -> Bool {
        switch op {
        case .numericLessThan, .dateLessThan: lhs < rhs
        case .numericLessThanEquals, .dateLessThanEquals: lhs <= rhs
        case .numericGreaterThan, .dateGreaterThan: lhs > rhs
        case .numericGreaterThanEquals, .dateGreaterThanEquals: lhs >= rhs
        default: lhs == rhs
        }
    }
}
