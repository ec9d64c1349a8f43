import Foundation

/// Where plugins are found, highest priority first (the first folder holding a plugin name wins):
///
/// 1. `--plugin-path` folders, in the order given;
/// 2. the working tree: `plugins/` of the working directory, or the nearest `plugins/` with a
///    `_lib` above it (a keyshare checkout);
/// 3. the user's folder: `$XDG_CONFIG_HOME/keyshare/plugins`, else `$HOME/.config/keyshare/plugins`;
/// 4. the installation: `$KEYSHARE_PLUGINS`, else the plugins shipped next to the executable's
///    real path (`<prefix>/share/keyshare/plugins` for `<prefix>/bin/keyshare`, or the nearest
///    `plugins/` with a `_lib` above it, as in `<checkout>/.build/release/keyshare`).
///
/// The same path serves `keyshare run` and `keyshare plugins`, whatever the working directory.
package struct PluginSearchPath: Sendable {
    /// Why a folder is on the search path; `plugins list` shows it.
    package enum Kind: String, Sendable, CaseIterable {
        /// A `--plugin-path` folder.
        case pluginPath = "--plugin-path"
        /// `plugins/` of the working tree.
        case workingTree = "working tree"
        /// The user's configuration folder.
        case userConfig = "user config"
        /// `$KEYSHARE_PLUGINS`.
        case environment = "KEYSHARE_PLUGINS"
        /// The plugins shipped with the executable.
        case installation
    }

    /// A folder on the search path and why it is there.
    package struct Root: Sendable, Hashable {
        /// The folder.
        package var url: URL
        /// Why it is searched.
        package var kind: Kind
    }

    /// The existing folders, highest priority first, each once.
    package var roots: [Root]

    /// The folders, highest priority first (only existing ones).
    package var folders: [URL] { roots.map(\.url) }

    /// `extra` folders first, then the user's folder and `builtIn` (the shipped plugins); no
    /// working tree. For tests and tools that name the shipped folder themselves.
    package init(extra: [URL] = [], builtIn: URL? = PluginSearchPath.builtInFolder()) {
        let environment = ProcessInfo.processInfo.environment
        var roots = extra.map { Root(url: $0, kind: .pluginPath) }
        roots.append(Root(url: Self.userFolder(environment: environment), kind: .userConfig))
        if let builtIn { roots.append(Root(url: builtIn, kind: .installation)) }
        self.roots = Self.existingOnce(roots)
    }

    /// The full search path of the command line, in the order documented on the type.
    package static func discover(
        extra: [URL] = [],
        environment: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        executable: URL? = executableURL()
    ) -> PluginSearchPath {
        var roots = extra.map { Root(url: $0, kind: .pluginPath) }
        if let tree = workingTreeFolder(from: workingDirectory) { roots.append(Root(url: tree, kind: .workingTree)) }
        roots.append(Root(url: userFolder(environment: environment), kind: .userConfig))
        if let path = environment["KEYSHARE_PLUGINS"], !path.isEmpty {
            roots.append(Root(url: URL(fileURLWithPath: path), kind: .environment))
        }
        if let executable, let shipped = installationFolder(executable: executable) {
            roots.append(Root(url: shipped, kind: .installation))
        }
        var path = PluginSearchPath(extra: [], builtIn: nil)
        path.roots = existingOnce(roots)
        return path
    }

    /// The shipped `plugins/` folder: `KEYSHARE_PLUGINS`, else the one found from the executable's
    /// real path, else the working tree's.
    package static func builtInFolder() -> URL? {
        if let path = ProcessInfo.processInfo.environment["KEYSHARE_PLUGINS"], isFolder(URL(fileURLWithPath: path)) {
            return URL(fileURLWithPath: path)
        }
        return executableURL().flatMap { installationFolder(executable: $0) }
            ?? workingTreeFolder(from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
    }

    /// The running executable with every symlink resolved (a `keyshare` on `PATH` may be a link
    /// into an installation or a checkout).
    package static func executableURL() -> URL? {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path).resolvingSymlinksInPath()
        }
        return Bundle.main.executableURL?.resolvingSymlinksInPath()
    }

    /// `<prefix>/share/keyshare/plugins` for `<prefix>/bin/keyshare`, else the nearest `plugins/`
    /// with a `_lib` above the executable's folder.
    static func installationFolder(executable: URL) -> URL? {
        let folder = executable.deletingLastPathComponent()
        let shared = folder.deletingLastPathComponent().appendingPathComponent("share/keyshare/plugins")
        if isFolder(shared) { return shared.standardizedFileURL }
        return nearestShippedFolder(above: folder)
    }

    /// `plugins/` of `workingDirectory`, else the nearest `plugins/` with a `_lib` above it.
    static func workingTreeFolder(from workingDirectory: URL) -> URL? {
        let direct = workingDirectory.appendingPathComponent("plugins")
        if isFolder(direct) { return direct.standardizedFileURL }
        return nearestShippedFolder(above: workingDirectory)
    }

    /// `$XDG_CONFIG_HOME/keyshare/plugins` (an absolute XDG_CONFIG_HOME only, as the XDG spec
    /// says), else `$HOME/.config/keyshare/plugins`.
    package static func userFolder(environment: [String: String]) -> URL {
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            return URL(fileURLWithPath: config).appendingPathComponent("keyshare/plugins")
        }
        let home =
            environment["HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser
        return home.appendingPathComponent(".config/keyshare/plugins")
    }

    private static func nearestShippedFolder(above start: URL) -> URL? {
        var folder = start.standardizedFileURL
        for _ in 0..<8 {
            let candidate = folder.appendingPathComponent("plugins")
            if isFolder(candidate.appendingPathComponent("_lib")) { return candidate }
            guard folder.path != "/" else { return nil }
            folder.deleteLastPathComponent()
        }
        return nil
    }

    /// The roots that exist, each folder once (by its real path), in order.
    private static func existingOnce(_ roots: [Root]) -> [Root] {
        var seen = Set<String>()
        return roots.compactMap { root in
            guard isFolder(root.url) else { return nil }
            let url = root.url.standardizedFileURL
            guard seen.insert(url.resolvingSymlinksInPath().path).inserted else { return nil }
            return Root(url: url, kind: root.kind)
        }
    }

    /// Plugin folders by name (first folder wins); names starting with `_` are private libraries.
    package func pluginFolders() -> [(name: String, folder: URL)] {
        plugins().map { ($0.name, $0.folder) }
    }

    /// Every plugin found, by name (first root wins), with its root and the roots it shadows.
    package func plugins() -> [(name: String, folder: URL, root: Root, shadows: [Root])] {
        var found: [(name: String, folder: URL, root: Root, shadows: [Root])] = []
        var index: [String: Int] = [:]
        for root in roots {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: root.url.path)) ?? []
            for name in names.sorted() where !name.hasPrefix("_") && !name.hasPrefix(".") {
                let folder = root.url.appendingPathComponent(name)
                guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("init.lua").path) else { continue }
                if let existing = index[name] {
                    found[existing].shadows.append(root)
                } else {
                    index[name] = found.count
                    found.append((name, folder, root, []))
                }
            }
        }
        return found
    }

    static func isFolder(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
