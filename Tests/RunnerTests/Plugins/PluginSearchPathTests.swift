import Foundation
import KeyshareTesting
import Runner
import Testing

/// The search path's folders and their order, from layouts made in a temporary folder (no
/// dependence on the machine's HOME, working directory or executable).
@Suite("Plugin search path")
struct PluginSearchPathTests {
    private func folder(_ url: URL) throws -> URL {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.standardizedFileURL
    }

    @Test("an installed layout <prefix>/bin/keyshare finds <prefix>/share/keyshare/plugins")
    func installedLayout() throws {
        let root = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let shared = try folder(root.appendingPathComponent("prefix/share/keyshare/plugins"))
        let path = PluginSearchPath.discover(
            environment: ["HOME": root.path], workingDirectory: root,
            executable: root.appendingPathComponent("prefix/bin/keyshare"))
        #expect(path.roots.map(\.kind) == [.installation])
        #expect(path.folders.map(\.path) == [shared.path])
    }

    @Test("a build in a checkout <repo>/.build/<triple>/release/keyshare finds <repo>/plugins")
    func checkoutLayout() throws {
        let root = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let plugins = try folder(root.appendingPathComponent("repo/plugins"))
        _ = try folder(plugins.appendingPathComponent("_lib"))
        let path = PluginSearchPath.discover(
            environment: ["HOME": root.path], workingDirectory: root,
            executable: root.appendingPathComponent("repo/.build/x86_64-unknown-linux-gnu/release/keyshare"))
        #expect(path.folders.map(\.path) == [plugins.path])
        #expect(path.roots.first?.kind == .installation)
    }

    @Test("the order is --plugin-path, working tree, user config, KEYSHARE_PLUGINS, installation; each folder once")
    func order() throws {
        let root = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let extra = try folder(root.appendingPathComponent("extra"))
        let tree = try folder(root.appendingPathComponent("work/plugins"))
        let user = try folder(root.appendingPathComponent("xdg/keyshare/plugins"))
        let environment = try folder(root.appendingPathComponent("env-plugins"))
        let shared = try folder(root.appendingPathComponent("prefix/share/keyshare/plugins"))
        let path = PluginSearchPath.discover(
            extra: [extra, tree],
            environment: [
                "HOME": root.path, "XDG_CONFIG_HOME": root.appendingPathComponent("xdg").path,
                "KEYSHARE_PLUGINS": environment.path,
            ],
            workingDirectory: root.appendingPathComponent("work"), executable: root.appendingPathComponent("prefix/bin/keyshare"))
        #expect(path.folders.map(\.path) == [extra, tree, user, environment, shared].map(\.path))
        #expect(path.roots.map(\.kind) == [.pluginPath, .pluginPath, .userConfig, .environment, .installation])
    }

    @Test("XDG_CONFIG_HOME wins over HOME when absolute; a relative one is ignored")
    func userFolder() {
        #expect(PluginSearchPath.userFolder(environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/h"]).path == "/x/keyshare/plugins")
        #expect(
            PluginSearchPath.userFolder(environment: ["XDG_CONFIG_HOME": "rel", "HOME": "/h"]).path
                == "/h/.config/keyshare/plugins")
        #expect(PluginSearchPath.userFolder(environment: ["HOME": "/h"]).path == "/h/.config/keyshare/plugins")
    }

    @Test("a plugin in a higher folder shadows the same name below, and says which")
    func shadowing() throws {
        let root = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let high = try folder(root.appendingPathComponent("high"))
        let low = try folder(root.appendingPathComponent("low"))
        for base in [high, low] {
            let plugin = try folder(base.appendingPathComponent("same"))
            try "return {}".write(to: plugin.appendingPathComponent("init.lua"), atomically: true, encoding: .utf8)
        }
        let path = PluginSearchPath(extra: [high, low], builtIn: nil)
        let found = path.plugins().filter { $0.name == "same" }
        #expect(found.count == 1)
        #expect(found.first?.root.url.path == high.path && found.first?.shadows.map(\.url.path) == [low.path])
    }
}
