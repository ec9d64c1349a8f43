import Testing

@testable import LuaKit

@Suite("Errors")
struct ErrorTests {
    @Test("a syntax error is reported as syntax with chunk and line")
    func syntaxError() throws {
        let state = try LuaState()
        #expect(throws: LuaError.syntax(message: "bad.lua:2: unexpected symbol near ')'")) {
            try state.execute("local x = 1\nlocal y = )\n", chunkName: "bad.lua")
        }
    }

    @Test("a runtime error carries message, traceback and the raised value")
    func runtimeError() throws {
        let state = try LuaState()
        do {
            _ = try state.execute("local function f() error('boom') end\nf()", chunkName: "run.lua")
            Issue.record("expected an error")
        } catch let error as LuaError {
            #expect(error.message == "run.lua:1: boom")
            #expect(error.traceback?.contains("run.lua:2: in main chunk") == true)
            #expect(error.description.hasPrefix("run.lua:1: boom\nstack traceback:"))
        }
    }

    @Test("a structured error survives Swift → Lua → Swift → Lua with its code and message")
    func structuredErrorRoundTrip() throws {
        let state = try LuaState()
        try state.register(
            LuaModule(
                name: "kms",
                functions: [
                    "share": { _ in throw DeniedError() },
                    "rethrow": { arguments in
                        let failing = try arguments.function(1)
                        return .values(try arguments.call(failing))
                    },
                ]))
        // Swift → Lua: pcall returns the table, code is branchable, tostring gives the text.
        let inLua = try state.execute(
            """
            local ok, err = pcall(kms.share)
            return ok, type(err), err.code, err.message, tostring(err)
            """, chunkName: "share.lua")
        #expect(
            inLua == [
                false, "table", "Forbidden.KeyPolicy", "the key policy does not allow account 222",
                "Forbidden.KeyPolicy: the key policy does not allow account 222",
            ])

        // Lua → Swift: the escaping error keeps the fields.
        var escaped: LuaError?
        do {
            _ = try state.execute("kms.share()", chunkName: "share.lua")
        } catch let error as LuaError {
            escaped = error
        }
        #expect(escaped?.fields?["code"] == "Forbidden.KeyPolicy")
        #expect(escaped?.message == "Forbidden.KeyPolicy: the key policy does not allow account 222")

        // Swift → Lua again: a binding rethrowing the LuaError re-raises the same table.
        let again = try state.execute(
            """
            local ok, err = pcall(kms.rethrow, function() kms.share() end)
            return ok, err.code, tostring(err)
            """, chunkName: "share.lua")
        #expect(again == [false, "Forbidden.KeyPolicy", "Forbidden.KeyPolicy: the key policy does not allow account 222"])
    }

    @Test("a plain error table from Lua arrives with its fields and a readable message")
    func plainErrorTable() throws {
        let state = try LuaState()
        do {
            _ = try state.execute("error({ code = 'Throttling', message = 'slow down' })", chunkName: "t.lua")
            Issue.record("expected an error")
        } catch let error as LuaError {
            #expect(error.fields?["code"] == "Throttling")
            #expect(error.message == "Throttling: slow down")
        }
    }
}
