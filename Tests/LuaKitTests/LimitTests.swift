import Testing

@testable import LuaKit

@Suite("Limits")
struct LimitTests {
    @Test("while true do end stops at the instruction budget, naming the flag, and the state stays usable")
    func infiniteLoopStops() throws {
        let state = try LuaState(options: .init(instructionLimit: 1_000_000))
        #expect(throws: LuaError.budget(limit: 1_000_000)) {
            try state.execute("while true do end", chunkName: "loop.lua")
        }
        #expect(LuaError.budget(limit: 1_000_000).message.contains("--max-instructions"))
        #expect(try state.first("return 1 + 1") == 2)
    }

    @Test("pcall cannot swallow the instruction budget")
    func pcallCannotSwallowBudget() throws {
        let state = try LuaState(options: .init(instructionLimit: 1_000_000))
        #expect(throws: LuaError.budget(limit: 1_000_000)) {
            try state.execute("while true do pcall(function() while true do end end) end", chunkName: "loop.lua")
        }
        #expect(try state.first("local n = 0 for i = 1, 1000 do n = n + i end return n") == 500_500)
    }

    @Test("huge strings stop as errors (2^40 by Lua's size check, 2^30 at the memory cap, naming the flag)")
    func hugeStringStops() throws {
        let state = try LuaState(options: .init(memoryLimit: 8 * 1_048_576))
        #expect(throws: LuaError.runtime(message: "rep.lua:1: resulting string too large", traceback: nil, value: .nil)) {
            do {
                _ = try state.execute("return string.rep('x', 2^40)", chunkName: "rep.lua")
            } catch let error as LuaError {
                throw LuaError.runtime(message: error.message, traceback: nil, value: .nil)
            }
        }
        #expect(throws: LuaError.memory(limit: 8 * 1_048_576)) {
            try state.execute("return string.rep('x', 2^30)", chunkName: "rep.lua")
        }
        #expect(LuaError.memory(limit: 8 * 1_048_576).message.contains("8 MB (raise the limit with --max-memory MB)"))
        #expect(try state.first("return ('ab'):rep(3)") == "ababab")
    }

    @Test("table growth stops at the memory cap and memory is reclaimed afterwards")
    func tableGrowthStops() throws {
        let state = try LuaState(options: .init(memoryLimit: 8 * 1_048_576))
        #expect(throws: LuaError.memory(limit: 8 * 1_048_576)) {
            try state.execute("local t = {} for i = 1, 1e8 do t[i] = ('x'):rep(64) .. i end", chunkName: "grow.lua")
        }
        _ = try state.execute("collectgarbage() collectgarbage()", chunkName: "gc")
        #expect(state.memoryInUse < 2 * 1_048_576)
        #expect(try state.first("local t = {} for i = 1, 1000 do t[i] = i end return #t") == 1000)
    }

    @Test("limits must be positive")
    func limitsValidated() {
        #expect(throws: LuaError.self) { try LuaState(options: .init(memoryLimit: 0)) }
        #expect(throws: LuaError.self) { try LuaState(options: .init(instructionLimit: -1)) }
    }
}
