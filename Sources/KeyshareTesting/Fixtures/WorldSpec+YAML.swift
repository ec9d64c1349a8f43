extension WorldSpec {
    /// The world file text (format: world-contract.md). Strings are double-quoted and policy
    /// documents are YAML flow mappings carrying exactly the JSON members of `PolicyFixture`.
    package func yaml() -> String {
        var lines = ["version: 1", "default_region: \(q(defaultRegion))"]
        if let directory = resourceDirectory {
            lines.append("resource_directory:")
            lines.append("  id: \(q(directory.id))")
            lines.append("  management_account: \(q(directory.managementAccount))")
            if !directory.folders.isEmpty {
                lines.append("  folders:")
                for folder in directory.folders {
                    var entry = "    - { id: \(q(folder.id)), name: \(q(folder.name))"
                    if let parent = folder.parent { entry += ", parent: \(q(parent))" }
                    lines.append(entry + " }")
                }
            }
        }
        lines.append("accounts:")
        for account in accounts { lines += accountLines(account) }
        return lines.joined(separator: "\n") + "\n"
    }

    private func accountLines(_ account: Account) -> [String] {
        var lines = ["  - id: \(q(account.id))", "    name: \(q(account.name))"]
        if let folder = account.folder { lines.append("    folder: \(q(folder))") }
        if !account.tags.isEmpty {
            let tags = account.tags.keys.sorted().map { "\(q($0)): \(q(account.tags[$0, default: ""]))" }
            lines.append("    tags: { \(tags.joined(separator: ", ")) }")
        }
        if !account.accessKeys.isEmpty {
            lines.append("    access_keys:")
            for key in account.accessKeys {
                let user = key.user.map(q) ?? "null"
                lines.append("      - { id: \(q(key.id)), secret: \(q(key.secret)), user: \(user) }")
            }
        }
        if !account.users.isEmpty {
            lines.append("    users:")
            for user in account.users {
                lines.append("      - { name: \(q(user.name)), policies: \(list(user.policies)) }")
            }
        }
        if !account.policies.isEmpty {
            lines.append("    policies:")
            for policy in account.policies {
                lines.append("      - name: \(q(policy.name))")
                lines.append("        document: \(policy.document.tree.yamlFlow)")
            }
        }
        if !account.roles.isEmpty {
            lines.append("    roles:")
            for role in account.roles {
                lines.append("      - name: \(q(role.name))")
                lines.append("        trust: \(role.trust.tree.yamlFlow)")
                lines.append("        policies: \(list(role.policies))")
            }
        }
        if !account.kmsInstances.isEmpty {
            lines.append("    kms_instances:")
            for instance in account.kmsInstances {
                lines.append("      - { id: \(q(instance.id)), region: \(q(instance.region)), vpc_num: \(instance.vpcNum), "
                    + "key_num: \(instance.keyNum), bound_vpcs: \(instance.boundVPCs) }")
            }
        }
        if !account.keys.isEmpty {
            lines.append("    keys:")
            for key in account.keys {
                lines.append("      - id: \(q(key.id))")
                if let instance = key.instance { lines.append("        instance: \(q(instance))") }
                lines.append("        region: \(q(key.region))")
                if let alias = key.alias { lines.append("        alias: \(q(alias))") }
                lines.append("        state: \(q(key.state))")
                lines.append("        spec: \(q(key.spec))")
                if let policy = key.policy { lines.append("        policy: \(policy.tree.yamlFlow)") }
            }
        }
        return lines
    }

    private func q(_ text: String) -> String { JSONTree.quote(text) }

    private func list(_ items: [String]) -> String { "[" + items.map(q).joined(separator: ", ") + "]" }
}
