extension PolicyParser {
    /// Validates `Principal`: an object whose keys are `RAM` only (key policies) or `RAM`,
    /// `Service`, `Federated` (trust policies), each a string or array of principal names.
    func principal(_ value: JSONValue, at path: String) throws(PolicyError) -> PolicyPrincipal {
        let allowed = kind == .keyPolicy ? ["RAM"] : ["RAM", "Service", "Federated"]
        guard case .object(let object) = value else {
            throw malformed(
                "\(path) must be an object such as {\"RAM\": [\"acs:ram::<uid>:role/<name>\"]}, got \(value.typeDescription)"
            )
        }
        let refused =
            kind == .keyPolicy
            ? ["Service": "key policies name RAM identities only", "Federated": "key policies name RAM identities only"]
            : [:]
        let fields = try members(of: object, at: path, allowed: allowed, refused: refused)
        guard !fields.isEmpty else { throw malformed("\(path) must name at least one of \(allowed.joined(separator: ", "))") }
        var entries: [PrincipalPattern] = []
        for key in allowed {
            guard let list = fields[key] else { continue }
            let names = try stringList(list, at: "\(path).\(key)")
            for (index, name) in names.enumerated() {
                entries.append(try entry(name, key: key, at: elementPath("\(path).\(key)", index, in: list)))
            }
        }
        return PolicyPrincipal(entries)
    }

    /// One principal name, checked against the forms its key and kind accept.
    // `place` is built only for an error: a key policy names hundreds of principals.
    private func entry(_ name: String, key: String, at place: @autoclosure () -> String) throws(PolicyError)
        -> PrincipalPattern
    {
        switch key {
        case "RAM":
            if let pattern = PrincipalPattern(ram: name, allowAnyIdentity: kind == .keyPolicy) { return pattern }
            let forms =
                kind == .keyPolicy
                ? "acs:ram::<uid>:*, acs:ram::<uid>:root, acs:ram::<uid>:user/<name> or acs:ram::<uid>:role/<name>"
                : "acs:ram::<uid>:root, acs:ram::<uid>:user/<name> or acs:ram::<uid>:role/<name>"
            throw malformed("\(place()) must be one of \(forms), got \(quoted(name))")
        case "Service":
            if let pattern = PrincipalPattern(service: name) { return pattern }
            throw malformed(
                "\(place()) must be a service such as \"ecs.aliyuncs.com\" or \"<uid>@ecs.aliyuncs.com\", got \(quoted(name))")
        default:
            if let pattern = PrincipalPattern(federated: name) { return pattern }
            throw malformed(
                "\(place()) must be acs:ram::<uid>:saml-provider/<name> or acs:ram::<uid>:oidc-provider/<name>, got \(quoted(name))"
            )
        }
    }
}
