import Foundation
import Testing

@testable import LuaKit

/// Second-wave attacks on the instruction budget: work done in C or Swift between two runs of the
/// count hook (a thousand instructions apart), searches quadratic in their inputs, parsers fed by a
/// reader function, and scripts that catch the budget error and end before it is raised again.
@Suite("Sandbox attacks", .serialized)
struct SandboxAttackTests {
    static let limit = 1_000_000

    /// How a snippet ended in a fresh state with `limit` instructions and a 32 MB cap; "slow: …"
    /// when it used more than `cpuSeconds` of CPU (the budget means about 0.1 s), "TIMEOUT" when it
    /// did not end within a minute. `burn` is a Swift binding that spends `milliseconds` of CPU.
    static func outcome(of source: String, cpuSeconds: Double = 2) async -> String {
        await finishing(within: 60) { () -> String in
            let started = threadCPUSeconds()
            let ending = ending(of: source)
            return threadCPUSeconds() - started < cpuSeconds ? ending : "slow: \(ending)"
        } ?? "TIMEOUT"
    }

    private static func ending(of source: String) -> String {
        do {
            let state = try LuaState(options: .init(memoryLimit: 32 * 1_048_576, instructionLimit: limit))
            try state.register(
                LuaModule(
                    name: "host",
                    functions: [
                        "burn": { arguments in
                            let until = threadCPUSeconds() + Double(try arguments.integer(1)) / 1000
                            var spins = 0
                            while threadCPUSeconds() < until { spins += 1 }
                            return .value(.integer(Int64(spins)))
                        }
                    ]))
            let results = try state.execute(source, chunkName: "attack.lua")
            return "returned " + results.map(text).joined(separator: ", ")
        } catch let error as LuaError {
            if case .budget = error { return "budget" }
            return error.message
        } catch {
            return "\(error)"
        }
    }

    /// A result as the tables above spell it.
    private static func text(_ value: LuaValue) -> String {
        switch value {
        case .nil: "nil"
        case .boolean(let flag): "\(flag)"
        case .integer(let number): "\(number)"
        case .number(let number): "\(number)"
        case .string(let string): string
        default: value.typeName
        }
    }

    @Test(
        "calls that each build megabytes stop at the budget, not a thousand calls later",
        arguments: [
            "local s = string.rep('\\0\\1\"\\\\\\n', 2^18) for i = 1, 1e9 do local t = string.format('%q', s) end",
            "local s = string.rep('a', 2^22) for i = 1, 1e9 do local t = string.format('%s%s', s, s) end",
            "local s = string.rep('a', 2^23) for i = 1, 1e9 do local t = s:upper() end",
            "local s = string.rep('A', 2^23) for i = 1, 1e9 do local t = s:lower() end",
            "local s = string.rep('a', 2^23) for i = 1, 1e9 do local t = s:reverse() end",
            "local s = string.rep('a', 2^23) for i = 1, 1e9 do local t = s:sub(2) end",
            "local s = string.rep('a', 2^23) for i = 1, 1e9 do local t = string.pack('z', s) end",
            "local f = string.rep('%Y', 2^17) for i = 1, 1e9 do local t = os.date(f) end",
            "local s = string.rep('0', 2^22) .. '1' for i = 1, 1e9 do local n = tonumber(s) end",
            "local s = string.rep('1', 2^22) for i = 1, 1e9 do local n = tonumber(s, 36) end",
            // the VM's own concatenation, which no library wrapper sees
            "local a = string.rep('x', 2^23) local t = {} for i = 1, 1e9 do t[a .. i] = 1 t[a .. i] = nil end",
            "local s = string.rep('x', 2^23) for i = 1, 1e9 do local t = s .. s end",
            "local s = string.rep('x', 2^22) for i = 1, 1e9 do pcall(function() local t = s .. s .. s end) end",
        ])
    func allocatingCalls(source: String) async {
        #expect(await Self.outcome(of: source, cpuSeconds: 0.4) == "budget", "\(source)")
    }

    @Test(
        "plain searches quadratic in their inputs end with the budget error",
        arguments: [
            "local h = string.rep('a', 2^18) return h:find(string.rep('a', 2^17) .. 'b', 1, true)",
            "local h = string.rep('a', 2^18) return h:find(string.rep('a', 2^17) .. 'b')",
            "local h = string.rep('a', 2^18) return string.find(h, string.rep('a', 2^17) .. 'b', -2^18, true)",
            "local h = string.rep('ab', 2^17) return h:find(string.rep('ab', 2^16) .. 'c', 1, true)",
            "local h = string.rep('a', 2^18) for i = 1, 1e9 do h:find(string.rep('a', 2^12) .. 'b', 1, true) end",
        ])
    func quadraticSearches(source: String) async {
        #expect(await Self.outcome(of: source) == "budget", "\(source)")
    }

