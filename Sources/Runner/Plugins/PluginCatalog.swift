import Foundation
import LuaKit

/// The plugins of a search path, loaded into one Lua state, with the diagnostics of those that
/// failed to load. Loading runs each `init.lua` once (it must have no side effects) and stores the
/// returned table in `require("keyshare.plugins")[name]` (not `package.loaded[name]`: the `json`
/// reporter must not shadow the `json` module).
package struct PluginCatalog: Sendable {
    /// Loaded plugins by name.
    package var plugins: [String: PluginInfo]
    /// Problems found, located at `plugins/<name>/init.lua:<line>`.
    package var diagnostics: [Diagnostic]

    /// The plugins sorted by name.
    package var sorted: [PluginInfo] { plugins.values.sorted { $0.name < $1.name } }

    /// Loads every plugin of `searchPath` into `state`.
    package static func load(_ searchPath: PluginSearchPath, into state: LuaState) -> PluginCatalog {
        var catalog = PluginCatalog(plugins: [:], diagnostics: [])
        for (name, folder) in searchPath.pluginFolders() {
            let file = folder.appendingPathComponent("init.lua")
            let label = "plugins/\(name)/init.lua"
            do {
                let source = try String(contentsOf: file, encoding: .utf8)
                let value = try ChunkLoader.run(source, label: label, module: name, in: state)
                let info = try PluginValidator(name: name, label: label, source: source, file: file).validate(value)
                catalog.plugins[name] = info
            } catch let diagnostic as Diagnostic {
                catalog.diagnostics.append(diagnostic)
            } catch {
                catalog.diagnostics.append(Diagnostic(location: label, message: "cannot read: \(error)"))
            }
        }
        return catalog
    }
}

/// Runs Lua source as a chunk and returns its single result, turning failures into diagnostics
/// located by the chunk's own `label:line:` prefix.
enum ChunkLoader {
    private static let loader = """
        local module, source, label = ...
        local chunk, problem = load(source, "=" .. label, "t")
        if chunk == nil then return nil, problem end
        local ok, result = pcall(chunk)
        if not ok then return nil, tostring(result) end
        if module ~= nil then
          local registry = package.loaded["keyshare.plugins"] or {}
          package.loaded["keyshare.plugins"] = registry
          registry[module] = result
        end
        return result
        """

    static func run(_ source: String, label: String, module: String?, in state: LuaState) throws -> LuaValue {
        let results: [LuaValue]
        do {
            results = try state.execute(
                loader, chunkName: "keyshare-loader",
                arguments: [module.map(LuaValue.string) ?? .nil, .string(source), .string(label)])
        } catch {
            throw Diagnostic(location: label, message: String(describing: error))
        }
        if results.first ?? .nil == .nil, results.count > 1, case .string(let problem) = results[1] {
            throw diagnostic(from: problem, label: label)
        }
        return results.first ?? .nil
    }

    /// `plugins/x/init.lua:12: msg` → location `plugins/x/init.lua:12`, message `msg`.
    static func diagnostic(from problem: String, label: String) -> Diagnostic {
        let prefix = label + ":"
        if problem.hasPrefix(prefix) {
            let rest = problem.dropFirst(prefix.count)
            if let colon = rest.firstIndex(of: ":"), Int(rest[..<colon]) != nil {
                return Diagnostic(
                    location: label + ":" + rest[..<colon],
                    message: rest[rest.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
        }
        return Diagnostic(location: label, message: problem)
    }
}
