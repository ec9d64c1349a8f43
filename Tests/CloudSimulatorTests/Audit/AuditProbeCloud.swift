import CloudAPI
import CloudModel
import CloudSimulator

/// The simulator as the audit sees it, with what a real organisation may hold that the simulator
/// refuses to store (a key policy's text given outright), accounts whose RAM cannot be read, and a
/// log of every action asked, so a test proves the audit only read.
struct AuditProbeCloud: Cloud {
    /// The simulator behind.
    var inner: SimulatedCloud
    /// Key ID → the policy text GetKeyPolicy returns instead of the stored one.
    var policies: [String: String] = [:]
    /// Accounts whose GetRole fails as an unreadable account does.
    var unreadableAccounts: Set<String> = []
    /// Accounts no call can act in, as over http when the broker's access role is missing there:
    /// every call fails with the code a missing role has.
    var unassumableAccounts: Set<String> = []
    /// Every action called, in order.
    let log = ActionLog()

    func call<R: CloudRequest>(_ request: R, context: CallContext) async throws -> R.Response {
        await log.record(R.action)
        if let get = request as? GetKeyPolicyRequest, let text = policies[get.keyID],
            let response = GetKeyPolicyResponse(policy: text) as? R.Response
        {
            return response
        }
        if let account = context.account?.rawValue, unassumableAccounts.contains(account) {
            throw CloudError(
                code: "EntityNotExist.Role",
                message: "The role does not exist (assuming "
                    + "acs:ram::\(account):role/ResourceDirectoryAccountAccessRole).", httpStatus: 404)
        }
        if R.self == GetRoleRequest.self, let account = context.account?.rawValue, unreadableAccounts.contains(account) {
            throw CloudError(code: "NoPermission", message: "You are not authorized to do this action.", httpStatus: 403)
        }
        return try await inner.call(request, context: context)
    }
}

/// The actions a cloud was asked.
actor ActionLog {
    /// In call order.
    private(set) var actions: [String] = []

    /// Notes one call.
    func record(_ action: String) { actions.append(action) }
}
