import Foundation
import Testing

@testable import LuaKit

/// A state with `t.concurrently` and bindings that suspend: `t.pass()` waits at `latch`,
/// `t.sleep(ms)` sleeps (cancellable), `t.context()` returns the caller's context, and
/// `t.depth()` its ``LuaArguments/concurrentDepth`` (without suspending).
func concurrentlyState(
    latch: Latch? = nil, memory: Int? = 64 * 1_048_576, instructions: Int? = 1_000_000_000
) throws -> LuaState {
    let state = try LuaState(options: .init(memoryLimit: memory, instructionLimit: instructions))
    try state.register(
        LuaModule(
            name: "t",
            functions: [
                "concurrently": LuaConcurrently.function,
                "pass": { _ in
                    .suspend {
                        await latch?.arrive()
                        return []
                    }
                },
                "sleep": { arguments in
                    let milliseconds = try arguments.integer(1)
                    return .suspend {
                        try await Task.sleep(for: .milliseconds(milliseconds))
                        return []
                    }
                },
                "context": { arguments in
                    let context = arguments.callContext as? String
                    return .suspend { [context.map(LuaValue.string) ?? .nil] }
                },
                "depth": { arguments in .value(.integer(Int64(arguments.concurrentDepth))) },
            ]))
    return state
}

/// Runs `source` as one driver coroutine with `context` and returns its outcome.
func runDriven(
    _ state: LuaState, _ source: String, context: String? = nil
) async throws -> Result<[LuaValue], LuaError> {
    let function = try state.load(source, chunkName: "c.lua")
    return await state.runConcurrently([LuaCall(function, context: context)])[0]
}

@Suite("concurrently: running functions of one coroutine at once")
struct ConcurrentlyTests {
    @Test("the functions run at once and their first results come back in order", .timeLimit(.minutes(1)))
    func overlapAndOrder() async throws {
        // The latch opens only once all three wait at it at the same time.
        let state = try concurrentlyState(latch: Latch(count: 3))
        let result = try await runDriven(
            state,
            """
            local a, b, c, d = t.concurrently(
              function() t.pass() return 'first', 'dropped' end,
              function() t.pass() end,
              function() t.pass() return { n = 3, list = { 1, 2 } } end)
            return a, b, c.n, c.list[2], d, select('#', t.concurrently(function() return 1 end))
            """
        ).get()
        #expect(result == ["first", .nil, 3, 2, .nil, 1])
        #expect(state.stackTop == 0)
    }

    @Test("no functions returns nothing at once; handles come back through upvalues")
    func emptyAndUpvalues() async throws {
        let state = try concurrentlyState()
        let result = try await runDriven(
            state,
            """
            local shared = setmetatable({}, { __index = function() return 'meta' end })
            local kept
            local copy = t.concurrently(function() t.sleep(1) kept = shared return shared end)
            return select('#', t.concurrently()), kept == shared, copy == shared, copy.anything, kept.anything
            """
        ).get()
        #expect(result == [0, true, false, .nil, "meta"])
    }

    @Test("children carry the caller's context and know their depth, in both drivers", .timeLimit(.minutes(1)))
    func contextAndDepth() async throws {
        let state = try concurrentlyState()
        let source = """
            local a, b = t.concurrently(
              function() return t.context() .. '@' .. t.depth() end,
              function()
                return (t.concurrently(function() t.sleep(1) return t.context() .. '@' .. t.depth() end))
              end)
            return a, b, t.depth()
            """
        let driven = try await runDriven(state, source, context: "step-7").get()
        #expect(driven == ["step-7@1", "step-7@2", 0])
        let function = try state.load(source, chunkName: "c.lua")
        let hosted = await state.withCoroutineHost { host in
            async let one = host.run(LuaCall(function, context: "one"))
            async let two = host.run(LuaCall(function, context: "two"))
            return await (one, two)
        }
        #expect(try hosted.0.get() == ["one@1", "one@2", 0])
        #expect(try hosted.1.get() == ["two@1", "two@2", 0])
        #expect(state.stackTop == 0)
    }

