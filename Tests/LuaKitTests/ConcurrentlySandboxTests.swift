import Foundation
import Testing

@testable import LuaKit

/// `concurrently` against scripts that try to escape the sandbox's limits through it: more budget,
/// unbounded nesting, results past the memory cap, calls where nothing can suspend, and runs
/// cancelled while children wait.
@Suite("concurrently: limits and attacks")
struct ConcurrentlySandboxTests {
    /// Burns about `n` thousand instructions (a loop turn is two).
    static let burn = "local function burn(n) local x = 0 for i = 1, n * 500 do x = x + i end return x end\n"

    @Test(
        "children draw on their caller's budget: together they cannot spend more than it",
        arguments: [
            // (script, fails with the budget error) under a budget of 1M instructions
            ("burn(1100)", true),
            ("burn(900)", false),
            ("t.concurrently(function() burn(600) end, function() burn(600) end)", true),
            ("t.concurrently(function() burn(300) end, function() burn(300) end)", false),
            // What children spent is charged to the caller.
            ("t.concurrently(function() burn(600) end) burn(600)", true),
            ("burn(600) t.concurrently(function() burn(600) end)", true),
            // Nested children share the same account.
            (
                "t.concurrently(function() t.concurrently(function() burn(400) end, function() burn(400) end) end, "
                    + "function() burn(400) end)", true
            ),
            // Sixteen children of sixteen children: 272 coroutines, one budget.
            (
                "local f = {} for i = 1, 16 do f[i] = function() burn(5) end end "
                    + "local g = {} for i = 1, 16 do g[i] = function() t.concurrently(table.unpack(f)) end end "
                    + "t.concurrently(table.unpack(g))", true
            ),
            // A caught budget error still ends the run.
            ("pcall(t.concurrently, function() while true do end end) burn(1)", true),
            (
                "pcall(function() t.concurrently(function() while true do end end, function() t.sleep(5) end) end) "
                    + "return 'survived'", true
            ),
            // A child that never ends is stopped by the budget, its siblings too.
            ("t.concurrently(function() while true do end end, function() while true do t.sleep(1) end end)", true),
        ])
    func sharedBudget(script: String, exceeds: Bool) async throws {
        let state = try concurrentlyState(instructions: 1_000_000)
        let result = try await runDriven(state, Self.burn + script)
        if exceeds {
            #expect(result == .failure(.budget(limit: 1_000_000)), "\(script)")
        } else {
            #expect((try? result.get()) != nil, "\(script): \(result)")
        }
        #expect(state.stackTop == 0)
    }

    @Test(
        "nesting and width are bounded",
        arguments: [
            ("t.concurrently(function() return t.concurrently(function() return 'two' end) end)", "two"),
            (
                "t.concurrently(function() return t.concurrently(function() return t.concurrently(function() end) end) end)",
                "c.lua:1: t.concurrently: function #1 failed: c.lua:1: t.concurrently: function #1 failed: c.lua:1: t.concurrently nests too deep: a "
                    + "function it runs may call it again, but no deeper (at most 2 levels); run the inner work in turn instead"
            ),
            (
                "t.concurrently(" + Array(repeating: "function() end", count: 17).joined(separator: ",") + ")",
                "c.lua:1: bad argument #17 to 'concurrently' (at most 16 functions per call, got 17: let one function do "
                    + "several things in turn)"
            ),
        ])
    func bounds(script: String, expected: String) async throws {
        let state = try concurrentlyState()
        let result = try await runDriven(state, "local ok, v = pcall(function() return \(script) end) return v")
        #expect(result == .success([.string(expected)]))
    }

