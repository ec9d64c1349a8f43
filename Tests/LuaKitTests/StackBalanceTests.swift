import Foundation
import Testing

@testable import LuaKit

@Suite("Stack balance")
struct StackBalanceTests {
    @Test("every LuaState operation leaves the main stack as it found it, on success and on failure")
    func operationsAreBalanced() async throws {
        let state = try LuaState(options: .init(memoryLimit: 8 * 1_048_576, instructionLimit: 100_000))
        let top = state.stackTop
        try state.register(
            LuaModule(
                name: "m",
                functions: [
                    "id": { arguments in .value(try arguments.value(1)) },
                    "wait": { _ in .suspend { [1] } },
                    "bad": { arguments in
                        _ = try arguments.table(1)
                        return .none
                    },
                ]))
        #expect(state.stackTop == top)
        try state.setGlobal("g", ["a": 1])
        #expect(state.stackTop == top)
        _ = try state.global("g")
        #expect(state.stackTop == top)
        _ = try state.execute("return 1, 2, 3, m.id({ x = 1 })", chunkName: "ok")
        #expect(state.stackTop == top)
        _ = try? state.execute("error('x')", chunkName: "err")
        #expect(state.stackTop == top)
        _ = try? state.execute("return (", chunkName: "syntax")
        #expect(state.stackTop == top)
        _ = try? state.execute("m.bad(1)", chunkName: "arg")
        #expect(state.stackTop == top)
        _ = try? state.execute("while true do end", chunkName: "budget")
        #expect(state.stackTop == top)
        _ = try? state.execute("return string.rep('x', 2^40)", chunkName: "memory")
        #expect(state.stackTop == top)
        let function = try state.load("return m.wait() + 1", chunkName: "f")
        #expect(state.stackTop == top)
        _ = try state.call(try state.load("return 1", chunkName: "c"))
        #expect(state.stackTop == top)
        _ = await state.runConcurrently([LuaCall(function), LuaCall(function)])
        #expect(state.stackTop == top)
        _ = try? state.executeFile(.init(fileURLWithPath: "/nonexistent.lua"))
        #expect(state.stackTop == top)
    }
}
