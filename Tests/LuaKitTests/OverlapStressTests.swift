import Testing

@testable import LuaKit

/// Owns one state on an actor, so overlapping calls interleave on one executor at their awaits.
private actor StressHost {
    let state: LuaState
    let worker: LuaReference
    let probe: LuaReference

    init() throws {
        state = try LuaState()
        try state.register(
            LuaModule(
                name: "async",
                functions: [
                    // Suspends for a random short while, then returns its argument.
                    "echo": { arguments in
                        let value = try arguments.value(1)
                        return .suspend {
                            try await Task.sleep(for: .microseconds(Int.random(in: 0...400)))
                            return [value]
                        }
                    }
                ]))
        worker = try state.load(
            """
            local i = ...
            local sum = 0
            local junk = {}
            for k = 1, 4 do
                sum = sum + async.echo(k)
                junk[k] = string.rep("x", 200) .. i .. k
            end
            local co = coroutine.wrap(function() coroutine.yield(i) end)
            co()
            return i, sum, function() return i end
            """, chunkName: "worker.lua")
        probe = try state.load("local x = ... return x + 1, function() return x end", chunkName: "probe.lua")
    }

    /// One `run` of the worker; true when its results are right (the returned function is dropped).
    func runWorker(_ index: Int) async -> Bool {
        guard let results = try? await state.run(worker, arguments: [.integer(Int64(index))]) else { return false }
        return results.prefix(2) == [.integer(Int64(index)), .integer(10)] && results.count == 3
    }

    /// A batch of workers through one `runConcurrently`.
    func runBatch(_ indices: [Int]) async -> Bool {
        let calls = indices.map { LuaCall(worker, arguments: [.integer(Int64($0))]) }
        let results = await state.runConcurrently(calls)
        return zip(indices, results).allSatisfy { index, result in
            (try? result.get().prefix(2)) == [.integer(Int64(index)), .integer(10)]
        }
    }

    /// A synchronous `call` on the main thread, made while coroutines are suspended.
    func callProbe(_ value: Int) -> Bool {
        (try? state.call(probe, arguments: [.integer(Int64(value))]).first) == .integer(Int64(value) + 1)
    }

    /// The main thread's stack height.
    var stackTop: Int32 { state.stackTop }
}

@Suite("Overlapping drivers")
struct OverlapStressTests {
    /// Before the driver's task-group body captured its isolation, this crashed (SIGSEGV, or a Lua
    /// panic inside luaL_ref) in about 3 runs of 5: the body ran off the actor, in parallel with it.
    @Test(
        "overlapping run and runConcurrently calls on one state, with state.call while they are suspended, all succeed",
        .timeLimit(.minutes(1)))
    func overlappingDriversAndCalls() async throws {
        for _ in 0..<4 {
            let host = try StressHost()
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for index in 0..<200 {
                    group.addTask { await host.runWorker(index) }
                    if index % 40 == 0 {
                        group.addTask { await host.runBatch(Array(10_000 + index * 100..<10_000 + index * 100 + 400)) }
                    }
                    group.addTask { await host.callProbe(index) }
                }
                var outcomes: [Bool] = []
                for await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
            #expect(outcomes.count == 405)
            #expect(outcomes.allSatisfy { $0 })
            #expect(await host.stackTop == 0)
        }
    }
}