    @Test(
        "outside a driver coroutine it refuses, as suspending bindings do",
        arguments: [
            "t.concurrently(function() end)",
            "coroutine.wrap(function() t.concurrently(function() end) end)()",
            "table.sort({ 2, 1 }, function(a, b) t.concurrently(function() end) return a < b end)",
            "tostring(setmetatable({}, { __tostring = function() t.concurrently(function() end) return '' end }))",
        ])
    func outsideDriver(script: String) async throws {
        let expected = "t.concurrently cannot suspend here: it waits for a Swift operation"
        let state = try concurrentlyState()
        let synchronous = try state.execute(
            "local ok, err = pcall(function() \(script) end) return err", chunkName: "top.lua")
        #expect(synchronous.first?.stringValue?.contains(expected) == true, "\(synchronous)")
        if script.hasPrefix("t.concurrently") { return }
        // Inside a driver coroutine, a place that cannot yield refuses too, and the caller goes on.
        let driven = try await runDriven(
            state, "local ok, err = pcall(function() \(script) end) return err, t.concurrently(function() return 1 end)"
        ).get()
        #expect(driven.first?.stringValue?.contains(expected) == true, "\(driven)")
        #expect(driven.last == 1)
        #expect(state.stackTop == 0)
    }

    @Test(
        "results are copied under the memory cap, together",
        arguments: [
            // Each result fits alone; together their copies pass the 8 MiB cap.
            (
                "local f = {} for i = 1, 16 do f[i] = function() return string.rep('x', 1024 * 1024 - i) end end "
                    + "return t.concurrently(table.unpack(f))", "function #9 failed: value too large to cross into Swift"
            ),
            // The copies fit the cap, but not what is left under it beside what Lua holds.
            (
                "local f = {} for i = 1, 4 do f[i] = function() local list = {} for j = 1, 40000 do list[j] = j end "
                    + "return list end end return t.concurrently(table.unpack(f))",
                "t.concurrently: the results of its functions (7680256 bytes) do not fit in the"
            ),
            // A table shared many times over is a tree of 2^30 entries as a copy.
            (
                "return t.concurrently(function() local a = { 1 } for _ = 1, 30 do a = { a, a } end return a end)",
                "function #1 failed: value too large to cross into Swift at [1]"
            ),
        ])
    func memory(script: String, expected: String) async throws {
        let cap = 8 * 1_048_576
        let state = try concurrentlyState(memory: cap, instructions: 100_000_000)
        let result = try await runDriven(state, "local ok, err = pcall(function() \(script) end) return ok, err")
        let values = try result.get()
        #expect(values.first == false, "\(script)")
        let message = values.last?.stringValue ?? ""
        #expect(message.contains(expected), "\(message)")
        #expect(state.memoryInUse <= cap)
        // The state still works.
        #expect(try await runDriven(state, "return t.concurrently(function() return 'ok' end)").get() == ["ok"])
        #expect(state.stackTop == 0)
    }

    @Test("cancelling the run while children wait ends and closes every one of them", .timeLimit(.minutes(1)))
    func cancellation() async throws {
        for useHost in [false, true] {
            let state = try concurrentlyState()
            try state.setGlobal("closed", 0)
            let function = try state.load(
                """
                local function child()
                  local guard <close> = setmetatable({}, { __close = function() closed = closed + 1 end })
                  t.sleep(600000)
                end
                local function nested()
                  local guard <close> = setmetatable({}, { __close = function() closed = closed + 1 end })
                  t.concurrently(child, child)
                end
                t.concurrently(child, nested, function() pcall(t.sleep, 600000) t.sleep(600000) end)
                """, chunkName: "cancel.lua")
            let actor = StateBox(state)
            let run = Task { await actor.run(function, host: useHost) }
            try await Task.sleep(for: .milliseconds(100))
            run.cancel()
            let outcome = await run.value
            #expect(outcome.message.contains("CancellationError"), "\(outcome)")
            #expect(await actor.global("closed") == 4)
            #expect(await actor.stackTop == 0)
        }
    }
}

/// Keeps a state on an actor so a test can cancel the task driving it.
actor StateBox {
    private let state: LuaState

    init(_ state: LuaState) { self.state = state }

    /// Runs `function` as one coroutine, through the host or the plain driver; returns its error.
    func run(_ function: LuaReference, host: Bool) async -> LuaError {
        let result: Result<[LuaValue], LuaError>
        if host {
            result = await state.withCoroutineHost { await $0.run(LuaCall(function)) }
        } else {
            result = await state.runConcurrently([LuaCall(function)])[0]
        }
        if case .failure(let error) = result { return error }
        return .invalidUsage("the run ended without an error")
    }

    func global(_ name: String) -> LuaValue { (try? state.global(name)) ?? .nil }

    var stackTop: Int32 { state.stackTop }
}
