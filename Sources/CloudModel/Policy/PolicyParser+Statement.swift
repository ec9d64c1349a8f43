extension PolicyParser {
    /// The statement members each kind accepts.
    var allowedStatementMembers: [String] {
        switch kind {
        case .identity: ["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition"]
        case .trust: ["Sid", "Effect", "Action", "Principal", "Condition"]
        case .keyPolicy: ["Sid", "Effect", "Action", "Principal", "Resource", "Condition"]
        }
    }

    /// Members that are valid in some policy language but not in this one, with the reason.
    var refusedStatementMembers: [String: String] {
        switch kind {
        case .identity:
            ["Principal": "identity policies apply to whoever they are attached to; name resources in Resource"]
        case .trust:
            [
                "NotAction": "use Action with sts:AssumeRole",
                "Resource": "the role itself is the resource of a trust policy",
                "NotResource": "the role itself is the resource of a trust policy",
            ]
        case .keyPolicy:
            [
                "NotAction": "key policies list actions in Action",
                "NotResource": "key policies use Resource \"*\" (the key itself)",
            ]
        }
    }

    /// Validates one element of `Statement`.
    func statement(_ value: JSONValue, at path: String) throws(PolicyError) -> Statement {
        guard case .object(let object) = value else {
            throw malformed("\(path) must be an object, got \(value.typeDescription)")
        }
        let fields = try members(
            of: object, at: path, allowed: allowedStatementMembers, refused: refusedStatementMembers
        )
        let sid = try self.sid(fields["Sid"], at: "\(path).Sid")
        let effect = try self.effect(fields["Effect"], at: "\(path).Effect")
        let actions = try self.actions(fields, at: path)
        let resources = try self.resources(fields, at: path)
        let principal = try fields["Principal"].map { (value) throws(PolicyError) in
            try self.principal(value, at: "\(path).Principal")
        }
        if kind.isResourceBased, principal == nil {
            throw malformed("\(path).Principal is required in \(kind.withArticle)")
        }
        let conditions =
            try fields["Condition"].map { (value) throws(PolicyError) in
                try self.conditions(value, at: "\(path).Condition")
            } ?? []
        return Statement(
            sid: sid, effect: effect, actions: actions, resources: resources, principal: principal,
            conditions: conditions
        )
    }

    /// `Sid`: optional, at most 128 characters of `A-Za-z0-9 _/+=.@-`.
    private func sid(_ value: JSONValue?, at path: String) throws(PolicyError) -> String? {
        guard let value else { return nil }
        guard case .string(let text) = value else {
            throw malformed("\(path) must be a string, got \(value.typeDescription)")
        }
        guard text.count <= 128 else { throw malformed("\(path) must be at most 128 characters, got \(text.count)") }
        if let bad = text.first(where: { !Self.sidCharacters.contains($0) }) {
            throw malformed("\(path) may contain only letters, digits, spaces and _/+=.@-, got \(quoted(String(bad)))")
        }
        return text
    }

    private static let sidCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _/+=.@-")

    /// `Effect`: required, exactly `Allow` or `Deny` (case-sensitive, divergence POL-003).
    private func effect(_ value: JSONValue?, at path: String) throws(PolicyError) -> Statement.Effect {
        guard let value else { throw malformed("\(path) is required: \"Allow\" or \"Deny\"") }
        guard case .string(let text) = value, let effect = Statement.Effect(rawValue: text) else {
            throw malformed("\(path) must be \"Allow\" or \"Deny\", got \(value.canonicalText)")
        }
        return effect
    }

    /// `Action` / `NotAction`: exactly one; each value shaped for the kind.
    private func actions(_ fields: [String: JSONValue], at path: String) throws(PolicyError) -> PatternList {
        let list: PatternList
        let element: String
        let raw: JSONValue
        switch (fields["Action"], fields["NotAction"]) {
        case (let value?, nil): (list, element, raw) = (.including(try stringList(value, at: "\(path).Action")), "Action", value)
        case (nil, let value?):
            (list, element, raw) = (.excluding(try stringList(value, at: "\(path).NotAction")), "NotAction", value)
        case (.some, .some): throw malformed("\(path) must have either Action or NotAction, not both")
        case (nil, nil): throw malformed("\(path).Action is required")
        }
        for (index, action) in list.patterns.enumerated() {
            // Built only for an error message.
            func place() -> String { elementPath("\(path).\(element)", index, in: raw) }
            switch kind {
            case .identity:
                guard action == "*" || Self.isServiceAction(action) else {
                    throw malformed(
                        "\(place()) must be \"*\" or \"<service>:<action>\" such as \"kms:Decrypt\", got \(quoted(action))")
                }
            case .keyPolicy:
                guard action.lowercased().hasPrefix("kms:"), action.count > 4 else {
                    throw malformed("\(place()) must start with \"kms:\" in a key policy, got \(quoted(action))")
                }
            case .trust:
                guard Self.isServiceAction(action),
                    Self.assumeRoleActions.contains(where: { WildcardPattern(action, caseInsensitive: true).matches($0) })
                else {
                    throw malformed(
                        "\(place()) must be an STS assume-role action such as \"sts:AssumeRole\", got \(quoted(action))")
                }
            }
        }
        return list
    }

    /// Actions a trust policy may grant.
    static let assumeRoleActions = ["sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithOIDC"]

    /// `<service>:<name>` with both parts non-empty and no further colon.
    private static func isServiceAction(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty
    }

    /// `Resource` / `NotResource`: identity policies need exactly one; key policies need
    /// `Resource` with only `*`; trust policies have none (refused earlier).
    private func resources(_ fields: [String: JSONValue], at path: String) throws(PolicyError) -> PatternList? {
        switch kind {
        case .trust:
            return nil
        case .keyPolicy:
            guard let value = fields["Resource"] else {
                throw malformed("\(path).Resource is required in a key policy and must be \"*\"")
            }
            let list = try stringList(value, at: "\(path).Resource")
            for (index, resource) in list.enumerated() where resource != "*" {
                throw malformed(
                    "\(elementPath("\(path).Resource", index, in: value)) must be \"*\" in a key policy "
                        + "(it stands for the key itself), got \(quoted(resource))"
                )
            }
            return .including(list)
        case .identity:
            let list: PatternList
            let element: String
            let raw: JSONValue
            switch (fields["Resource"], fields["NotResource"]) {
            case (let value?, nil):
                (list, element, raw) = (.including(try stringList(value, at: "\(path).Resource")), "Resource", value)
            case (nil, let value?):
                (list, element, raw) = (.excluding(try stringList(value, at: "\(path).NotResource")), "NotResource", value)
            case (.some, .some): throw malformed("\(path) must have either Resource or NotResource, not both")
            case (nil, nil): throw malformed("\(path).Resource is required in an identity policy")
            }
            for (index, resource) in list.patterns.enumerated() where resource != "*" && !resource.hasPrefix("acs:") {
                throw malformed(
                    "\(elementPath("\(path).\(element)", index, in: raw)) must be \"*\" or an ARN "
                        + "\"acs:<service>:<region>:<account>:<resource>\", got \(quoted(resource))"
                )
            }
            return list
        }
    }
}
