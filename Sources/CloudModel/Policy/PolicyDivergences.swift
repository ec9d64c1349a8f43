extension Divergence {
    /// The policy language and evaluator's inferred behaviours, for the simulator's register.
    package static let policyDivergences: [Divergence] = [
        Divergence(
            id: "policy-statement-array",
            summary: "Statement must be a JSON array (the documented grammar); a single statement object is refused rather than accepted as AWS does."
        ),
        Divergence(
            id: "policy-element-case",
            summary: "Element names (Version, Statement, Effect, Action, Principal, RAM, Service …) are case-sensitive; \"effect\" is an unknown element."
        ),
        Divergence(
            id: "policy-effect-case",
            summary: "Effect must be exactly \"Allow\" or \"Deny\"; \"allow\" is refused."
        ),
        Divergence(
            id: "policy-operator-case",
            summary: "Condition operator names are case-sensitive while condition keys (acs:SourceIp …) are compared case-insensitively, in the document and the request context."
        ),
        Divergence(
            id: "policy-duplicate-elements",
            summary: "A JSON object that repeats a member name (e.g. two Effect members) is refused instead of letting the last one win."
        ),
        Divergence(
            id: "policy-size-characters",
            summary: "The 6,144-character limit of RAM documents counts UTF-16 code units of the whole text, whitespace included (Java String.length()); key policies count UTF-8 bytes."
        ),
        Divergence(
            id: "policy-unknown-elements",
            summary: "Unknown top-level or statement members, Principal in identity policies, NotAction/Resource/NotResource in trust policies and NotAction/NotResource in key policies are refused."
        ),
        Divergence(
            id: "policy-trust-actions",
            summary: "Trust-policy actions must be sts:AssumeRole, sts:AssumeRoleWithSAML, sts:AssumeRoleWithOIDC or a wildcard matching one of them (case-insensitive)."
        ),
        Divergence(
            id: "policy-trust-ram-forms",
            summary: "Trust-policy RAM principals accept root, user/<name> and role/<name> ARNs of a concrete account; the key-policy form acs:ram::<uid>:* is refused there."
        ),
        Divergence(
            id: "policy-identity-resource-form",
            summary: "Identity-policy resources must be \"*\" or start with \"acs:\"; the remaining ARN parts are not checked, only matched."
        ),
        Divergence(
            id: "policy-empty-condition",
            summary: "An empty Condition object, an empty operator block or an empty value array is refused."
        ),
        Divergence(
            id: "policy-condition-ifexists",
            summary: "The …IfExists operator suffix and ForAnyValue:/ForAllValues: prefixes are not in the reference, so they are refused with a message naming the plain operator."
        ),
        Divergence(
            id: "policy-condition-absent-key",
            summary: "A condition key absent from the request fails positive operators and satisfies negated ones (StringNotEquals, StringNotEqualsIgnoreCase, StringNotLike, NumericNotEquals, DateNotEquals, NotIpAddress), as in AWS."
        ),
        Divergence(
            id: "policy-condition-values",
            summary: "Condition values may be strings, numbers or booleans; Numeric*, Date* (ISO-8601 with offset), Bool (true/false, case-insensitive) and IpAddress (IPv4/IPv6 address or CIDR) values are checked when the policy is parsed."
        ),
        Divergence(
            id: "policy-key-root-principal",
            summary: "In a key policy acs:ram::<uid>:root names only the account's root identity (acs:ram::<uid>:* names every identity), whereas in a trust policy it names every RAM identity of the account."
        ),
        Divergence(
            id: "policy-name-case",
            summary: "Role and user names in principals, and RAM resource ARNs in identity policies, are compared case-insensitively; other resource ARNs compare case-sensitively."
        ),
        Divergence(
            id: "policy-service-principal",
            summary: "A plain Service principal (ecs.aliyuncs.com) matches the service only when it acts for the account owning the role; <uid>@ecs.aliyuncs.com matches it acting for <uid>; services never match RAM principals such as acs:ram::<uid>:*."
        ),
        Divergence(
            id: "policy-assume-role-root-service",
            summary: "For AssumeRole an account root or a service principal needs only the trust policy, while RAM users and role sessions also need an identity policy allowing sts:AssumeRole on the role."
        ),
        Divergence(
            id: "policy-federated",
            summary: "Federated principals (saml-provider/oidc-provider) are validated but never match, since keyshare models no federated sign-in."
        ),
    ]
}
