import Foundation

/// Where plugins are found, in priority order: `--plugin-path` folders, then
/// `~/.config/keyshare/plugins`, then the built-in `plugins/` folder shipped with keyshare.
package struct PluginSearchPath: Sendable {
    /// The folders, highest priority first (only existing ones).
    package var folders: [URL]

    /// The standard search path plus `extra` folders (first).
    package init(extra: [URL] = [], builtIn: URL? = PluginSearchPath.builtInFolder()) {
        var folders = extra
        let home = FileManager.default.homeDirectoryForCurrentUser
        folders.append(home.appendingPathComponent(".config/keyshare/plugins"))
        if let builtIn { folders.append(builtIn) }
        self.folders = folders.filter { Self.isFolder($0) }.map { $0.standardizedFileURL }
    }

    /// The shipped `plugins/` folder: `KEYSHARE_PLUGINS`, else the nearest `plugins/_lib` above the
    /// executable or the working directory.
    package static func builtInFolder() -> URL? {
        if let path = ProcessInfo.processInfo.environment["KEYSHARE_PLUGINS"], isFolder(URL(fileURLWithPath: path)) {
            return URL(fileURLWithPath: path)
        }
        let starts = [URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
            .deletingLastPathComponent(), URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
        for start in starts {
            var folder = start.standardizedFileURL
            for _ in 0..<8 {
                let candidate = folder.appendingPathComponent("plugins")
                if isFolder(candidate.appendingPathComponent("_lib")) { return candidate }
                folder.deleteLastPathComponent()
            }
        }
        return nil
    }

    /// Plugin folders by name (first folder wins); names starting with `_` are private libraries.
    package func pluginFolders() -> [(name: String, folder: URL)] {
        var seen = Set<String>()
        var found: [(String, URL)] = []
        for root in folders {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
            for name in names.sorted() where !name.hasPrefix("_") && !name.hasPrefix(".") {
                let folder = root.appendingPathComponent(name)
                guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("init.lua").path),
                      seen.insert(name).inserted else { continue }
                found.append((name, folder))
            }
        }
        return found
    }

    static func isFolder(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
