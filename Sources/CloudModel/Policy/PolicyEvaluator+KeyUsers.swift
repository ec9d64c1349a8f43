extension PolicyEvaluator {
    /// The actions a key policy can grant to identities of another account: principals of other
    /// accounts can only be key *users*, not administrators (reference §2.3, U-KPOL). The list
    /// (cryptographic use plus read-only description) is divergence POL-016.
    package static let keyUserActions: Set<String> = [
        "kms:encrypt", "kms:decrypt", "kms:reencrypt",
        "kms:generatedatakey", "kms:generatedatakeywithoutplaintext", "kms:generateandexportdatakey",
        "kms:exportdatakey",
        "kms:asymmetricencrypt", "kms:asymmetricdecrypt", "kms:asymmetricsign", "kms:asymmetricverify",
        "kms:getpublickey",
        "kms:describekey", "kms:describekeyversion", "kms:listkeyversions", "kms:listaliasesbykeyid",
        "kms:listresourcetags",
    ]

    /// Whether a key-policy Allow may grant `request`: always for the key owner's identities, only
    /// key-user actions for identities of other accounts.
    static func keyPolicyMayGrant(_ request: AccessRequest, keyOwner: String?) -> Bool {
        guard let keyOwner, request.principal.accountID?.rawValue != keyOwner else { return true }
        return keyUserActions.contains(request.action.lowercased())
    }
}
