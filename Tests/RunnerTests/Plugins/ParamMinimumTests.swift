import Foundation
import LuaKit
import Runner
import Testing

/// `min = …` on integer and number params: values below it (from the command line or the playbook)
/// are refused before anything runs, naming the param; plugins declaring a bad `min` get a diagnostic.
@Suite("Param minimum")
struct ParamMinimumTests {
    static func spec(_ kind: ParamSpec.Kind = .integer, minimum: Double = 1) -> ParamSpec {
        var spec = ParamSpec(
            name: "verify_timeout", kind: kind, defaultValue: kind == .integer ? .integer(600) : .number(600),
            isRequired: false, doc: "d", plugin: "ecs-key-sharing")
        spec.minimum = minimum
        return spec
    }

    @Test(
        "command-line values below the minimum are refused naming the param; others pass",
        arguments: [("0", false), ("-1", false), ("-9223372036854775808", false), ("1", true), ("600", true)])
    func commandLine(_ text: String, _ accepted: Bool) throws {
        do {
            let values = try ParamResolver.resolve(specs: [Self.spec()], playbook: LuaTable(), command: ["verify_timeout": text])
            #expect(accepted, "\(text) was accepted: \(values["verify_timeout"])")
        } catch let error as RunError {
            #expect(!accepted, "\(text) was refused: \(error)")
            #expect(error.message.contains("--param verify_timeout"), "\(error)")
            #expect(error.message.contains("at least 1"), "\(error)")
        }
    }

    @Test("number params refuse values below the minimum and NaN", arguments: ["0.5", "-inf", "nan", "1.5"])
    func numbers(_ text: String) throws {
        let outcome = Result {
            try ParamResolver.resolve(specs: [Self.spec(.number)], playbook: LuaTable(), command: ["verify_timeout": text])
        }
        if text == "1.5" {
            #expect((try? outcome.get()) != nil)
        } else {
            #expect((try? outcome.get()) == nil, "\(text) was accepted")
        }
    }

    @Test("a playbook value below the minimum is refused naming the playbook")
    func playbookValue() throws {
        var playbook = LuaTable()
        playbook["verify_timeout"] = .integer(0)
        #expect(throws: RunError.self) {
            try ParamResolver.resolve(specs: [Self.spec()], playbook: playbook, command: [:])
        }
        do {
            _ = try ParamResolver.resolve(specs: [Self.spec()], playbook: playbook, command: [:])
        } catch let error as RunError {
            #expect(error.message.contains("param 'verify_timeout' in the playbook"), "\(error)")
        }
    }

    @Test("the summary shows the minimum")
    func summary() {
        #expect(Self.spec().summary.hasPrefix("verify_timeout (integer, at least 1, default 600)"))
    }

    @Test(
        "a plugin declaring min on a string, a non-number min or a default below it gets a diagnostic",
        arguments: [
            #"p = { type = "string", default = "x", min = 1, doc = "d" }"#,
            #"p = { type = "integer", default = 5, min = "one", doc = "d" }"#,
            #"p = { type = "integer", default = 0, min = 1, doc = "d" }"#,
        ])
    func badDeclarations(_ declaration: String) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("keyshare-min-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("bounded")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let source = """
            return {
              name = "bounded", version = "1.0.0", description = "d", categories = { "read-only" },
              params = { \(declaration) },
              provides = { action = { go = function() end } },
            }
            """
        try source.write(to: folder.appendingPathComponent("init.lua"), atomically: true, encoding: .utf8)
        let catalog = try PluginInspector.catalog(PluginSearchPath(extra: [root], builtIn: nil))
        #expect(catalog.plugins["bounded"] == nil)
        #expect(catalog.diagnostics.first?.message.contains("param 'p'") == true, "\(catalog.diagnostics)")
    }
}
