import CloudModel

/// Reads the principals out of a key policy's text without judging its grammar (see
/// ``PolicyPrincipalEntry``): the audit reports what a policy says even where the simulator's
/// parser would refuse it.
enum KeyPolicyReader {
    /// Every principal of every statement, in document order.
    ///
    /// - Throws: ``KeyPolicyReadError`` when the text is not JSON or has no `Statement`.
    static func entries(_ text: String) throws(KeyPolicyReadError) -> [PolicyPrincipalEntry] {
        let root: JSONValue
        do {
            root = try JSONValue.parse(text)
        } catch {
            throw KeyPolicyReadError(reason: "not JSON (\(error.reason) at byte \(error.offset))")
        }
        guard let statementValue = member("Statement", of: root) else {
            throw KeyPolicyReadError(reason: "no Statement element")
        }
        let statements: [JSONValue]
        switch statementValue {
        case .array(let list): statements = list
        case .object: statements = [statementValue]
        default: throw KeyPolicyReadError(reason: "Statement is neither an object nor an array")
        }
        var result: [PolicyPrincipalEntry] = []
        for (index, statement) in statements.enumerated() {
            let sid = member("Sid", of: statement).flatMap(string)
            let effect = member("Effect", of: statement).flatMap(string) ?? "(no Effect)"
            let actions =
                strings(member("Action", of: statement))
                + strings(member("NotAction", of: statement)).map { "not " + $0 }
            let conditional = member("Condition", of: statement) != nil
            let label = sid.map { "statement \"\($0)\"" } ?? "Statement[\(index)]"
            func entry(_ text: String, reach: PrincipalReach? = nil) -> PolicyPrincipalEntry {
                let classified = PrincipalReach.classify(text)
                return PolicyPrincipalEntry(
                    principal: text, reach: reach ?? classified.reach, account: classified.account,
                    role: classified.role, statement: label, sid: sid, index: index, effect: effect,
                    actions: actions, conditional: conditional)
            }
            for text in principals(member("Principal", of: statement)) { result.append(entry(text)) }
            // Everyone but the listed principals: as wide as a wildcard.
            for text in principals(member("NotPrincipal", of: statement)) {
                result.append(entry("NotPrincipal " + text, reach: .wildcard))
            }
        }
        return result
    }

    /// `Principal: "*"`, or the strings under each of its keys (`RAM`, `Service`, …).
    private static func principals(_ value: JSONValue?) -> [String] {
        guard let value else { return [] }
        if case .object(let members) = value { return members.flatMap { strings($0.value) } }
        return strings(value)
    }

    /// A string, or the strings of an array; other values are skipped.
    private static func strings(_ value: JSONValue?) -> [String] {
        switch value {
        case .string(let text)?: [text]
        case .array(let list)?: list.compactMap(string)
        default: []
        }
    }

    private static func string(_ value: JSONValue) -> String? {
        if case .string(let text) = value { return text }
        return nil
    }

    /// The member named `name` of an object (exact spelling first, then ignoring case).
    private static func member(_ name: String, of value: JSONValue) -> JSONValue? {
        guard case .object(let members) = value else { return nil }
        return members.first { $0.key == name }?.value ?? members.first { $0.key.lowercased() == name.lowercased() }?.value
    }
}

/// A key policy whose principals cannot be read.
struct KeyPolicyReadError: Error, Sendable {
    /// Why, without quoting the policy.
    var reason: String
}
