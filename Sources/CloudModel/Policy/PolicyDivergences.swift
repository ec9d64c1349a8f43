extension Divergence {
    /// The policy language and evaluator's inferred behaviours, for the simulator's register.
    package static let policyDivergences: [Divergence] = [
        Divergence(
            id: "POL-001",
            summary:
                "Statement must be a JSON array (the documented grammar); a single statement object is refused rather than accepted as AWS does."
        ),
        Divergence(
            id: "POL-002",
            summary:
                "Element names (Version, Statement, Effect, Action, Principal, RAM, Service …) are case-sensitive; \"effect\" is an unknown element."
        ),
        Divergence(
            id: "POL-003",
            summary: "Effect must be exactly \"Allow\" or \"Deny\"; \"allow\" is refused."
        ),
        Divergence(
            id: "POL-004",
            summary:
                "Condition operator names are case-sensitive while condition keys (acs:SourceIp …) are compared case-insensitively, in the document and the request context."
        ),
        Divergence(
            id: "POL-005",
            summary:
                "A JSON object that repeats a member name (e.g. two Effect members) is refused instead of letting the last one win."
        ),
        Divergence(
            id: "POL-006",
            summary:
                "The 6,144-character limit of RAM documents counts UTF-16 code units of the whole text, whitespace included (Java String.length()); key policies count UTF-8 bytes."
        ),
        Divergence(
            id: "POL-007",
            summary:
                "Unknown top-level or statement members, Principal in identity policies, NotAction/Resource/NotResource in trust policies and NotAction/NotResource in key policies are refused."
        ),
        Divergence(
            id: "POL-008",
            summary:
                "Trust-policy actions must be sts:AssumeRole, sts:AssumeRoleWithSAML, sts:AssumeRoleWithOIDC or a wildcard matching one of them (case-insensitive)."
        ),
        Divergence(
            id: "POL-009",
            summary:
                "Trust-policy RAM principals accept root, user/<name> and role/<name> ARNs of a concrete account; the key-policy form acs:ram::<uid>:* is refused there."
        ),
        Divergence(
            id: "POL-010",
            summary:
                "Identity-policy resources must be \"*\" or start with \"acs:\"; the remaining ARN parts are not checked, only matched."
        ),
        Divergence(
            id: "POL-011",
            summary: "An empty Condition object, an empty operator block or an empty value array is refused."
        ),
        Divergence(
            id: "POL-012",
            summary:
                "The …IfExists operator suffix and ForAnyValue:/ForAllValues: prefixes are not in the reference, so they are refused with a message naming the plain operator."
        ),
        Divergence(
            id: "POL-013",
            summary:
                "A condition key absent from the request fails positive operators and satisfies negated ones (StringNotEquals, StringNotEqualsIgnoreCase, StringNotLike, NumericNotEquals, DateNotEquals, NotIpAddress), as in AWS."
        ),
        Divergence(
            id: "POL-014",
            summary:
                "Condition values may be strings, numbers or booleans; Numeric*, Date* (ISO-8601 with offset), Bool (true/false, case-insensitive) and IpAddress (IPv4/IPv6 address or CIDR) values are checked when the policy is parsed."
        ),
        Divergence(
            id: "POL-015",
            summary:
                "In a key policy acs:ram::<uid>:root names only the account's root identity (acs:ram::<uid>:* names every identity), whereas in a trust policy it names every RAM identity of the account."
        ),
        Divergence(
            id: "POL-016",
            summary:
                "A key-policy Allow grants identities of another account only key-user actions (Encrypt, Decrypt, ReEncrypt, GenerateDataKey*, ExportDataKey, Asymmetric*, GetPublicKey, DescribeKey, DescribeKeyVersion, ListKeyVersions, ListAliasesByKeyId, ListResourceTags); administrative actions such as kms:* grants of SetKeyPolicy or ScheduleKeyDeletion have no effect for them."
        ),
        Divergence(
            id: "POL-017",
            summary:
                "Role and user names in principals, and RAM resource ARNs in identity policies, are compared case-insensitively; other resource ARNs compare case-sensitively."
        ),
        Divergence(
            id: "POL-018",
            summary:
                "A plain Service principal (ecs.aliyuncs.com) matches the service only when it acts for the account owning the role; <uid>@ecs.aliyuncs.com matches it acting for <uid>; services never match RAM principals such as acs:ram::<uid>:*."
        ),
        Divergence(
            id: "POL-019",
            summary:
                "For AssumeRole an account root or a service principal needs only the trust policy, while RAM users and role sessions also need an identity policy allowing sts:AssumeRole on the role."
        ),
        Divergence(
            id: "POL-020",
            summary:
                "Federated principals (saml-provider/oidc-provider) are validated but never match, since keyshare models no federated sign-in."
        ),
    ]
}
