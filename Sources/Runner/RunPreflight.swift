import Foundation
import LuaKit

/// Checks made before `keyshare run` opens a cloud, so input that cannot run is refused (exit 2)
/// before a state file is created or a call is made: the file to run, and the reporters.
package enum RunPreflight {
    /// Refuses a file that is missing, not a regular file, unreadable, empty, not UTF-8, or does
    /// not compile; compiling runs nothing.
    ///
    /// - Throws: `RunError` naming the file and the fix.
    package static func checkScript(_ url: URL) throws {
        let path = url.relativePath
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw RunError(
                "\(path) does not exist: pass the path of a playbook or Lua script "
                    + "(e.g. plugins/ecs-key-sharing/examples/share-disk-key.lua)")
        }
        guard !isDirectory.boolValue else {
            throw RunError("\(path) is a folder, not a Lua file: pass the playbook inside it (e.g. \(path)/playbook.lua)")
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        guard attributes?[.type] as? FileAttributeType == .typeRegular else {
            throw RunError("\(path) is not a regular file: pass a Lua file")
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw RunError("cannot read \(path): check its permissions")
        }
        guard let source = String(data: data, encoding: .utf8) else {
            throw RunError("\(path) is not UTF-8 text: pass a Lua source file")
        }
        guard source.contains(where: { !$0.isWhitespace }) else {
            throw RunError("\(path) is empty: a playbook returns a table with `steps` (see plugins/ecs-key-sharing/examples)")
        }
        let state = try LuaState(options: LuaState.Options())
        do {
            _ = try state.loadFile(url)
        } catch {
            throw RunError("\(path) does not compile: \(PluginRunner.message(of: error))")
        }
    }

    /// Refuses a `--reporter` whose name is not a reporter plugin of `catalog`.
    ///
    /// - Throws: `RunError` naming the reporter and the available ones.
    package static func checkReporters(_ reporters: [RunOptions.Reporter], catalog: PluginCatalog) throws {
        let available = catalog.sorted.filter { $0.provides[.reporter] != nil }.map(\.name)
        for reporter in reporters where !available.contains(reporter.name) {
            let hint = WireName.nearest(to: reporter.name, in: available).map { " (did you mean '\($0)'?)" } ?? ""
            throw RunError(
                "--reporter \(reporter.name): no reporter plugin of that name\(hint); available: "
                    + available.joined(separator: ", "))
        }
    }
}
