import CloudModel

/// What two versions of a policy document differ in, in the words drift prints: the principals a
/// trust or key policy names, the actions an identity policy allows and denies.
struct PolicyComparison {
    /// The document in force, parsed (nil when absent or unparsable).
    let current: PolicyDocument?
    /// The document the playbook writes, parsed.
    let declared: PolicyDocument?

    /// Parses both texts as `kind`.
    init(current: String?, declared: String, kind: PolicyKind) {
        self.current = current.flatMap { try? PolicyDocument.parse($0, kind: kind) }
        self.declared = try? PolicyDocument.parse(declared, kind: kind)
    }

    /// Principals named by the `Allow` statements (`ecs.aliyuncs.com`, `acs:ram::…:role/…`).
    static func allowedPrincipals(_ document: PolicyDocument?) -> Set<String> {
        principals(document, effect: .allow)
    }

    /// Principals named by statements of `effect`.
    static func principals(_ document: PolicyDocument?, effect: Statement.Effect) -> Set<String> {
        var found = Set<String>()
        for statement in document?.statements ?? [] where statement.effect == effect {
            for entry in statement.principal?.entries ?? [] { found.insert(entry.description) }
        }
        return found
    }

    /// Action patterns of statements of `effect` (`NotAction` written as `not kms:Decrypt`).
    static func actions(_ document: PolicyDocument?, effect: Statement.Effect) -> Set<String> {
        var found = Set<String>()
        for statement in document?.statements ?? [] where statement.effect == effect {
            switch statement.actions {
            case .including(let patterns): found.formUnion(patterns)
            case .excluding(let patterns): found.formUnion(patterns.map { "not " + $0 })
            }
        }
        return found
    }

    /// How a trust policy differs: whom it trusts now and whom the playbook declares.
    var trustSentence: String {
        let now = Self.allowedPrincipals(current)
        let wanted = Self.allowedPrincipals(declared)
        guard current != nil else {
            return "its trust policy could not be read; the playbook declares trust in \(Self.list(wanted))"
        }
        var parts: [String] = []
        let lost = wanted.subtracting(now)
        let extra = now.subtracting(wanted)
        if !lost.isEmpty { parts.append("no longer trusts \(Self.list(lost))") }
        if !extra.isEmpty { parts.append("now trusts \(Self.list(extra))") }
        let denied = Self.principals(current, effect: .deny).subtracting(Self.principals(declared, effect: .deny))
        if !denied.isEmpty { parts.append("denies \(Self.list(denied))") }
        if parts.isEmpty { parts.append("trusts the same principals under other actions or conditions") }
        return parts.joined(separator: " and ") + " (declared: \(Self.list(wanted)))"
    }

    /// How an identity policy differs: actions allowed or denied that the declared one does not.
    var actionSentence: String {
        guard current != nil else { return "its document could not be read" }
        var parts: [String] = []
        let missing = Self.actions(declared, effect: .allow).subtracting(Self.actions(current, effect: .allow))
        let extra = Self.actions(current, effect: .allow).subtracting(Self.actions(declared, effect: .allow))
        let denies = Self.actions(current, effect: .deny).subtracting(Self.actions(declared, effect: .deny))
        if !missing.isEmpty { parts.append("no longer allows \(Self.list(missing))") }
        if !extra.isEmpty { parts.append("also allows \(Self.list(extra))") }
        if !denies.isEmpty { parts.append("denies \(Self.list(denies))") }
        if parts.isEmpty { parts.append("allows the same actions on other resources or conditions") }
        return parts.joined(separator: ", ")
    }

    /// `a, b and c`, sorted; `nobody` when empty.
    static func list(_ items: Set<String>) -> String {
        let sorted = items.sorted()
        guard let last = sorted.last else { return "nobody" }
        return sorted.count == 1 ? last : sorted.dropLast().joined(separator: ", ") + " and " + last
    }
}
