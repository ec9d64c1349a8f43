import Testing

@testable import CloudModel

/// One condition, a request context and whether the condition holds.
struct ConditionCase: Sendable, CustomTestStringConvertible {
    let condition: Condition
    let context: [String: [String]]
    let expected: Bool
    var testDescription: String {
        "\(condition.operator.rawValue) \(condition.key) \(condition.values) vs \(context) → \(expected)"
    }

    init(_ op: ConditionOperator, _ key: String, _ values: [String], _ context: [String: [String]], _ expected: Bool) {
        self.condition = Condition(op, key: key, values: values)
        self.context = context
        self.expected = expected
    }
}

private let absent: [String: [String]] = [:]

@Suite("Condition operators")
struct ConditionMatcherTests {
    static let cases: [ConditionCase] = [
        // String family.
        .init(.stringEquals, "kms:tag/env", ["prod"], ["kms:tag/env": ["prod"]], true),
        .init(.stringEquals, "kms:tag/env", ["prod"], ["kms:tag/env": ["Prod"]], false),
        .init(.stringEquals, "kms:tag/env", ["dev", "prod"], ["kms:tag/env": ["prod"]], true),
        .init(.stringEquals, "kms:tag/env", ["prod"], ["kms:tag/env": ["dev", "prod"]], true),
        .init(.stringEquals, "kms:tag/env", ["prod"], ["KMS:Tag/Env": ["prod"]], true),
        .init(.stringEquals, "kms:tag/env", ["prod"], absent, false),
        .init(.stringEquals, "kms:tag/env", ["prod"], ["kms:tag/env": []], false),
        .init(.stringNotEquals, "kms:tag/env", ["prod"], ["kms:tag/env": ["dev"]], true),
        .init(.stringNotEquals, "kms:tag/env", ["prod"], ["kms:tag/env": ["prod"]], false),
        .init(.stringNotEquals, "kms:tag/env", ["dev", "prod"], ["kms:tag/env": ["prod"]], false),
        .init(.stringNotEquals, "kms:tag/env", ["prod"], absent, true),
        .init(.stringEqualsIgnoreCase, "kms:tag/env", ["PROD"], ["kms:tag/env": ["prod"]], true),
        .init(.stringEqualsIgnoreCase, "kms:tag/env", ["prod"], ["kms:tag/env": ["prods"]], false),
        .init(.stringEqualsIgnoreCase, "kms:tag/env", ["prod"], absent, false),
        .init(.stringNotEqualsIgnoreCase, "kms:tag/env", ["PROD"], ["kms:tag/env": ["prod"]], false),
        .init(.stringNotEqualsIgnoreCase, "kms:tag/env", ["prod"], ["kms:tag/env": ["dev"]], true),
        .init(.stringNotEqualsIgnoreCase, "kms:tag/env", ["prod"], absent, true),
        .init(.stringLike, "kms:tag/env", ["pr?d*"], ["kms:tag/env": ["prod-eu"]], true),
        .init(.stringLike, "kms:tag/env", ["pr?d*"], ["kms:tag/env": ["Prod-eu"]], false),
        .init(.stringLike, "kms:tag/env", ["pr?d*"], absent, false),
        .init(.stringNotLike, "kms:tag/env", ["pr*"], ["kms:tag/env": ["dev"]], true),
        .init(.stringNotLike, "kms:tag/env", ["pr*"], ["kms:tag/env": ["prod"]], false),
        .init(.stringNotLike, "kms:tag/env", ["pr*"], absent, true),
        // Numeric family.
        .init(.numericEquals, "k:n", ["10"], ["k:n": ["10.0"]], true),
        .init(.numericEquals, "k:n", ["10"], ["k:n": ["11"]], false),
        .init(.numericEquals, "k:n", ["10"], ["k:n": ["ten"]], false),
        .init(.numericEquals, "k:n", ["10"], absent, false),
        .init(.numericNotEquals, "k:n", ["10"], ["k:n": ["11"]], true),
        .init(.numericNotEquals, "k:n", ["10"], ["k:n": ["10"]], false),
        .init(.numericNotEquals, "k:n", ["10"], absent, true),
        .init(.numericLessThan, "k:n", ["10"], ["k:n": ["9"]], true),
        .init(.numericLessThan, "k:n", ["10"], ["k:n": ["10"]], false),
        .init(.numericLessThan, "k:n", ["10"], absent, false),
        .init(.numericLessThanEquals, "k:n", ["10"], ["k:n": ["10"]], true),
        .init(.numericLessThanEquals, "k:n", ["10"], ["k:n": ["10.5"]], false),
        .init(.numericGreaterThan, "k:n", ["10"], ["k:n": ["10.5"]], true),
        .init(.numericGreaterThan, "k:n", ["10"], ["k:n": ["10"]], false),
        .init(.numericGreaterThanEquals, "k:n", ["10"], ["k:n": ["10"]], true),
        .init(.numericGreaterThanEquals, "k:n", ["10"], ["k:n": ["-3"]], false),
        .init(.numericGreaterThanEquals, "k:n", ["10"], absent, false),
        // Date family.
        .init(.dateEquals, "acs:CurrentTime", ["2026-11-29T12:00:00Z"], ["acs:CurrentTime": ["2026-11-29T20:00:00+08:00"]], true),
        .init(.dateEquals, "acs:CurrentTime", ["2026-11-29T12:00:00Z"], ["acs:CurrentTime": ["2026-11-29T12:00:01Z"]], false),
        .init(.dateEquals, "acs:CurrentTime", ["2026-11-29T12:00:00Z"], absent, false),
        .init(.dateNotEquals, "acs:CurrentTime", ["2026-11-29T12:00:00Z"], ["acs:CurrentTime": ["2026-11-29T12:00:01Z"]], true),
        .init(.dateNotEquals, "acs:CurrentTime", ["2026-11-29T12:00:00Z"], ["acs:CurrentTime": ["2026-11-29T12:00:00Z"]], false),
        .init(.dateNotEquals, "acs:CurrentTime", ["2026-11-29T12:00:00Z"], absent, true),
        .init(.dateLessThan, "acs:CurrentTime", ["2027-01-01T00:00:00Z"], ["acs:CurrentTime": ["2026-11-29T12:00:00Z"]], true),
        .init(.dateLessThan, "acs:CurrentTime", ["2026-01-01T00:00:00Z"], ["acs:CurrentTime": ["2026-11-29T12:00:00Z"]], false),
        .init(.dateLessThan, "acs:CurrentTime", ["2027-01-01T00:00:00Z"], ["acs:CurrentTime": ["not a date"]], false),
        .init(
            .dateLessThanEquals, "acs:CurrentTime", ["2026-11-29T12:00:00Z"], ["acs:CurrentTime": ["2026-11-29T12:00:00Z"]], true),
        .init(
            .dateLessThanEquals, "acs:CurrentTime", ["2026-11-29T12:00:00Z"], ["acs:CurrentTime": ["2026-11-29T12:00:00.5Z"]],
            false),
        .init(.dateGreaterThan, "acs:CurrentTime", ["2026-01-01T00:00:00Z"], ["acs:CurrentTime": ["2026-11-29T12:00:00Z"]], true),
        .init(
            .dateGreaterThan, "acs:CurrentTime", ["2026-11-29T12:00:00Z"], ["acs:CurrentTime": ["2026-11-29T12:00:00Z"]], false),
        .init(
            .dateGreaterThanEquals, "acs:CurrentTime", ["2026-11-29T12:00:00Z"], ["acs:CurrentTime": ["2026-11-29T12:00:00Z"]],
            true),
        .init(.dateGreaterThanEquals, "acs:CurrentTime", ["2026-11-29T12:00:00Z"], absent, false),
        // Bool.
        .init(.bool, "acs:SecureTransport", ["true"], ["acs:SecureTransport": ["true"]], true),
        .init(.bool, "acs:SecureTransport", ["true"], ["acs:SecureTransport": ["TRUE"]], true),
        .init(.bool, "acs:SecureTransport", ["True"], ["acs:securetransport": ["true"]], true),
        .init(.bool, "acs:SecureTransport", ["true"], ["acs:SecureTransport": ["false"]], false),
        .init(.bool, "acs:MFAPresent", ["true"], absent, false),
        .init(.bool, "acs:MFAPresent", ["false"], absent, false),
        // IpAddress / NotIpAddress.
        .init(.ipAddress, "acs:SourceIp", ["10.0.0.0/8"], ["acs:SourceIp": ["10.200.3.4"]], true),
        .init(.ipAddress, "acs:SourceIp", ["10.0.0.0/8"], ["acs:SourceIp": ["11.0.0.1"]], false),
        .init(.ipAddress, "acs:SourceIp", ["192.168.1.1"], ["acs:SourceIp": ["192.168.1.1"]], true),
        .init(.ipAddress, "acs:SourceIp", ["192.168.1.1"], ["acs:SourceIp": ["192.168.1.2"]], false),
        .init(.ipAddress, "acs:SourceIp", ["192.168.0.0/23"], ["acs:SourceIp": ["192.168.1.255"]], true),
        .init(.ipAddress, "acs:SourceIp", ["192.168.0.0/23"], ["acs:SourceIp": ["192.168.2.0"]], false),
        .init(.ipAddress, "acs:SourceIp", ["0.0.0.0/0"], ["acs:SourceIp": ["8.8.8.8"]], true),
        .init(.ipAddress, "acs:SourceIp", ["0.0.0.0/0"], ["acs:SourceIp": ["::1"]], false),
        .init(.ipAddress, "acs:SourceIp", ["2001:db8::/32"], ["acs:SourceIp": ["2001:db8:ffff::1"]], true),
        .init(.ipAddress, "acs:SourceIp", ["2001:db8::/32"], ["acs:SourceIp": ["2001:db9::1"]], false),
        .init(.ipAddress, "acs:SourceIp", ["10.0.0.0/8"], ["acs:SourceIp": ["garbage"]], false),
        .init(.ipAddress, "acs:SourceIp", ["10.0.0.0/8"], absent, false),
        .init(.notIPAddress, "acs:SourceIp", ["10.0.0.0/8"], ["acs:SourceIp": ["11.0.0.1"]], true),
        .init(.notIPAddress, "acs:SourceIp", ["10.0.0.0/8"], ["acs:SourceIp": ["10.0.0.1"]], false),
        .init(.notIPAddress, "acs:SourceIp", ["10.0.0.0/8", "11.0.0.0/8"], ["acs:SourceIp": ["11.0.0.1"]], false),
        .init(.notIPAddress, "acs:SourceIp", ["10.0.0.0/8"], absent, true),
    ]

