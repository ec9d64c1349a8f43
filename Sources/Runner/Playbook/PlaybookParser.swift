import CloudModel
import Foundation
import LuaKit

/// Checks a playbook table against the catalog, collecting every problem as a ``Diagnostic``.
struct PlaybookParser {
    let label: String
    let source: String
    let catalog: PluginCatalog

    func parse(_ table: LuaTable, name: String) throws -> Playbook {
        var problems: [Diagnostic] = []
        let locate = PluginValidator(name: name, label: label, source: source, file: URL(fileURLWithPath: label))
        func problem(_ message: String, near field: String) { problems.append(locate.fail(message, near: field)) }

        let known: Set<String> = Set([
            "description", "owner", "key", "keys", "region", "inventory", "targets", "params", "steps",
            "hooks", "name",
        ]).union(PlaybookStagingParser.fields)
        for case .string(let field) in table.fields.keys where !known.contains(field) {
            let hint = WireName.nearest(to: field, in: known).map { " (did you mean '\($0)'?)" } ?? ""
            problem("unknown playbook field '\(field)'\(hint); valid: \(known.sorted().joined(separator: ", "))", near: field)
        }
        var owner: AccountID?
        switch table["owner"] {
        case .nil: break
        case .string(let text):
            owner = AccountID(text)
            if owner == nil { problem("owner '\(text)' is not an account UID (digits, quoted)", near: "owner") }
        default: problem("owner must be an account UID string, e.g. \"1000000000000001\"", near: "owner")
        }
        let key = table["key"].stringValue
        if table["key"] != .nil, key == nil { problem("key must be a string (key id, alias/… or ARN)", near: "key") }
        var keys: [String] = []
        switch table["keys"] {
        case .nil: break
        case .table(let list) where !list.array.isEmpty && list.array.allSatisfy({ $0.stringValue != nil }):
            keys = list.array.compactMap(\.stringValue)
            if key != nil { problem("give either key = \"…\" or keys = { … }, not both", near: "keys") }
        default:
            problem(
                "keys must be a non-empty list of key ids, aliases, ARNs or alias patterns such as "
                    + "\"alias/shared-disk-key*\"", near: "keys")
        }

        var inventory = Playbook.Inventory.literal([])
        switch table["inventory"] {
        case .nil:
            if case .table(let targets) = table["targets"] { inventory = .literal(targets.array) }
        case .string(let plugin):
            if catalog.plugins[plugin]?.provides[.inventory] == nil {
                problem(
                    "inventory '\(plugin)' is not an inventory plugin (available: "
                        + catalog.sorted.filter { $0.provides[.inventory] != nil }.map(\.name).joined(separator: ", ") + ")",
                    near: "inventory")
            }
            inventory = .plugin(plugin)
        case .function(let function): inventory = .function(function)
        default: problem("inventory must be a plugin name or a function(ctx, params)", near: "inventory")
        }

        var steps: [Playbook.Step] = []
        if case .table(let list) = table["steps"], !list.array.isEmpty {
            for entry in list.array {
                switch entry {
                case .function(let function): steps.append(.inline(function))
                case .string(let text):
                    let parts = text.split(separator: ".", maxSplits: 1).map(String.init)
                    let plugin = parts[0]
                    let action = parts.count > 1 ? parts[1] : parts[0]
                    guard let info = catalog.plugins[plugin], let actions = info.provides[.action] else {
                        problem(
                            "step '\(text)': no action plugin '\(plugin)' (available: "
                                + catalog.sorted.filter { $0.provides[.action] != nil }.map(\.name).joined(separator: ", ") + ")",
                            near: "steps")
                        continue
                    }
                    guard actions[action] != nil else {
                        problem(
                            "step '\(text)': plugin '\(plugin)' has no action '\(action)' (actions: "
                                + actions.keys.sorted().joined(separator: ", ") + ")", near: "steps")
                        continue
                    }
                    steps.append(.action(plugin: plugin, name: action))
                default: problem("steps must be \"plugin.action\" strings or functions", near: "steps")
                }
            }
        } else {
            problem("steps must be a non-empty list of \"plugin.action\" strings or functions", near: "steps")
        }

        var hooks: [(String, String)] = []
        if case .table(let list) = table["hooks"] {
            for case .string(let text) in list.array {
                let parts = text.split(separator: ".", maxSplits: 1).map(String.init)
                guard parts.count == 2, catalog.plugins[parts[0]]?.provides[.hook]?[parts[1]] != nil else {
                    problem("hook '\(text)' is not a plugin hook (write \"plugin.hook\")", near: "hooks")
                    continue
                }
                hooks.append((parts[0], parts[1]))
            }
        }
        let staging = PlaybookStagingParser.parse(table, catalog: catalog) { problem($0, near: $1) }
        var params = LuaTable()
        switch table["params"] {
        case .nil: break
        case .table(let values): params = values
        default: problem("params must be a table of name = value", near: "params")
        }
        if !problems.isEmpty { throw DiagnosticsError(diagnostics: problems) }
        return Playbook(
            name: name, label: label, description: table["description"].stringValue ?? "", owner: owner, key: key, keys: keys,
            region: table["region"].stringValue.map { RegionID($0) }, inventory: inventory, params: params, steps: steps,
            hooks: hooks, concurrency: staging.concurrency, staging: staging.staging)
    }
}