    @Test(
        "plain searches still find what they look for, with stock positions",
        arguments: [
            ("return ('hello world'):find('o w', 1, true)", "returned 5, 7"),
            ("return ('aaab'):find('aab')", "returned 2, 4"),
            ("return ('abc'):find('', 4, true)", "returned 4, 3"),
            ("return ('abc'):find('c', -1, true)", "returned 3, 3"),
            ("return (string.rep('a', 300) .. 'b'):find(string.rep('a', 299) .. 'b', 1, true)", "returned 2, 301"),
            ("return ('abc'):find('abcd', 1, true)", "returned nil"),
        ])
    func plainSearchResults(source: String, expected: String) async {
        #expect(await Self.outcome(of: source) == expected, "\(source)")
    }

    @Test(
        "load with a reader function charges what the reader returns",
        arguments: [
            "local s = string.rep(' ', 2^20) return load(function() return s end)",
            "local s = string.rep('--[[', 2^18) return load(function() return s end)",
            "local s = string.rep('-- x\\n', 2^18) return load(function() return s end)",
            "local s = string.rep(' ', 2^20) for i = 1, 1e9 do local n = 0 load(function() n = n + 1 return n < 3 and s or nil end) end",
            "return load(function() return ' ' end)",
        ])
    func loadReaders(source: String) async {
        #expect(await Self.outcome(of: source) == "budget", "\(source)")
    }

    @Test("a reader function still loads its chunk piece by piece")
    func readerStillLoads() async {
        let source =
            "local parts = {'return ', '4', '0 + ', '2'} local i = 0 "
            + "return load(function() i = i + 1 return parts[i] end)()"
        #expect(await Self.outcome(of: source) == "returned 42")
    }

    @Test(
        "slow Swift bindings in a loop stop at the budget",
        arguments: [
            "for i = 1, 1e9 do host.burn(20) end",
            "for i = 1, 1e9 do pcall(host.burn, 20) end",
            "coroutine.wrap(function() for i = 1, 1e9 do host.burn(20) end end)()",
        ])
    func slowBindings(source: String) async {
        #expect(await Self.outcome(of: source) == "budget", "\(source)")
    }

    @Test(
        "a script that catches the budget error and ends at once still fails with it",
        arguments: [
            "local co = coroutine.create(function() while true do end end) coroutine.resume(co) return 1",
            "local co = coroutine.create(function() local x <close> = setmetatable({}, {__close = function() while true do end end}) coroutine.yield() end) coroutine.resume(co) return coroutine.close(co)",
            "return pcall(coroutine.wrap(function() while true do end end))",
            "return coroutine.resume(coroutine.create(function() return pcall(function() while true do end end) end))",
            "local ok = pcall(function() while true do end end) return ok",
        ])
    func caughtBudget(source: String) async {
        #expect(await Self.outcome(of: source) == "budget", "\(source)")
    }

    @Test(
        "an error value too large to copy into Swift is named by its type, not reported as nil",
        arguments: [
            "local s = string.rep('x', 2^20) local t = {} for i = 1, 3000 do t[i] = s end error(t)",
            "local s = string.rep('x', 2^20) local t = {} for i = 1, 3000 do t[i] = s end error({code = 'E', message = 'm', t})",
            "local s = string.rep('x', 2^20) local t = {} for i = 1, 3000 do t[i] = s end error(setmetatable({}, {__index = t, __name = 'x', big = t}))",
        ])
    func hugeErrorValues(source: String) async {
        let ending = await Self.outcome(of: source)
        #expect(ending.contains("error object is a table value") && !ending.contains("nil value"), "\(source): \(ending)")
    }

    @Test(
        "library errors keep their wording after the budget check wraps the libraries",
        arguments: [
            ("return select(2, pcall(string.rep))", "returned bad argument #1 to 'string.rep' (string expected, got no value)"),
            (
                "return select(2, pcall(string.format, '%d', 'x'))",
                "returned bad argument #2 to 'string.format' (number expected, got string)"
            ),
            (
                "return select(2, pcall(function() return ('x'):byte({}) end))",
                "returned attack.lua:1: bad argument #1 to 'byte' (number expected, got table)"
            ),
            (
                "return select(2, pcall(math.floor, 'x'))",
                "returned bad argument #1 to 'math.floor' (number expected, got string)"
            ),
            ("return select(2, pcall(tonumber))", "returned bad argument #1 to 'tonumber' (value expected)"),
            ("return select(2, pcall(tonumber, '1', 99))", "returned bad argument #2 to 'tonumber' (base out of range)"),
            ("return select(2, pcall(tonumber, 1, 10))", "returned bad argument #1 to 'tonumber' (string expected, got number)"),
            (
                "return tonumber('ff', 16), tonumber(' 10 ', 2), tonumber('0x10'), tonumber(nil), tonumber('z')",
                "returned 255, 2, 16, nil, nil"
            ),
            ("return string.format('%5.1f|%q', 3.14159, 'a\\n')", "returned   3.1|\"a\\\n\""),
        ])
    func wordingKept(source: String, expected: String) async {
        #expect(await Self.outcome(of: source) == expected, "\(source)")
    }
}
