import CloudAPI

/// The refusals of a reservation: the same codes the grant's precheck and the cloud use
/// (`Rejected.ShareQuotaExceedLimit`, `keyshare.KeyPolicyTooLarge`), so a target refused before its
/// first write fails exactly as it would have at its grant — only with nothing left behind.
package enum CapacityRefusal {
    /// The access-management quota of the key's instance has no unit left for `accounts`, counting
    /// the `held` units reserved for other targets of this run.
    static func quota(key: SharedKey, accounts: [String], limit: Int?, left: Int, held: Int) -> CloudError {
        let named = accounts.count == 1 ? "account \(accounts[0])" : "accounts \(accounts.joined(separator: ", "))"
        let instance = key.instanceID ?? "?"
        let used = limit.map { "\($0 - left) of \($0) used, " } ?? ""
        return CloudError(
            code: "Rejected.ShareQuotaExceedLimit",
            message: "precheck: sharing key \(key.keyID) with \(named) needs \(accounts.count) unit(s) of the "
                + "access-management quota of KMS instance \(instance) (\(used)\(left) left, \(held) of them held for "
                + "other targets of this run); nothing was changed for this target. Share a key of another instance "
                + "with the remaining accounts (a pool of `keys`), raise the instance's quota (upgrade its VpcNum), "
                + "or revoke accounts that no longer need the key",
            httpStatus: 400)
    }

    /// The key policy would outgrow SetKeyPolicy's limit once `principals` join the policy's
    /// `policyBytes` and the `held` bytes reserved for other targets of this run.
    static func size(key: SharedKey, principals: [String], policyBytes: Int, held: Int, grown: Int) -> CloudError {
        CloudError(
            code: "keyshare.KeyPolicyTooLarge",
            message: "precheck: granting \(principals.joined(separator: ", ")) would grow the key policy of \(key.keyID) "
                + "to \(grown) bytes (\(policyBytes) now, \(held) held for other targets of this run), over the "
                + "\(KeyPolicyDocument.maximumBytes)-byte limit of SetKeyPolicy; nothing was changed for this target. "
                + "Share another key with the remaining accounts (a pool of `keys`, e.g. keys = { \"alias/k*\" }) "
                + "or revoke principals that no longer need this one",
            httpStatus: 400)
    }
}
