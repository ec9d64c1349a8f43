import Foundation
import LuaKit

/// Loads plugins for inspection (`keyshare plugins`): the helper modules are registered, the
/// cloud bindings are not, so a plugin that calls the cloud at load time fails visibly.
package enum PluginInspector {
    /// The catalog of `searchPath`.
    package static func catalog(_ searchPath: PluginSearchPath) throws -> PluginCatalog {
        let state = try LuaState(options: LuaState.Options(pluginPaths: searchPath.folders))
        try state.register(HelperModules.json)
        try state.register(HelperModules.yaml)
        try state.register(LuaModule(name: "keyshare", functions: [:]))
        return PluginCatalog.load(searchPath, into: state)
    }
}
