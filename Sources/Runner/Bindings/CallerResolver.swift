import CloudAPI
import CloudModel
import LuaKit

/// Turns a binding's caller table into a `CallContext`:
/// `{ account = "2000000000000001", region = "cn-hangzhou", role = "Name", session = "s", user = "u" }`.
/// Absent fields fall back to the run's default caller (the playbook owner's root).
package struct CallerResolver: Sendable {
    /// Who calls when a binding gets no caller table.
    package var defaultCaller: CallContext

    /// Creates a resolver.
    package init(defaultCaller: CallContext) { self.defaultCaller = defaultCaller }

    /// The context for `table` (argument `position` of the binding, for error messages).
    package func context(from table: LuaTable?, position: Int) throws -> CallContext {
        guard let table else { return defaultCaller }
        func text(_ name: String) throws -> String? {
            switch table[name] {
            case .nil: return nil
            case .string(let value): return value
            case .integer(let value): return String(value)
            case let other:
                throw LuaArgumentError(
                    position: position, message: "caller field '\(name)': string expected, got \(other.typeName)")
            }
        }
        var account = defaultCaller.account
        if let text = try text("account") {
            guard let id = AccountID(text) else {
                throw LuaArgumentError(position: position, message: "caller account '\(text)' is not an account UID (digits)")
            }
            account = id
        }
        guard let account else {
            throw LuaArgumentError(position: position, message: "caller has no account: pass { account = \"<uid>\" }")
        }
        let region = try text("region").map { RegionID($0) } ?? defaultCaller.region
        let principal: Principal
        if let role = try text("role") {
            principal = .assumedRole(account, roleName: role, sessionName: try text("session") ?? "keyshare")
        } else if let user = try text("user") {
            principal = .user(account, name: user)
        } else {
            principal = .account(account)
        }
        return CallContext(principal: principal, region: region)
    }
}
