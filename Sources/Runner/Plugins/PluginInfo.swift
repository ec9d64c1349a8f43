import Foundation
import LuaKit

/// A loaded plugin's metadata: what `keyshare plugins show` prints and what the runner validates
/// a playbook against before anything runs.
package struct PluginInfo: Sendable {
    /// The kinds of things a plugin may provide.
    package enum Kind: String, Sendable, CaseIterable {
        case action, inventory, reporter, hook
    }

    /// The categories a plugin may declare (NSE style), for selection and review.
    package static let categories: Set<String> = ["read-only", "mutating", "destructive"]

    /// The folder name, which is also the `require` name.
    package var name: String
    /// A version string.
    package var version: String
    /// One line.
    package var description: String
    /// `read-only`, `mutating`, `destructive`.
    package var categories: [String]
    /// Declared parameters, sorted by name.
    package var params: [ParamSpec]
    /// What it provides: kind → entry name → doc. Inventory and reporter plugins have one entry, named
    /// after the plugin.
    package var provides: [Kind: [String: String]]
    /// The `init.lua` file.
    package var file: URL
    /// `plugins/<name>/init.lua`, as diagnostics print it.
    package var label: String
}
