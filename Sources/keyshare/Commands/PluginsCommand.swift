import ArgumentParser
import Foundation
import Runner

/// `keyshare plugins list|show NAME|stubs`: what the plugin folders hold.
struct Plugins: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List and describe plugins (plugins/, ~/.config/keyshare/plugins, --plugin-path).",
        subcommands: [List.self, Show.self, Stubs.self],
        defaultSubcommand: List.self
    )

    /// The plugin folders option shared by the subcommands.
    struct Paths: ParsableArguments {
        @Option(name: .customLong("plugin-path"), help: "An extra plugin folder, searched first (repeatable).")
        var pluginPaths: [String] = []

        /// Loads the catalog without a cloud (plugins must not call bindings at load time).
        func catalog() throws -> PluginCatalog {
            let searchPath = PluginSearchPath(extra: pluginPaths.map { URL(fileURLWithPath: $0) })
            return try PluginInspector.catalog(searchPath)
        }
    }

    /// `keyshare plugins list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List plugins with their kinds and categories.")
        @OptionGroup var paths: Paths

        func run() async throws {
            let catalog = try paths.catalog()
            for plugin in catalog.sorted {
                let kinds = plugin.provides.keys.map(\.rawValue).sorted().joined(separator: ",")
                print("\(plugin.name.padding(toLength: 20, withPad: " ", startingAt: 0)) \(plugin.version.padding(toLength: 8, withPad: " ", startingAt: 0)) "
                      + "\(kinds.padding(toLength: 10, withPad: " ", startingAt: 0)) [\(plugin.categories.joined(separator: ","))] \(plugin.description)")
            }
            for diagnostic in catalog.diagnostics {
                FileHandle.standardError.write(Data("error: \(diagnostic)\n".utf8))
            }
            if !catalog.diagnostics.isEmpty { throw ExitCode.failure }
        }
    }

    /// `keyshare plugins show NAME`.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a plugin's params, categories and what it provides.")
        @OptionGroup var paths: Paths
        @Argument(help: "The plugin name (its folder).")
        var name: String

        func run() async throws {
            let catalog = try paths.catalog()
            guard let plugin = catalog.plugins[name] else {
                let known = catalog.sorted.map(\.name).joined(separator: ", ")
                throw ValidationError("no plugin '\(name)' (available: \(known))")
            }
            print("\(plugin.name) \(plugin.version) — \(plugin.description)")
            print("file: \(plugin.file.path)")
            print("categories: \(plugin.categories.joined(separator: ", "))")
            for (kind, entries) in plugin.provides.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                print("\(kind.rawValue):")
                for (entry, doc) in entries.sorted(by: { $0.key < $1.key }) {
                    let call = kind == .action || kind == .hook ? "\(plugin.name).\(entry)" : entry
                    print("  \(call)\(doc.isEmpty ? "" : " — \(doc)")")
                }
            }
            print("params:\(plugin.params.isEmpty ? " none" : "")")
            for param in plugin.params { print("  \(param.summary)") }
        }
    }

    /// `keyshare plugins stubs`: prints `plugins/_meta/keyshare.lua`.
    struct Stubs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the LuaLS stubs of every binding (the content of plugins/_meta/keyshare.lua).")

        func run() async throws { print(BindingStubs.render(), terminator: "") }
    }
}
