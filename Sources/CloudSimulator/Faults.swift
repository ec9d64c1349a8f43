import CloudAPI
import CloudModel
import Foundation

extension SimulatedCloud {
    /// Turns fault injection on (or off with nil); off by default. Replaces any plan already on.
    package func setFaults(_ plan: FaultPlan?) {
        faults = plan.map { FaultInjector(plan: $0, salt: faultSalt) }
    }

    /// The plan being injected, if any.
    package var faultPlan: FaultPlan? { faults?.plan }

    /// Applies the fault plan to one call: sleeps the latency, then throws the chosen refusal.
    /// Returns whether the call, once applied, must lose its answer to a dropped connection.
    func injectFaults(_ group: APIGroup, action function: String, context: CallContext) async throws -> Bool {
        guard var injector = faults else { return false }
        let action = Self.ramAction(group, function: function)
        let decision = injector.decide(group, action: action, account: context.principal.accountID?.rawValue ?? "-", at: now)
        faults = injector
        if decision.latency > 0 { try await Task.sleep(nanoseconds: UInt64(decision.latency) * 1_000_000) }
        if let error = decision.refusal { throw error }
        return decision.dropsAfter
    }

    /// Notes that `CreateRole` made `name` in `account` (whatever the plan, so a plan put on
    /// later delays it too), for the propagation delay of ``isRoleVisible(_:in:)``.
    func noteRoleCreated(_ name: String, in account: AccountID) {
        rolesCreated[account.rawValue + "/" + name.lowercased()] = now
    }

    /// Whether KMS and STS see role `name` of `account` yet: roles the world seeded (or a state
    /// file kept) always; a role `CreateRole` made in this process once the plan's
    /// ``FaultPlan/rolePropagationSeconds`` have passed on the simulator clock.
    func isRoleVisible(_ name: String, in account: AccountID) -> Bool {
        guard let delay = faults?.plan.rolePropagationSeconds,
            let created = rolesCreated[account.rawValue + "/" + name.lowercased()]
        else { return true }
        return now.timeIntervalSince(created) >= delay
    }

    /// `kms:SetKeyPolicy` from the calling method's name (`setKeyPolicy(_:context:)`) or an action
    /// passed as such: the names differ only in case (`getKmsInstance` ⇄ `GetKmsInstance`).
    static func ramAction(_ group: APIGroup, function: String) -> String {
        // A method name's labels hold colons too (`tagResource(_:context:)`): cut them off first.
        let base = function.prefix { $0 != "(" }
        let name = String(base.split(separator: ":").last ?? base)
        let product = group.product
        if let known = actionNames[product.code + ":" + name.lowercased()] { return known }
        return product.code + ":" + name.prefix(1).uppercased() + name.dropFirst()
    }

    /// `product:lower-cased action` → `product:Action`, for every operation.
    private static let actionNames: [String: String] = Dictionary(
        CloudOperations.all.map { ($0.product.code + ":" + $0.action.lowercased(), $0.ramAction) },
        uniquingKeysWith: { first, _ in first })
}
