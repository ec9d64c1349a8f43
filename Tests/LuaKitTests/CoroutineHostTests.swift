import Foundation
import Testing

@testable import LuaKit

@Suite("Coroutine host")
struct CoroutineHostTests {
    /// A state whose `host.context()` suspends and returns the calling coroutine's context (a
    /// string), and whose `host.pass()` waits at `latch`.
    private func makeState(latch: Latch? = nil) throws -> LuaState {
        let state = try LuaState(options: .init())
        try state.register(
            LuaModule(
                name: "host",
                functions: [
                    "context": { arguments in
                        let context = arguments.callContext as? String
                        return .suspend { [context.map(LuaValue.string) ?? .nil] }
                    },
                    "pass": { _ in
                        .suspend {
                            await latch?.arrive()
                            return []
                        }
                    },
                ]))
        return state
    }

    @Test("calls started from many Swift tasks run as concurrent coroutines of one state", .timeLimit(.minutes(1)))
    func manyTasksOneDriver() async throws {
        let latch = Latch(count: 300)
        let state = try makeState(latch: latch)
        let function = try state.load("local i = ... host.pass() return i * 2, host.context()", chunkName: "spawn.lua")
        let results = await state.withCoroutineHost { host in
            await withTaskGroup(of: (Int, Result<[LuaValue], LuaError>).self) { group in
                for index in 1...300 {
                    group.addTask {
                        (index, await host.run(LuaCall(function, arguments: [.integer(Int64(index))], context: "call-\(index)")))
                    }
                }
                var collected: [Int: Result<[LuaValue], LuaError>] = [:]
                for await (index, result) in group { collected[index] = result }
                return collected
            }
        }
        // The latch only opens once all 300 wait at once: they ran concurrently, on one driver.
        #expect(results.count == 300)
        for (index, result) in results {
            #expect(try result.get() == [.integer(Int64(index * 2)), .string("call-\(index)")])
        }
        #expect(state.stackTop == 0)
    }

    @Test("errors, budget overruns and bad calls come back as that call's failure; the others finish")
    func failuresStayPerCall() async throws {
        let state = try LuaState(options: .init(instructionLimit: 10_000))
        let good = try state.load("return 'ok'", chunkName: "good.lua")
        let cases: [(String, String)] = [
            ("error('boom')", "boom"),
            ("error({ code = 'X' })", "X"),
            ("while true do end", "instruction"),
            ("coroutine.yield()", "coroutine.yield reached the LuaKit driver"),
        ]
        for (source, expected) in cases {
            let bad = try state.load(source, chunkName: "bad.lua")
            let (failed, fine) = await state.withCoroutineHost { host in
                async let failed = host.run(LuaCall(bad))
                async let fine = host.run(LuaCall(good))
                return await (failed, fine)
            }
            #expect(try fine.get() == ["ok"], "\(source)")
            guard case .failure(let error) = failed else {
                Issue.record("\(source) did not fail")
                continue
            }
            #expect(error.message.contains(expected), "\(source): \(error.message)")
        }
        #expect(state.stackTop == 0)
    }

    @Test("a call made after the body returned fails with a clear error instead of hanging")
    func lateCallsFail() async throws {
        let state = try makeState()
        let function = try state.load("return 1", chunkName: "late.lua")
        let escaped = await state.withCoroutineHost { host in host }
        let result = await escaped.run(LuaCall(function))
        guard case .failure(let error) = result else {
            Issue.record("a late call ran")
            return
        }
        #expect(error.message.contains("has stopped"))
    }

    @Test("the main thread and script-made coroutines see no call context")
    func contextOnlyInDriverCoroutines() async throws {
        let state = try makeState()
        let function = try state.load(
            "local inner = coroutine.wrap(function() return pcall(host.context) end) local ok = inner() return host.context(), ok",
            chunkName: "ctx.lua")
        let result = await state.withCoroutineHost { host in await host.run(LuaCall(function, context: "outer")) }
        // Inside a script-made coroutine the binding cannot suspend at all (so it cannot see a context).
        #expect(try result.get() == [.string("outer"), .boolean(false)])
    }
}
