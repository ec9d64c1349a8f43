import Foundation
import Testing

@testable import LuaKit

@Suite("Sandbox")
struct SandboxTests {
    /// Runs `attempt` under pcall and returns its error message; the state must stay usable.
    private func failure(of attempt: String, in state: LuaState) throws -> String {
        let results = try state.execute(
            "local ok, err = pcall(function() \(attempt) end) return ok, tostring(err)", chunkName: "escape.lua")
        #expect(results.first == false, "\(attempt) should fail")
        return results.last?.stringValue ?? ""
    }

    @Test("escapes through os, io, package, debug and require fail with clear errors")
    func escapesFail() throws {
        let state = try LuaState()
        #expect(try failure(of: "os.execute('true')", in: state).contains("attempt to call a nil value (field 'execute')"))
        #expect(try failure(of: "io.popen('id')", in: state).contains("attempt to index a nil value (global 'io')"))
        #expect(
            try failure(of: "package.loadlib('libc.so.6', 'system')", in: state)
                .contains("attempt to call a nil value (field 'loadlib')"))
        #expect(try failure(of: "debug.getregistry()", in: state).contains("attempt to index a nil value (global 'debug')"))
        #expect(
            try failure(of: "require('/etc/passwd')", in: state)
                .contains("module name '/etc/passwd' is not allowed"))
        #expect(try failure(of: "require('../x')", in: state).contains("module name '../x' is not allowed"))
        #expect(try failure(of: "dofile('/etc/passwd')", in: state).contains("attempt to call a nil value (global 'dofile')"))
        #expect(try failure(of: "os.exit(3)", in: state).contains("attempt to call a nil value (field 'exit')"))
        #expect(try state.first("return os.time() > 0") == true)
    }

    @Test("binary chunks are refused: load(string.dump(f)) returns nil and a message")
    func binaryChunksRefused() throws {
        let state = try LuaState()
        let results = try state.execute("return load(string.dump(function() return 1 end))", chunkName: "dump.lua")
        #expect(results == [.nil, "attempt to load a binary chunk (mode is 't')"])
        #expect(try state.first("return load('return 7')()") == 7)
        #expect(try state.first("local env = { x = 5 } return load('return x', 'c', 't', env)()") == 5)
    }

    @Test("the string metatable cannot be changed, and strings keep working")
    func stringMetatableLocked() throws {
        let state = try LuaState()
        #expect(try state.first("return getmetatable('')") == "string")
        #expect(
            try failure(of: "getmetatable('').__index = function() return 'pwned' end", in: state)
                .contains("attempt to index a string value"))
        #expect(
            try failure(of: "rawset(getmetatable(''), '__index', {})", in: state)
                .contains("bad argument #1 to 'rawset' (table expected, got string)"))
        #expect(
            try failure(of: "setmetatable('', {})", in: state)
                .contains("bad argument #1 to 'setmetatable' (table expected, got string)"))
        #expect(try state.first("return ('abc'):upper()") == "ABC")
    }

    @Test("require loads only from plugin folders, text only, as a.b → a/b.lua or a/b/init.lua")
    func requireFromPluginFolders() throws {
        let root = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("lib/util"), withIntermediateDirectories: true)
        try "return { answer = 42 }".write(to: root.appendingPathComponent("lib/answer.lua"), atomically: true, encoding: .utf8)
        try "return { name = 'util' }".write(
            to: root.appendingPathComponent("lib/util/init.lua"), atomically: true, encoding: .utf8)
        let state = try LuaState(options: .init(pluginPaths: [root]))
        #expect(
            try state.execute("return require('lib.answer').answer, require('lib.util').name", chunkName: "r")
                == [42, "util"])
        #expect(
            try failure(of: "require('lib.missing')", in: state).contains(
                "no file '\(root.resolvingSymlinksInPath().path)/lib/missing.lua'"))
    }

    @Test("io.open reads only below readable paths and never writes; io is absent otherwise")
    func readablePaths() throws {
        let root = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try "hello".write(to: root.appendingPathComponent("data.txt"), atomically: true, encoding: .utf8)
        let state = try LuaState(options: .init(readablePaths: [root]))
        let path = root.appendingPathComponent("data.txt").path
        #expect(try state.first("local f = assert(io.open('\(path)')) local s = f:read('a') f:close() return s") == "hello")
        #expect(
            try state.execute("return io.open('/etc/hostname')", chunkName: "io").last?.stringValue?
                .contains("outside the folders the sandbox may read") == true)
        #expect(
            try state.execute("return io.open('\(path)', 'w')", chunkName: "io").last?.stringValue?
                .contains("opens files for reading only") == true)
        #expect(try state.first("return io.popen") == .nil)
    }

    @Test("the trusted sandbox widens io and os but keeps debug out")
    func trustedSandbox() throws {
        let state = try LuaState(options: .init(sandbox: .trusted))
        #expect(
            try state.execute("return type(io.popen), type(os.getenv), debug", chunkName: "t") == ["function", "function", .nil])
    }

    @Test("a non-folder plugin path is refused with the path and the fix")
    func badPluginPath() throws {
        #expect(throws: LuaError.invalidUsage("plugin path '/nonexistent/plugins' is not a folder: pass an existing directory")) {
            try LuaState(options: .init(pluginPaths: [URL(fileURLWithPath: "/nonexistent/plugins")]))
        }
    }
}
