import CloudModel
import CloudSimulator
import Foundation
import LuaKit
import Runner
import Testing

/// One `["name"] = function(spec) … end` entry of a `plugins/<name>/spec/*_spec.lua` file.
struct LuaSpecCase: Sendable, CustomTestStringConvertible {
    let file: URL
    let name: String
    var testDescription: String { "\(file.deletingLastPathComponent().deletingLastPathComponent().lastPathComponent): \(name)" }

    /// Every case of every spec file under `plugins/`, found by loading the files (no cloud needed).
    static func all() -> [LuaSpecCase] {
        guard let enumerator = FileManager.default.enumerator(at: pluginsFolder, includingPropertiesForKeys: nil) else {
            return []
        }
        var cases: [LuaSpecCase] = []
        for case let url as URL in enumerator
        where url.lastPathComponent.hasSuffix("_spec.lua")
            && url.deletingLastPathComponent().lastPathComponent == "spec"
        {
            guard let state = try? LuaState(options: .init(pluginPaths: [pluginsFolder])),
                (try? state.register(LuaModule(name: "json", functions: [:]))) != nil,
                let loaded = try? state.executeFile(url), case .table(let table) = loaded.first ?? .nil
            else {
                cases.append(LuaSpecCase(file: url, name: "<the spec file does not load>"))
                continue
            }
            for case .string(let name) in table.fields.keys { cases.append(LuaSpecCase(file: url, name: name)) }
        }
        return cases.sorted { ($0.file.path, $0.name) < ($1.file.path, $1.name) }
    }
}

@Suite("Lua specs")
struct LuaSpecTests {
    @Test("plugins/*/spec/*_spec.lua cases pass against a fresh deterministic simulator", arguments: LuaSpecCase.all())
    func specCase(_ spec: LuaSpecCase) async throws {
        let cloud = try SimulatedCloud(world: .starter(accounts: 3), environment: .deterministic())
        let owner = AccountID("1000000000000001")!
        let options = RunOptions(
            searchPath: PluginSearchPath(extra: [], builtIn: pluginsFolder), defaultAccount: owner, reporters: [],
            sleep: { duration in await cloud.advanceClock(by: duration) })
        let runner = try PluginRunner(cloud: cloud, options: options)
        #expect(runner.catalog.diagnostics.isEmpty, "\(runner.catalog.diagnostics)")
        do {
            try await runner.runSpec(spec.file, name: spec.name, key: "alias/shared-disk-key")
        } catch {
            Issue.record("\(spec.testDescription) failed: \(error)")
        }
    }

    @Test("spec files are discovered")
    func discovered() {
        #expect(LuaSpecCase.all().count >= 8)
    }
}
