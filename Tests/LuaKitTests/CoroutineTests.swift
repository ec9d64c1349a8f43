import Foundation
import Testing

@testable import LuaKit

@Suite("Coroutines")
struct CoroutineTests {
    /// A state with an `async` module whose functions suspend on Swift async work.
    private func makeState(pluginPaths: [URL] = []) throws -> LuaState {
        let state = try LuaState(options: .init(pluginPaths: pluginPaths))
        try state.register(
            LuaModule(
                name: "async",
                functions: [
                    "echo": { arguments in
                        let value = try arguments.value(1)
                        return .suspend { [value, "from swift"] }
                    },
                    "sleep": { arguments in
                        let milliseconds = try arguments.integer(1)
                        return .suspend {
                            try await Task.sleep(for: .milliseconds(milliseconds))
                            return []
                        }
                    },
                    "fail": { _ in .suspend { throw PlainError() } },
                    "deny": { _ in .suspend { throw DeniedError() } },
                ]))
        return state
    }

    @Test("a binding suspends the coroutine and is resumed with the async result")
    func yieldResumeRoundTrip() async throws {
        let state = try makeState()
        let function = try state.load(
            """
            local who = ...
            local a, b = async.echo("hello " .. who)
            local c = async.echo(a .. "!")
            return a, b, c
            """, chunkName: "echo.lua")
        #expect(try await state.run(function, arguments: ["lua"]) == ["hello lua", "from swift", "hello lua!"])
    }

    @Test("an async error is raised at the call site: pcall catches strings and error tables")
    func asyncErrorsRaiseInLua() async throws {
        let state = try makeState()
        let function = try state.load(
            """
            local ok1, e1 = pcall(function() async.fail() end)
            local ok2, e2 = pcall(async.deny)
            return ok1, e1, ok2, e2.code
            """, chunkName: "fail.lua")
        #expect(try await state.run(function) == [false, "fail.lua:1: access denied for acct-7", false, "Forbidden.KeyPolicy"])
    }

    @Test(
        "1,000 coroutines each awaiting a 20 ms sleep are all in flight at once",
        .timeLimit(.minutes(1)))
    func thousandCoroutines() async throws {
        let state = try makeState()
        let latch = Latch(count: 1000)
        try state.register(
            LuaModule(
                name: "gate",
                functions: [
                    // Passes only once all 1,000 operations are waiting together, then sleeps 20 ms.
                    "pass": { _ in
                        .suspend {
                            await latch.arrive()
                            try await Task.sleep(for: .milliseconds(20))
                            return []
                        }
                    }
                ]))
        let function = try state.load("local i = ... gate.pass() return i * 2", chunkName: "sleep.lua")
        let calls = (1...1000).map { LuaCall(function, arguments: [.integer(Int64($0))]) }
        let results = await state.runConcurrently(calls)
        #expect(results.count == 1000)
        #expect(try results.enumerated().allSatisfy { index, result in try result.get() == [.integer(Int64(index + 1) * 2)] })
        // The latch proves they all waited together (in sequence none could pass it); elapsed time
        // is no evidence here: other suites in the same process share the cooperative threads.
        #expect(state.stackTop == 0)
    }

    @Test("suspending where Lua cannot yield is a clear Lua error, never a crash")
    func cannotSuspendHere() async throws {
        let root = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try "async.sleep(1) return {}".write(to: root.appendingPathComponent("toplevel.lua"), atomically: true, encoding: .utf8)
        let state = try makeState(pluginPaths: [root])
        let cases = [
            "table.sort({3, 1, 2}, function(a, b) async.sleep(1) return a < b end)",
            "string.gsub('abc', '%w', function(c) async.sleep(1) return c end)",
            "tostring(setmetatable({}, { __tostring = function() async.sleep(1) return 'x' end }))",
            "require('toplevel')",
            "coroutine.wrap(function() async.sleep(1) end)()",
        ]
        for snippet in cases {
            let function = try state.load(
                "local ok, err = pcall(function() \(snippet) end) return ok, err", chunkName: "cases.lua")
            let results = try await state.run(function)
            #expect(results.first == false, "\(snippet)")
            #expect(results.last?.stringValue?.contains("async.sleep cannot suspend here") == true, "\(snippet): \(results)")
        }
        #expect(throws: LuaError.self) { try state.execute("async.sleep(1)", chunkName: "sync.lua") }
        // Where Lua can yield, it works: pcall, metamethods called from Lua, iterators.
        let fine = try state.load(
            """
            local ok = pcall(async.sleep, 1)
            local t = setmetatable({}, { __index = function(_, k) return async.echo(k) end })
            return ok, t.key
            """, chunkName: "fine.lua")
        #expect(try await state.run(fine) == [true, "key"])
    }

    @Test("a bare coroutine.yield reaching the driver is an error, and other coroutines still finish")
    func bareYield() async throws {
        let state = try makeState()
        let yielding = try state.load("coroutine.yield('x')", chunkName: "y.lua")
        let normal = try state.load("async.sleep(1) return 'ok'", chunkName: "n.lua")
        let results = await state.runConcurrently([LuaCall(yielding), LuaCall(normal)])
        #expect(throws: LuaError.self) { try results[0].get() }
        #expect(try results[1].get() == ["ok"])
    }

    @Test("each coroutine has its own instruction budget")
    func perCoroutineBudget() async throws {
        let state = try LuaState(options: .init(instructionLimit: 200_000))
        let spin = try state.load("while true do end", chunkName: "spin.lua")
        let work = try state.load("local n = 0 for i = 1, 10000 do n = n + i end return n", chunkName: "work.lua")
        let results = await state.runConcurrently([LuaCall(spin), LuaCall(work), LuaCall(work)])
        #expect(throws: LuaError.budget(limit: 200_000)) { try results[0].get() }
        #expect(try results[1].get() == [50_005_000])
        #expect(try results[2].get() == [50_005_000])
    }
}
