import Foundation
import Testing

/// Plugins are found from any working directory: the installation's (here the checkout the binary
/// was built in), the working tree's `plugins/`, the user's `$XDG_CONFIG_HOME/keyshare/plugins`
/// (else `$HOME/.config/…`) and `--plugin-path`, in that documented order of precedence reversed:
/// --plugin-path, working tree, user config, installation. `plugins list` says where each came from.
@Suite(
    "Plugin discovery",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct PluginDiscoveryTests {
    private let shipped = packageRoot.appendingPathComponent("plugins").standardizedFileURL.path

    /// A plugin named `name` whose description says where it lives.
    private func plugin(_ name: String, in root: URL, description: String) throws {
        let folder = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try """
        return {
          name = "\(name)", version = "9.9.9", description = "\(description)", categories = { "read-only" },
          provides = { action = { hello = { run = function() return {} end, doc = "says hello" } } },
        }
        """.write(to: folder.appendingPathComponent("init.lua"), atomically: true, encoding: .utf8)
    }

    /// `plugins list` from `directory`, with a fresh HOME and no inherited plugin settings.
    private func list(in directory: URL, home: URL, environment: [String: String] = [:], extra: [String] = []) async throws
        -> KeyshareOutcome
    {
        try await keyshare(
            ["plugins", "list"] + extra, in: directory,
            environment: ["HOME": home.path].merging(environment) { _, new in new },
            removing: ["KEYSHARE_PLUGINS", "XDG_CONFIG_HOME"].filter { environment[$0] == nil })
    }

    private func line(_ name: String, in output: String) -> String {
        output.split(separator: "\n").first { $0.hasPrefix(name + " ") }.map(String.init) ?? ""
    }

    @Test("from an unrelated working directory the shipped plugins are listed, from the installation")
    func shippedFromAnywhere() async throws {
        let work = try temporaryFolder("keyshare-discovery")
        defer { try? FileManager.default.removeItem(at: work) }
        let outcome = try await list(in: work, home: work)
        #expect(outcome.status == 0, "\(outcome.errors)")
        for name in ["ecs-key-sharing", "resource-directory", "console", "json", "junit", "approval"] {
            #expect(line(name, in: outcome.output).contains("(from installation: \(shipped))"), "\(name): \(outcome.output)")
        }
    }

    /// Where a plugin named `probe` is put for a case, and the kind `plugins list` must show.
    struct Placement: CustomTestStringConvertible, Sendable {
        var name: String
        var xdg: Bool
        var kind: String
        var testDescription: String { name }
    }

    @Test(
        "a plugin in the user's folder shows up, from $XDG_CONFIG_HOME or else $HOME/.config",
        arguments: [
            Placement(name: "XDG_CONFIG_HOME", xdg: true, kind: "user config"),
            Placement(name: "HOME", xdg: false, kind: "user config"),
        ])
    func userFolder(_ placement: Placement) async throws {
        let work = try temporaryFolder("keyshare-discovery")
        defer { try? FileManager.default.removeItem(at: work) }
        let home = work.appendingPathComponent("home")
        let config = placement.xdg ? work.appendingPathComponent("xdg") : home.appendingPathComponent(".config")
        let root = config.appendingPathComponent("keyshare/plugins")
        try plugin("probe", in: root, description: "user plugin")
        let cwd = work.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: cwd, withIntermediateDirectories: true)
        let outcome = try await list(in: cwd, home: home, environment: placement.xdg ? ["XDG_CONFIG_HOME": config.path] : [:])
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(line("probe", in: outcome.output).contains("(from \(placement.kind): \(root.path))"), "\(outcome.output)")
        #expect(line("console", in: outcome.output).contains("installation"), "\(outcome.output)")
    }

    @Test("precedence: --plugin-path, then the working tree, then the user's folder, then the installation")
    func precedence() async throws {
        let work = try temporaryFolder("keyshare-discovery")
        defer { try? FileManager.default.removeItem(at: work) }
        let home = work.appendingPathComponent("home")
        let user = home.appendingPathComponent(".config/keyshare/plugins")
        let tree = work.appendingPathComponent("project/plugins")
        let extra = work.appendingPathComponent("extra")
        try FileManager.default.createDirectory(at: work.appendingPathComponent("project"), withIntermediateDirectories: true)
        // `console` exists in the installation; each case adds copies higher up the order.
        let layers: [(root: URL, kind: String)] = [(user, "user config"), (tree, "working tree"), (extra, "--plugin-path")]
        for (index, layer) in layers.enumerated() {
            try plugin("console", in: layer.root, description: "console from \(layer.kind)")
            let outcome = try await list(
                in: work.appendingPathComponent("project"), home: home,
                extra: index == 2 ? ["--plugin-path", extra.path] : [])
            #expect(outcome.status == 0, "\(outcome.errors)")
            let console = line("console", in: outcome.output)
            #expect(
                console.contains("console from \(layer.kind)") && console.contains("(from \(layer.kind): \(layer.root.path)"),
                "\(layer.kind): \(console)")
            #expect(console.contains("shadows installation: \(shipped)"), "\(console)")
            for lower in layers[..<index] {
                #expect(console.contains("shadows \(lower.kind): \(lower.root.path)"), "\(console)")
            }
        }
    }

    @Test("keyshare run from an unrelated working directory finds the shipped and the user's plugins")
    func runFromAnywhere() async throws {
        let work = try temporaryFolder("keyshare-discovery")
        defer { try? FileManager.default.removeItem(at: work) }
        let home = work.appendingPathComponent("home")
        try plugin("probe", in: home.appendingPathComponent(".config/keyshare/plugins"), description: "user plugin")
        let playbook = work.appendingPathComponent("probe.lua")
        try """
        return { targets = { { id = "2000000000000001", name = "one" } }, steps = { "probe.hello" } }
        """.write(to: playbook, atomically: true, encoding: .utf8)
        let outcome = try await keyshare(
            ["run", playbook.path], in: work, environment: ["HOME": home.path],
            removing: ["KEYSHARE_PLUGINS", "XDG_CONFIG_HOME"])
        #expect(outcome.status == 0, "\(outcome.output)\(outcome.errors)")
        #expect(outcome.output.contains("1 targets: 0 changed, 1 unchanged"), "\(outcome.output)")
        let shipped = try await keyshare(
            [
                "run", packageRoot.appendingPathComponent("plugins/ecs-key-sharing/examples/share-disk-key.lua").path,
                "--param", "verify=false",
            ],
            in: work, environment: ["HOME": home.path], removing: ["KEYSHARE_PLUGINS", "XDG_CONFIG_HOME"])
        #expect(shipped.status == 0, "\(shipped.output)\(shipped.errors)")
    }

    @Test("a keyshare on PATH that is a symlink into the build finds the shipped plugins")
    func symlinkOnPath() async throws {
        let work = try temporaryFolder("keyshare-discovery")
        defer { try? FileManager.default.removeItem(at: work) }
        let bin = work.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: bin.appendingPathComponent("keyshare"), withDestinationURL: keyshareBinary)
        let path = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let outcome = try await keyshare(
            ["keyshare", "plugins", "list"], in: work, environment: ["HOME": work.path, "PATH": path],
            removing: ["KEYSHARE_PLUGINS", "XDG_CONFIG_HOME"],
            executable: URL(fileURLWithPath: "/usr/bin/env"))
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(line("ecs-key-sharing", in: outcome.output).contains("(from installation: \(shipped))"), "\(outcome.output)")
    }

    @Test("an installed layout <prefix>/bin/keyshare uses <prefix>/share/keyshare/plugins")
    func installedLayout() async throws {
        let work = try temporaryFolder("keyshare-discovery")
        defer { try? FileManager.default.removeItem(at: work) }
        let bin = work.appendingPathComponent("prefix/bin")
        let share = work.appendingPathComponent("prefix/share/keyshare/plugins")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: share.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("plugins"), to: share)
        let installed = bin.appendingPathComponent("keyshare")
        // A hard link is the installed binary at no copying cost (a copy when /tmp is another file system).
        do {
            try FileManager.default.linkItem(at: keyshareBinary.resolvingSymlinksInPath(), to: installed)
        } catch {
            try FileManager.default.copyItem(at: keyshareBinary.resolvingSymlinksInPath(), to: installed)
        }
        let outcome = try await keyshare(
            ["plugins", "list"], in: work, environment: ["HOME": work.path],
            removing: ["KEYSHARE_PLUGINS", "XDG_CONFIG_HOME"], executable: installed)
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(
            line("approval", in: outcome.output).contains("(from installation: \(share.standardizedFileURL.path))"),
            "\(outcome.output)")
    }

    @Test("plugins show names where the plugin came from")
    func showSource() async throws {
        let work = try temporaryFolder("keyshare-discovery")
        defer { try? FileManager.default.removeItem(at: work) }
        let outcome = try await keyshare(
            ["plugins", "show", "approval"], in: work, environment: ["HOME": work.path],
            removing: ["KEYSHARE_PLUGINS", "XDG_CONFIG_HOME"])
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(outcome.output.contains("from: installation (\(shipped))"), "\(outcome.output)")
    }
}
