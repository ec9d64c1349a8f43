import CloudAPI
import CloudModel

/// What `keyshare explain` was asked, validated: a key reference, a RAM principal, KMS actions.
package struct ExplainQuery: Sendable, Hashable {
    /// How `--key` names the key: ID, `alias/<name>` or ARN.
    package var key: String
    /// The principal whose access is explained.
    package var principal: Principal
    /// The actions, canonically spelled (`kms:Decrypt`).
    package var actions: [String]
    /// Whether to follow the ECS service path instead of a direct call.
    package var viaECS: Bool

    /// The actions asked about when `--action` is not given: what a key user does with a key.
    package static let defaultActions = ["kms:DescribeKey", "kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"]

    /// Validates the command line's values.
    ///
    /// - Throws: ``ExplainInputError`` naming the input and the fix.
    package init(key: String, principal: String, actions: [String], viaECS: Bool) throws(ExplainInputError) {
        guard !key.isEmpty else {
            throw ExplainInputError("--key is empty; pass the key ID (key-…), alias/<name> or the key ARN")
        }
        if key.hasPrefix("acs:") {
            guard let arn = ResourceName(parsing: key), arn.service == "kms", arn.accountID != nil, !arn.region.isEmpty,
                arn.resource.hasPrefix("key/"), arn.resource.count > 4
            else {
                throw ExplainInputError(
                    "--key '\(key)' is not a key ARN; write acs:kms:<region>:<account UID>:key/<key ID>, "
                        + "or pass the key ID or alias/<name>")
            }
        }
        self.key = key
        guard let parsed = Principal(parsing: principal), parsed.accountID != nil else {
            throw ExplainInputError(
                "--principal '\(principal)' is not a RAM principal ARN; write acs:ram::<account UID>:role/<name>, "
                    + ":user/<name> or :root (ECS itself is explained with --via ecs)")
        }
        if case .service = parsed {
            throw ExplainInputError(
                "--principal '\(principal)' is a service; pass the account's identity "
                    + "(acs:ram::<account UID>:root) with --via ecs to follow the ECS service path")
        }
        self.principal = parsed
        var canonical: [String] = []
        for action in actions {
            guard let known = Self.canonicalAction(action) else {
                throw ExplainInputError(
                    "--action '\(action)' is not a KMS action keyshare knows; write kms:<Action> "
                        + "without wildcards, e.g. kms:Decrypt, kms:Encrypt, kms:GenerateDataKey, kms:DescribeKey")
            }
            if !canonical.contains(known) { canonical.append(known) }
        }
        if viaECS, !actions.isEmpty {
            throw ExplainInputError(
                "--action and --via ecs do not combine: the ECS path checks the actions ECS itself "
                    + "performs (\(KeyAuthorization.ecsKeyActions.joined(separator: ", "))); drop --action")
        }
        self.actions = canonical.isEmpty ? Self.defaultActions : canonical
        self.viaECS = viaECS
    }

    /// `kms:<Action>` spelled as KMS spells it, nil for anything else (wildcards included).
    static func canonicalAction(_ text: String) -> String? {
        let lowered = text.lowercased()
        return knownActions.first { $0.lowercased() == lowered }
    }

    /// The wire actions of KMS plus the key-user actions a key policy may grant other accounts.
    static let knownActions: [String] = {
        let wire = KMSOperations.all.map { "kms:" + $0.action }
        let more = [
            "ReEncrypt", "GenerateDataKeyWithoutPlaintext", "GenerateAndExportDataKey", "ExportDataKey",
            "AsymmetricEncrypt", "AsymmetricDecrypt", "AsymmetricSign", "AsymmetricVerify", "GetPublicKey",
            "DescribeKeyVersion", "ListKeyVersions", "ListAliasesByKeyId", "ListResourceTags",
        ]
        return wire + more.map { "kms:" + $0 }.filter { !wire.contains($0) }
    }()
}

/// Input `keyshare explain` cannot start with: the message names the input and the fix.
package struct ExplainInputError: Error, Sendable, CustomStringConvertible {
    /// The message.
    package var description: String

    /// Wraps a message.
    package init(_ description: String) { self.description = description }
}

/// The backend could not be read (a refusal other than "no such key", a transport failure).
package struct ExplainReadError: Error, Sendable, CustomStringConvertible {
    /// The message, naming the read that failed.
    package var description: String

    /// Wraps a message.
    package init(_ description: String) { self.description = description }
}
