import CloudAPI
import CloudModel

/// What a step's own reads showed before it created something: whether the role, policy or
/// attachment it is about to create already stood. An intent carries it, so an undo of a call whose
/// answer a kill lost deletes only what the run must have made, never what existed before.
enum MutationEvidence {
    /// The details key saying whether the created resource existed before (`yes`/`no`); on an
    /// UpdateRole, `no` when its own step created the role.
    static let existedKey = "existedBefore"

    /// Notes in `scope` what the read `request` showed (`response` on success, `error` on failure).
    static func observe(
        _ request: any CloudRequest, response: (any Sendable)?, error: CloudError?, scope: StepScope,
        account: String
    ) {
        switch request {
        case let get as GetRoleRequest:
            if response != nil { scope.observe(role(account, get.roleName), exists: true) }
            if error?.code == "EntityNotExist.Role" { scope.observe(role(account, get.roleName), exists: false) }
        case let get as GetPolicyRequest where get.policyType == "Custom":
            if response != nil { scope.observe(policy(account, get.policyName), exists: true) }
            if error?.code == "EntityNotExist.Policy" { scope.observe(policy(account, get.policyName), exists: false) }
        case let list as ListPoliciesForRoleRequest:
            guard let listed = response as? ListPoliciesForRoleResponse else { return }
            // A full listing: every attachment it does not show is known to be absent.
            scope.observe(listing(account, list.roleName), exists: true)
            for info in listed.policies.policy {
                scope.observe(attachment(account, list.roleName, info.policyType, info.policyName), exists: true)
            }
        default:
            return
        }
    }

    /// Notes what a confirmed call of `scope` made: a role it created has no attachments yet.
    static func confirmed(_ request: any CloudRequest, scope: StepScope, account: String) {
        switch request {
        case let create as CreateRoleRequest:
            scope.observe(role(account, create.roleName), exists: true)
            scope.observe(listing(account, create.roleName), exists: true)
            scope.observe(created(account, create.roleName), exists: true)
        case let create as CreatePolicyRequest:
            scope.observe(policy(account, create.policyName), exists: true)
        case let attach as AttachPolicyToRoleRequest:
            scope.observe(attachment(account, attach.roleName, attach.policyType, attach.policyName), exists: true)
        default:
            return
        }
    }

    /// `existedBefore` for the intent of a create or attach `request`, when the scope's reads tell.
    static func intentDetails(of request: any CloudRequest, scope: StepScope, account: String) -> [String: String] {
        let existed: Bool?
        switch request {
        case let create as CreateRoleRequest: existed = scope.observed(role(account, create.roleName))
        case let create as CreatePolicyRequest: existed = scope.observed(policy(account, create.policyName))
        case let attach as AttachPolicyToRoleRequest:
            let subject = attachment(account, attach.roleName, attach.policyType, attach.policyName)
            existed = scope.observed(subject) ?? (scope.observed(listing(account, attach.roleName)) == true ? false : nil)
        case let update as UpdateRoleRequest:
            existed = createdInStep(update.roleName, scope: scope, account: account) ? false : nil
        default: existed = nil
        }
        return existed.map { [existedKey: $0 ? "yes" : "no"] } ?? [:]
    }

    /// Whether `request` needs no preimage read: it updates a role this step created (its CreateRole
    /// confirmed), which had no earlier state for undo to restore, since undo deletes the role.
    static func needsNoPreimage(_ request: any CloudRequest, scope: StepScope, account: String) -> Bool {
        guard let update = request as? UpdateRoleRequest else { return false }
        return createdInStep(update.roleName, scope: scope, account: account)
    }

    private static func createdInStep(_ roleName: String, scope: StepScope, account: String) -> Bool {
        scope.observed(created(account, roleName)) == true
    }

    private static func role(_ account: String, _ name: String) -> String { "role:\(account)/\(name.lowercased())" }
    private static func policy(_ account: String, _ name: String) -> String { "policy:\(account)/\(name.lowercased())" }
    private static func created(_ account: String, _ name: String) -> String { "created:\(account)/\(name.lowercased())" }
    private static func listing(_ account: String, _ role: String) -> String { "listed:\(account)/\(role.lowercased())" }
    private static func attachment(_ account: String, _ role: String, _ type: String, _ policy: String) -> String {
        "attached:\(account)/\(role.lowercased())/\(type.lowercased()):\(policy.lowercased())"
    }
}
