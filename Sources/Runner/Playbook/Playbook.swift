import CloudModel
import Foundation
import LuaKit
import Rollout

/// A playbook: the Lua file's returned table, checked against the plugin catalog.
///
/// ```lua
/// return {
///   description = "…", owner = "1000000000000001", key = "alias/shared-disk-key", region = "cn-hangzhou",
///   -- or a pool when one key policy cannot hold every target: keys = { "alias/shared-disk-key*" },
///   inventory = "resource-directory",          -- a plugin, a function(ctx, params), or `targets = {…}`
///   params = { folder = "fd-prod" },           -- values for the plugins' declared params
///   steps = { "ecs-key-sharing.share", function(ctx, params) … end },
///   hooks = { "approval.before_run" },         -- optional gates
///   concurrency = 20,                          -- or "10%" of the targets
///   canary = 1, batches = { "10%", "100%" },   -- staging (see PlaybookStagingParser)
///   pause = "canary", tolerance = 2, tolerance_mode = "strict",
/// }
/// ```
package struct Playbook: Sendable {
    /// One step: a plugin action or an inline function.
    package enum Step: Sendable {
        case action(plugin: String, name: String)
        case inline(LuaReference)
    }

    /// Where targets come from.
    package enum Inventory: Sendable {
        case plugin(String)
        case function(LuaReference)
        case literal([LuaValue])
    }

    /// The file name without `.lua`, used as the suite name by reporters.
    package var name: String
    /// The path as given, for messages.
    package var label: String
    /// One line.
    package var description: String
    /// The key owner; nil to use the backend's default account.
    package var owner: AccountID?
    /// The key to share (id, alias or ARN), if the steps need one.
    package var key: String?
    /// A pool of keys to spread targets over (ids, aliases, ARNs, alias patterns ending in `*`).
    package var keys: [String] = []
    /// The region; nil for the run's default.
    package var region: RegionID?
    /// Where targets come from.
    package var inventory: Inventory
    /// Parameter values given by the playbook.
    package var params: LuaTable
    /// The steps, in order.
    package var steps: [Step]
    /// `before_run` gates (`plugin.hook`).
    package var hooks: [(plugin: String, name: String)]
    /// Targets in flight at once (a count or a percentage), unless `--concurrency` says otherwise.
    package var concurrency: RolloutAmount?
    /// Canary, batches, pauses and failure tolerance, unless options say otherwise.
    package var staging = PlaybookStaging()

    /// The plugins the playbook uses, for parameter collection.
    package var plugins: [String] {
        var names: [String] = []
        if case .plugin(let name) = inventory { names.append(name) }
        for case .action(let plugin, _) in steps { names.append(plugin) }
        names += hooks.map(\.plugin)
        if let hook = staging.hook { names.append(hook.plugin) }
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }

    /// True when a script's result looks like a playbook (a table with `steps`).
    package static func isPlaybook(_ value: LuaValue) -> Bool {
        if case .table(let table) = value, table["steps"] != .nil { return true }
        return false
    }
}
