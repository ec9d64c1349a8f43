import CloudAPI
import Foundation
import LuaKit
import Runner
import Testing

/// A temporary plugin folder holding `plugins` (name → init.lua source).
private func pluginFolder(_ plugins: [String: String]) throws -> URL {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("keyshare-plugins-\(UUID().uuidString)")
    for (name, source) in plugins {
        let folder = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try source.write(to: folder.appendingPathComponent("init.lua"), atomically: true, encoding: .utf8)
    }
    return root
}

@Suite("Plugin catalog")
struct PluginCatalogTests {
    @Test("the shipped plugins load without diagnostics, with their kinds")
    func shippedPluginsLoad() throws {
        let catalog = try PluginInspector.catalog(PluginSearchPath(extra: [], builtIn: pluginsFolder))
        #expect(catalog.diagnostics.isEmpty, "\(catalog.diagnostics)")
        #expect(catalog.plugins["ecs-key-sharing"]?.provides[.action]?["share"] != nil)
        #expect(catalog.plugins["resource-directory"]?.provides[.inventory] != nil)
        #expect(catalog.plugins["file"]?.provides[.inventory] != nil)
        for reporter in ["console", "json", "junit"] { #expect(catalog.plugins[reporter]?.provides[.reporter] != nil) }
    }

    @Test("a syntax error is a diagnostic at plugins/<name>/init.lua:<line>")
    func syntaxError() throws {
        let root = try pluginFolder(["broken": "local M = {}\nM.name = \"broken\"\nreturn M M\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let catalog = try PluginInspector.catalog(PluginSearchPath(extra: [root], builtIn: nil))
        let diagnostic = try #require(catalog.diagnostics.first)
        #expect(diagnostic.location == "plugins/broken/init.lua:3")
        #expect(catalog.plugins["broken"] == nil)
    }

    @Test("bad metadata is a diagnostic at the line of the offending field")
    func badMetadata() throws {
        let source = """
            return {
              name = "meta",
              version = "1.0.0",
              description = "bad category",
              categories = { "sneaky" },
              provides = { action = { go = function() end } },
            }
            """
        let root = try pluginFolder(["meta": source, "misnamed": source.replacingOccurrences(of: "sneaky", with: "mutating")])
        defer { try? FileManager.default.removeItem(at: root) }
        let catalog = try PluginInspector.catalog(PluginSearchPath(extra: [root], builtIn: nil))
        let byLocation = Dictionary(uniqueKeysWithValues: catalog.diagnostics.map { ($0.location, $0.message) })
        #expect(byLocation["plugins/meta/init.lua:5"]?.contains("unknown category 'sneaky'") == true, "\(byLocation)")
        #expect(byLocation["plugins/misnamed/init.lua:2"]?.contains("differs from the folder name") == true, "\(byLocation)")
    }

    @Test("a runtime error while loading is located by Lua's own line")
    func runtimeError() throws {
        let root = try pluginFolder(["boom": "local x = nil\n\nreturn x.field\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let catalog = try PluginInspector.catalog(PluginSearchPath(extra: [root], builtIn: nil))
        #expect(catalog.diagnostics.first?.location == "plugins/boom/init.lua:3")
    }
}

@Suite("Param resolution")
struct ParamResolverTests {
    static let specs = [
        ParamSpec(name: "verify", kind: .boolean, defaultValue: true, isRequired: false, doc: "d", plugin: "a"),
        ParamSpec(name: "folder", kind: .string, defaultValue: "", isRequired: false, doc: "d", plugin: "b"),
        ParamSpec(name: "path", kind: .string, defaultValue: nil, isRequired: true, doc: "d", plugin: "file"),
        ParamSpec(name: "tags", kind: .list, defaultValue: .table(LuaTable()), isRequired: false, doc: "d", plugin: "b"),
    ]

    @Test("defaults, then playbook values, then --param, each type-checked")
    func layering() throws {
        var playbook = LuaTable()
        playbook["folder"] = "fd-prod"
        playbook["path"] = "accounts.yaml"
        let values = try ParamResolver.resolve(
            specs: Self.specs, playbook: playbook,
            command: ["verify": "false", "tags": "env=prod,team=sec"])
        #expect(values["verify"] == false)
        #expect(values["folder"] == "fd-prod")
        #expect(values["tags"] == ["env=prod", "team=sec"])
    }

    @Test("an unknown --param is rejected with the nearest name and the valid list")
    func unknownParam() {
        do {
            var playbook = LuaTable()
            playbook["path"] = "x"
            _ = try ParamResolver.resolve(specs: Self.specs, playbook: playbook, command: ["verfy": "true"])
            Issue.record("verfy must be rejected")
        } catch {
            #expect(
                String(describing: error)
                    == "unknown param 'verfy' given with --param (did you mean 'verify'? valid: folder, path, tags, verify)")
        }
    }

    @Test("a value of the wrong type and a missing required param are refused before anything runs")
    func typesAndRequired() {
        #expect(throws: RunError.self) {
            try ParamResolver.resolve(specs: Self.specs, playbook: LuaTable(), command: ["verify": "maybe", "path": "x"])
        }
        do {
            _ = try ParamResolver.resolve(specs: Self.specs, playbook: LuaTable(), command: [:])
            Issue.record("path is required")
        } catch {
            #expect(String(describing: error).contains("param 'path' of plugin file is required"))
        }
    }
}

@Suite("Error tables")
struct ErrorTableTests {
    @Test("a cloud error reaches Lua as a table with code, message, http_status, request_id and __tostring")
    func cloudErrorTable() throws {
        let state = try LuaState()
        try state.register(
            LuaModule(
                name: "fail",
                functions: [
                    "now": { _ in
                        throw CloudErrorObject(
                            .init(
                                code: "Rejected.ShareQuotaExceedLimit", message: "Instance Share Quota Exceed Limit.",
                                httpStatus: 400, requestID: "req-1"))
                    }
                ]))
        let results = try state.execute(
            """
            local ok, err = pcall(fail.now)
            return ok, err.code, err.message, err.http_status, err.request_id, tostring(err)
            """, chunkName: "test")
        #expect(results[0] == false)
        #expect(results[1] == "Rejected.ShareQuotaExceedLimit")
        #expect(results[2] == "Instance Share Quota Exceed Limit.")
        #expect(results[3] == 400)
        #expect(results[4] == "req-1")
        #expect(results[5] == "Rejected.ShareQuotaExceedLimit (HTTP 400): Instance Share Quota Exceed Limit. [request req-1]")
    }
}
