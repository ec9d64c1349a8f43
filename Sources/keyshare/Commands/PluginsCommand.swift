import ArgumentParser
import Foundation
import Runner

/// `keyshare plugins list|show NAME|stubs`: what the plugin folders hold.
struct Plugins: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List and describe plugins (--plugin-path, ./plugins, ~/.config/keyshare/plugins, the installation).",
        discussion: """
            Plugins are searched in this order, and the first folder holding a name wins: --plugin-path \
            folders; the working tree's plugins/ (of the working directory, or the nearest one above it \
            with a _lib); $XDG_CONFIG_HOME/keyshare/plugins (else ~/.config/keyshare/plugins); the \
            installation ($KEYSHARE_PLUGINS, else <prefix>/share/keyshare/plugins next to \
            <prefix>/bin/keyshare, or the plugins/ of the checkout the executable was built in). \
            `keyshare run` uses the same order. `plugins list` shows where each plugin came from.
            """,
        subcommands: [List.self, Show.self, Stubs.self],
        defaultSubcommand: List.self
    )

    /// The plugin folders option shared by the subcommands.
    struct Paths: ParsableArguments {
        @Option(name: .customLong("plugin-path"), help: "An extra plugin folder, searched first (repeatable).")
        var pluginPaths: [String] = []

        func validate() throws { try Self.checkPluginPaths(pluginPaths) }

        /// The search path: `--plugin-path` first, then the working tree, the user's folder, the installation.
        var searchPath: PluginSearchPath {
            PluginSearchPath.discover(extra: pluginPaths.map { URL(fileURLWithPath: $0) })
        }

        /// Loads the catalog without a cloud (plugins must not call bindings at load time).
        func catalog() throws -> PluginCatalog {
            try PluginInspector.catalog(searchPath)
        }

        /// Refuses a `--plugin-path` that is not a folder, instead of searching without it.
        static func checkPluginPaths(_ paths: [String]) throws {
            for path in paths {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                    throw ValidationError("--plugin-path \(path) is not a folder: pass a folder holding <name>/init.lua plugins")
                }
            }
        }
    }

    /// `keyshare plugins list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List plugins with their kinds and categories.")
        @OptionGroup var paths: Paths

        func run() async throws {
            let searchPath = paths.searchPath
            let catalog = try PluginInspector.catalog(searchPath)
            let sources = Dictionary(searchPath.plugins().map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            for plugin in catalog.sorted {
                let kinds = plugin.provides.keys.map(\.rawValue).sorted().joined(separator: ",")
                var origin = ""
                if let source = sources[plugin.name] {
                    origin =
                        "  (from \(source.root.kind.rawValue): \(source.root.url.path)"
                        + source.shadows.map { "; shadows \($0.kind.rawValue): \($0.url.path)" }.joined() + ")"
                }
                print(
                    "\(plugin.name.padding(toLength: 20, withPad: " ", startingAt: 0)) \(plugin.version.padding(toLength: 8, withPad: " ", startingAt: 0)) "
                        + "\(kinds.padding(toLength: 10, withPad: " ", startingAt: 0)) [\(plugin.categories.joined(separator: ","))] \(plugin.description)"
                        + origin)
            }
            if searchPath.roots.isEmpty {
                StandardError.write(
                    "keyshare: no plugin folder found (searched --plugin-path, ./plugins, "
                        + "\(PluginSearchPath.userFolder(environment: ProcessInfo.processInfo.environment).path), the installation); "
                        + "pass --plugin-path DIR or set KEYSHARE_PLUGINS\n")
            }
            for diagnostic in catalog.diagnostics {
                StandardError.write("error: \(diagnostic)\n")
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
            if let source = paths.searchPath.plugins().first(where: { $0.name == name }) {
                print("from: \(source.root.kind.rawValue) (\(source.root.url.path))")
            }
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
