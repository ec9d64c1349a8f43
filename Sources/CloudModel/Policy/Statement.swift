/// One statement of a policy document, validated for its document's ``PolicyKind``.
package struct Statement: Hashable, Sendable {
    /// Whether a matching statement grants or refuses.
    package enum Effect: String, Hashable, Sendable {
        case allow = "Allow"
        case deny = "Deny"
    }

    /// The optional statement id (`Sid`), reported in ``StatementReference``.
    package var sid: String?
    /// `Effect`.
    package var effect: Effect
    /// `Action` (`.including`) or `NotAction` (`.excluding`); patterns compared case-insensitively.
    package var actions: PatternList
    /// `Resource` / `NotResource`; nil in trust policies. Key policies hold only `*`.
    package var resources: PatternList?
    /// `Principal`; nil in identity policies.
    package var principal: PolicyPrincipal?
    /// `Condition`, flattened to one entry per operator and key; all must hold.
    package var conditions: [Condition]

    /// Builds a statement; the parser is the usual source, tests may build one directly.
    package init(
        sid: String? = nil, effect: Effect, actions: PatternList, resources: PatternList? = nil,
        principal: PolicyPrincipal? = nil, conditions: [Condition] = []
    ) {
        self.sid = sid
        self.effect = effect
        self.actions = actions
        self.resources = resources
        self.principal = principal
        self.conditions = conditions
    }
}

/// A list of `*`/`?` patterns from an element that has a negated twin (`Action`/`NotAction`,
/// `Resource`/`NotResource`).
package enum PatternList: Hashable, Sendable {
    /// The positive element: a value matches when any pattern matches.
    case including([String])
    /// The `Not…` element: a value matches when no pattern matches.
    case excluding([String])

    /// The patterns as written.
    package var patterns: [String] {
        switch self {
        case .including(let patterns), .excluding(let patterns): patterns
        }
    }

    /// Applies the element to `value`, comparing case-insensitively when asked (actions).
    package func matches(_ value: String, caseInsensitive: Bool) -> Bool {
        let hit = patterns.contains { WildcardPattern($0, caseInsensitive: caseInsensitive).matches(value) }
        switch self {
        case .including: return hit
        case .excluding: return !hit
        }
    }
}