    @Test("many driver coroutines each running children at once", .timeLimit(.minutes(1)))
    func manyCallers() async throws {
        // 40 callers × 4 children all wait at once, or the latch never opens.
        let state = try concurrentlyState(latch: Latch(count: 160))
        let function = try state.load(
            """
            local i = ...
            local a, b, c, d = t.concurrently(
              function() t.pass() return i end, function() t.pass() return i * 2 end,
              function() t.pass() return i * 3 end, function() t.pass() return i * 4 end)
            return a + b + c + d
            """, chunkName: "many.lua")
        let calls = (1...40).map { LuaCall(function, arguments: [.integer(Int64($0))]) }
        let results = await state.runConcurrently(calls)
        for (index, result) in results.enumerated() {
            #expect(try result.get() == [.integer(Int64((index + 1) * 10))])
        }
        #expect(state.stackTop == 0)
    }

    /// Names in argument errors are Lua's (`'concurrently'`); the Runner's module prefixes its own.
    /// Errors raised after the caller suspended get its position, as a suspending binding's do.
    @Test(
        "an error is raised once all have ended: the first by position, naming it",
        arguments: [
            // (functions, what the caller's pcall reads from the error, expected)
            ("function() error('boom') end", "tostring(err)", "c.lua:1: t.concurrently: function #1 failed: c.lua:1: boom"),
            (
                "function() t.sleep(1) end, function() error('late', 0) end", "err",
                "c.lua:1: t.concurrently: function #2 failed: late"
            ),
            // By position, not by time: #1 fails after #2 has.
            (
                "function() t.sleep(20) error('one', 0) end, function() error('two', 0) end", "err",
                "c.lua:1: t.concurrently: function #1 failed: one"
            ),
            (
                "function() error({ code = 'X', message = 'm' }) end, function() end",
                "err.code .. ' ' .. err.message .. ' ' .. err.function_index .. ' ' .. tostring(err)",
                "X m 1 t.concurrently: function #1 failed: X: m"
            ),
            // A __tostring of the script's own is never called from Swift: the fields travel, the text is generic.
            (
                "function() error(setmetatable({ code = 'Y' }, { __tostring = function() error('hostile') end })) end",
                "err.code .. ' ' .. err.function_index", "Y 1"
            ),
            (
                "function() error(setmetatable({}, { __tostring = function() while true do end end })) end",
                "tostring(err)", "t.concurrently: function #1 failed: (error object is a table value)"
            ),
            ("function() error() end", "err", "c.lua:1: t.concurrently: function #1 failed: (error object is a nil value)"),
            (
                "function() coroutine.yield() end", "err",
                "c.lua:1: t.concurrently: function #1 failed: coroutine.yield reached the LuaKit driver: a playbook's own function must not "
                    + "yield; yield only inside coroutines the script created and resumes itself"
            ),
            (
                "function() return 1 end, function() coroutine.yield(1, 2) end", "err:match('^(.-) coroutine')",
                "c.lua:1: t.concurrently: function #2 failed:"
            ),
            (
                "function() local x = nil; return x.y end", "err",
                "c.lua:1: t.concurrently: function #1 failed: c.lua:1: attempt to index a nil value (local 'x')"
            ),
            (
                "function() return t.sleep('x') end", "err",
                "c.lua:1: t.concurrently: function #1 failed: c.lua:1: bad argument #1 to 'sleep' (number expected, got string)"
            ),
            ("1", "err", "c.lua:1: bad argument #1 to 'concurrently' (function expected, got number)"),
            ("function() end, nil", "err", "c.lua:1: bad argument #2 to 'concurrently' (function expected, got nil)"),
            (
                Array(repeating: "function() end", count: 17).joined(separator: ", "), "err",
                "c.lua:1: bad argument #17 to 'concurrently' (at most 16 functions per call, got 17: let one function do several "
                    + "things in turn)"
            ),
        ])
    func errors(functions: String, read: String, expected: String) async throws {
        let state = try concurrentlyState()
        let result = try await runDriven(
            state,
            "local ok, err = pcall(function() return t.concurrently(\(functions)) end) return ok, \(read)"
        ).get()
        #expect(result == [false, .string(expected)])
        #expect(state.stackTop == 0)
    }

    @Test("the caller resumes only after every function ended, failing or not", .timeLimit(.minutes(1)))
    func waitsForAll() async throws {
        let state = try concurrentlyState()
        let result = try await runDriven(
            state,
            """
            local done = {}
            local ok = pcall(t.concurrently,
              function() error('early', 0) end,
              function() t.sleep(30) done[#done + 1] = 'slow' end,
              function() for _ = 1, 3 do t.sleep(5) end done[#done + 1] = 'loop' end)
            table.sort(done)
            return ok, table.concat(done, ',')
            """
        ).get()
        #expect(result == [false, "loop,slow"])
    }
}