    @Test("each operator holds or fails as the reference says, including missing keys", arguments: cases)
    func operatorSemantics(_ row: ConditionCase) {
        #expect(ConditionMatcher.holds(row.condition, in: row.context) == row.expected)
    }

    @Test("every operator of the reference is covered by the table above")
    func everyOperatorCovered() {
        let covered = Set(Self.cases.map(\.condition.operator))
        #expect(covered == Set(ConditionOperator.allCases))
        #expect(ConditionOperator.allCases.count == 21)
    }

    @Test("all conditions of a statement must hold")
    func conjunction() {
        let conditions = [
            Condition(.bool, key: "acs:SecureTransport", values: ["true"]),
            Condition(.ipAddress, key: "acs:SourceIp", values: ["10.0.0.0/8"]),
        ]
        #expect(ConditionMatcher.allHold(conditions, in: ["acs:SecureTransport": ["true"], "acs:SourceIp": ["10.1.1.1"]]))
        #expect(!ConditionMatcher.allHold(conditions, in: ["acs:SecureTransport": ["true"], "acs:SourceIp": ["9.1.1.1"]]))
        #expect(!ConditionMatcher.allHold(conditions, in: ["acs:SourceIp": ["10.1.1.1"]]))
        #expect(ConditionMatcher.allHold([], in: [:]))
    }

    @Test(
        "IP ranges parse only valid addresses and prefixes",
        arguments: [
            ("10.0.0.0/8", true), ("1.2.3.4", true), ("::", true), ("::1/128", true), ("fe80::1:2", true),
            ("10.0.0.0/", false), ("10.0.0/8", false), ("256.0.0.0", false), ("1.2.3.4/33", false),
            ("::1/129", false), ("1:2:3:4:5:6:7:8:9", false), ("1::2::3", false), ("01234::", false), ("", false),
            ("1.2.3.4/-1", false), ("1.2.3.4/+8", false),
        ])
    func ipRangeParsing(text: String, valid: Bool) {
        #expect((IPAddressRange(text) != nil) == valid)
    }
}
