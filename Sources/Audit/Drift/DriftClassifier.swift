import CloudAPI
import CloudModel

/// Turns the writes a run would send into drift findings per account: each write the playbook
/// would make is a part of its declared state that no longer holds there. Writes that follow from
/// another (the policy attached to a role the run would create) are folded into it, and keyshare's
/// bookkeeping (verification disks, the role-description marks) is never drift.
struct DriftClassifier {
    /// Findings by the account they concern (a key-policy write counts for the accounts of the
    /// principals it adds or removes, else for the key's owner; "" for a call acting as no account).
    private(set) var findings: [String: [DriftFinding]] = [:]
    /// Principals (lowercased ARNs) some key-policy write would add.
    private(set) var added: Set<String> = []
    /// Roles the run would create, per account (`account/role`, lowercased).
    private var created: Set<String> = []

    /// Classifies `writes`, in the order they were sent.
    init(_ writes: [PlannedWrite]) {
        for write in writes { classify(write) }
    }

    private mutating func classify(_ write: PlannedWrite) {
        guard let account = write.account?.rawValue else {
            note("", Self.generic(write))
            return
        }
        let refused = write.refusal.map { " (a run would try, and be refused: \($0))" } ?? ""
        switch write.subject {
        case .createRole(let name):
            created.insert(Self.roleKey(account, name))
            note(
                account,
                DriftFinding(
                    kind: "role-missing", severity: .drift,
                    message: "role \(name) does not exist\(refused)", subject: "role/\(name)"))
        case .updateRoleTrust(let name, let current, let declared):
            guard !created.contains(Self.roleKey(account, name)) else { return }
            let comparison = PolicyComparison(current: current, declared: declared, kind: .trust)
            note(
                account,
                DriftFinding(
                    kind: "role-trust-changed", severity: .drift,
                    message: "role \(name): the trust policy \(comparison.trustSentence)\(refused)",
                    subject: "role/\(name)", current: comparison.current?.canonicalJSON ?? current,
                    declared: comparison.declared?.canonicalJSON ?? declared))
        case .updateRoleDescription, .verificationDisk:
            return
        case .deleteRole(let name):
            note(
                account,
                DriftFinding(
                    kind: "write", severity: .drift,
                    message: "role \(name) exists; the playbook deletes it\(refused)", subject: "role/\(name)"))
        case .createPolicy(let name):
            note(
                account,
                DriftFinding(
                    kind: "policy-missing", severity: .drift,
                    message: "custom policy \(name) does not exist\(refused)", subject: "policy/\(name)"))
        case .createPolicyVersion(let name, let current, let version, let declared):
            let comparison = PolicyComparison(current: current, declared: declared, kind: .identity)
            let named = version.map { " (default version \($0))" } ?? ""
            note(
                account,
                DriftFinding(
                    kind: "policy-changed", severity: .drift,
                    message: "custom policy \(name)\(named) differs: it \(comparison.actionSentence)\(refused)",
                    subject: "policy/\(name)", current: comparison.current?.canonicalJSON ?? current,
                    declared: comparison.declared?.canonicalJSON ?? declared))
        case .attachPolicy(let policy, let type, let role):
            // A role the run would create has nothing attached: its absence says it all.
            guard !created.contains(Self.roleKey(account, role)) else { return }
            note(
                account,
                DriftFinding(
                    kind: "policy-detached", severity: .drift,
                    message: "\(type) policy \(policy) is not attached to role \(role)\(refused)",
                    subject: "role/\(role)"))
        case .detachPolicy(let policy, let type, let role):
            note(
                account,
                DriftFinding(
                    kind: "write", severity: .drift,
                    message: "\(type) policy \(policy) is attached to role \(role); the playbook detaches it\(refused)",
                    subject: "role/\(role)"))
        case .setKeyPolicy(let keyID, let current, let declared):
            keyPolicy(keyID: keyID, owner: account, current: current, declared: declared, refused: refused)
        case .other:
            note(account, Self.generic(write))
        }
    }

    /// A key-policy write, told per principal it adds (grant missing) or removes (grant unexpected).
    private mutating func keyPolicy(keyID: String, owner: String, current: String?, declared: String, refused: String) {
        let comparison = PolicyComparison(current: current, declared: declared, kind: .keyPolicy)
        let now = PolicyComparison.allowedPrincipals(comparison.current)
        let wanted = PolicyComparison.allowedPrincipals(comparison.declared)
        var attributed = false
        for principal in wanted.subtracting(now).sorted() {
            added.insert(principal.lowercased())
            guard let account = Self.account(of: principal) else { continue }
            attributed = true
            note(
                account.rawValue,
                DriftFinding(
                    kind: "grant-missing", severity: .drift,
                    message: "the policy of key \(keyID) does not name \(principal)\(refused)", subject: principal))
        }
        for principal in now.subtracting(wanted).sorted() {
            guard let account = Self.account(of: principal) else { continue }
            attributed = true
            note(
                account.rawValue,
                DriftFinding(
                    kind: "grant-unexpected", severity: .drift,
                    message: "the policy of key \(keyID) names \(principal); the playbook removes it\(refused)",
                    subject: principal))
        }
        if !attributed {
            note(
                owner,
                DriftFinding(
                    kind: "key-policy-changed", severity: .drift,
                    message: "the policy of key \(keyID) differs from the one the playbook writes\(refused)",
                    subject: keyID, current: comparison.current?.canonicalJSON ?? current,
                    declared: comparison.declared?.canonicalJSON ?? declared))
        }
    }

    private mutating func note(_ account: String, _ finding: DriftFinding) {
        findings[account, default: []].append(finding)
    }

    /// Whether the run would create role `name` of `account`.
    func creates(role name: String, in account: String) -> Bool { created.contains(Self.roleKey(account, name)) }

    private static func generic(_ write: PlannedWrite) -> DriftFinding {
        let refused = write.refusal.map { " (and be refused: \($0))" } ?? ""
        return DriftFinding(
            kind: "write", severity: .drift,
            message: "a run would send \(write.action)\(refused)", subject: write.action)
    }

    private static func roleKey(_ account: String, _ name: String) -> String { "\(account)/\(name.lowercased())" }

    /// The account of a RAM principal (`acs:ram::<uid>:…`); nil for services.
    static func account(of principal: String) -> AccountID? {
        guard principal.hasPrefix("acs:ram::") else { return nil }
        return AccountID(String(principal.dropFirst("acs:ram::".count).prefix { $0 != ":" }))
    }
}
