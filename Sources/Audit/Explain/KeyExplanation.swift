/// The answer of `keyshare explain`: per action whether the principal may use the key, with both
/// halves named (the key-policy statement and the RAM policy), as JSON field names documented in
/// README ("keyshare explain").
package struct KeyExplanation: Codable, Sendable, Hashable {
    /// The key asked about.
    package var key: KeySummary
    /// The principal's ARN as given.
    package var principal: String
    /// `ecs` for `--via ecs`, else nil.
    package var via: String?
    /// The overall answer: every action (or every hop of the service path) must be allowed.
    package var decision: ExplainDecision
    /// One entry per action asked about (empty for `--via ecs`, which answers in `hops`).
    package var actions: [ActionExplanation]
    /// The service path's hops, in the order ECS takes them (`--via ecs` only).
    package var hops: [HopExplanation]
    /// What explain could not see or does not model, worth knowing when reading the answer.
    package var notes: [String]
}

/// The key as DescribeKey reported it.
package struct KeySummary: Codable, Sendable, Hashable {
    /// The key ID.
    package var id: String
    /// The key ARN.
    package var arn: String
    /// The owner account's UID.
    package var owner: String
    /// The key's region.
    package var region: String
    /// `Enabled`, `Disabled`, `PendingDeletion`, …
    package var state: String
}

/// A decision as explain reports it.
package enum ExplainDecision: String, Codable, Sendable, Hashable {
    /// The call would be authorized.
    case allow
    /// A statement explicitly denies it, or the key's state refuses it.
    case deny
    /// Nothing allows it (or, across accounts, one half does not).
    case implicitDeny = "implicit-deny"
    /// It hangs on something explain cannot see or keyshare does not model; `reason` says what.
    case unknown

    /// Whether the call would be refused.
    package var isRefusal: Bool { self == .deny || self == .implicitDeny }
}

/// The answer for one action.
package struct ActionExplanation: Codable, Sendable, Hashable {
    /// The RAM action, e.g. `kms:Decrypt`.
    package var action: String
    /// The answer.
    package var decision: ExplainDecision
    /// The answer in sentences, explicit denies first, then the missing half.
    package var reason: String
    /// The key-policy half.
    package var keyPolicy: HalfExplanation
    /// The RAM-policy half (the caller's own account).
    package var ramPolicy: HalfExplanation
    /// The KMS error the key's state gives this action whatever the policies say, if any.
    package var keyStateRefusal: String?
}

/// One half of an authorization: the key policy, or the caller's RAM policies.
package struct HalfExplanation: Codable, Sendable, Hashable {
    /// This half's own decision.
    package var decision: ExplainDecision
    /// The statements that decided it (denies when it denies, allows when it allows; for
    /// `unknown`, the statements whose conditions could not be evaluated).
    package var statements: [StatementCitation]
    /// This half in one sentence.
    package var summary: String
}

/// One policy statement, named so a person can find it.
package struct StatementCitation: Codable, Sendable, Hashable {
    /// `key policy`, `trust policy` or the RAM policy's name.
    package var policy: String
    /// `System` or `Custom` for RAM policies.
    package var policyType: String?
    /// The RAM policy's version in force (its default version).
    package var version: String?
    /// `role/<name>` or `user/<name>` the RAM policy is attached to.
    package var attachedTo: String?
    /// The account holding the RAM policy or role.
    package var account: String?
    /// 0-based position in the document's `Statement` array.
    package var index: Int
    /// The statement's `Sid`, when it has one.
    package var sid: String?
    /// `Allow` or `Deny`.
    package var effect: String
    /// Condition keys whose values explain does not know (only for `unknown`).
    package var unknownConditionKeys: [String]?

    /// `Statement "Sid"` or `Statement[3]`, prefixed by the policy.
    package var label: String {
        let statement = sid.map { "statement \"\($0)\"" } ?? "Statement[\(index)]"
        guard let policyType else { return "\(policy) \(statement)" }
        let place = [attachedTo.map { "attached to \($0)" }, account.map { "in account \($0)" }]
            .compactMap { $0 }.joined(separator: " ")
        return "RAM policy \(policy) (\(policyType), \(version ?? "v1")\(place.isEmpty ? "" : ", " + place)) \(statement)"
    }
}

/// One hop of the ECS service path (`--via ecs`).
package struct HopExplanation: Codable, Sendable, Hashable {
    /// What the hop checks, e.g. `role AliyunECSDiskEncryptDefaultRole exists in 2000…`.
    package var hop: String
    /// Whether the encrypted disk needs this hop (the share roles only matter for re-sharing).
    package var required: Bool
    /// The hop's answer.
    package var decision: ExplainDecision
    /// Why, in a sentence.
    package var reason: String
    /// The statements that decided the hop.
    package var statements: [StatementCitation]
}
