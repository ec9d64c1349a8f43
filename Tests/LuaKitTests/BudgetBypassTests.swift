import Foundation
import Testing

@testable import LuaKit

/// Every way a script can burn CPU ends with the instruction budget error (or a plain Lua error)
/// quickly: code Lua runs with hooks off (finalizers, message handlers, __close of a coroutine the
/// budget stopped) and C loops a script drives without allocating.
@Suite("Budget bypasses", .serialized)
struct BudgetBypassTests {
    static let limit = 1_000_000

    /// How a snippet ended, run on a watchdog thread in a fresh state that is closed afterwards;
    /// "slow" when it used more than two CPU seconds, "TIMEOUT" when it did not end at all.
    static func outcome(of source: String, memoryLimit: Int? = 64 * 1_048_576, seconds: Double = 60) async -> String {
        await finishing(within: seconds) { () -> String in
            let started = threadCPUSeconds()
            let ending = ending(of: source, memoryLimit: memoryLimit)
            return threadCPUSeconds() - started < 2 ? ending : "slow: \(ending)"
        } ?? "TIMEOUT"
    }

    private static func ending(of source: String, memoryLimit: Int?) -> String {
        do {
            let state = try LuaState(options: .init(memoryLimit: memoryLimit, instructionLimit: limit))
            let results = try state.execute(source, chunkName: "spin.lua")
            return "returned " + results.map { $0.stringValue ?? "\($0)" }.joined(separator: ", ")
        } catch let error as LuaError {
            if case .budget = error { return "budget" }
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test(
        "code Lua runs outside the main loop ends with the budget error",
        arguments: [
            // metamethods run with hooks on
            "local t = setmetatable({}, {__index = function() while true do end end}) return t.x",
            "local t = setmetatable({}, {__newindex = function() while true do end end}) t.x = 1",
            "local mt = {__eq = function() while true do end end} return setmetatable({}, mt) == setmetatable({}, mt)",
            "local mt = {__lt = function() while true do end end} return setmetatable({}, mt) < setmetatable({}, mt)",
            "local mt = {__le = function() while true do end end} return setmetatable({}, mt) <= setmetatable({}, mt)",
            "return setmetatable({}, {__concat = function() while true do end end}) .. 'x'",
            "return #setmetatable({}, {__len = function() while true do end end})",
            "return setmetatable({}, {__call = function() while true do end end})()",
            "return tostring(setmetatable({}, {__tostring = function() while true do end end}))",
            "print(setmetatable({}, {__tostring = function() while true do end end}))",
            "return string.format('%s', setmetatable({}, {__tostring = function() while true do end end}))",
            "for k in pairs(setmetatable({}, {__pairs = function() while true do end end})) do end",
            "return -setmetatable({}, {__unm = function() while true do end end})",
            "return table.concat(setmetatable({}, {__index = function() while true do end end, __len = function() return 2 end}))",
            "table.sort({3, 2, 1}, function() while true do end end)",
            "return ('x'):gsub('x', function() while true do end end)",
            // __close, also while the budget error itself unwinds
            "do local x <close> = setmetatable({}, {__close = function() while true do end end}) end",
            "local x <close> = setmetatable({}, {__close = function() while true do end end}) while true do end",
            "coroutine.wrap(function() local x <close> = setmetatable({}, {__close = function() while true do end end}) while true do end end)()",
            "local co = coroutine.create(function() local x <close> = setmetatable({}, {__close = function() while true do end end}) while true do end end) coroutine.resume(co) coroutine.close(co)",
            "local co = coroutine.create(function() local x <close> = setmetatable({}, {__close = function() while true do end end}) while true do end end) coroutine.resume(co) while true do pcall(coroutine.close, co) end",
            "local co = coroutine.wrap(function() local x <close> = setmetatable({}, {__close = function() while true do end end}) coroutine.yield() end) co() while true do end",
            // handlers that try to swallow the error
            "while true do pcall(function() while true do end end) end",
            "xpcall(function() while true do end end, function() while true do end end)",
            "while true do xpcall(function() while true do end end, function(e) return e end) end",
            "while true do pcall(coroutine.wrap(function() while true do end end)) end",
            "while true do coroutine.resume(coroutine.create(function() while true do end end)) end",
            "while true do pcall(error, setmetatable({}, {__tostring = function() while true do end end})) end",
            "local ok = pcall(function() while true do end end) while true do end",
        ])
    func hooksOffCode(source: String) async {
        #expect(await Self.outcome(of: source) == "budget", "\(source)")
    }

    @Test(
        "C loops a script drives without allocating end with the budget error",
        arguments: [
            "for i = 1, 1e9 do string.rep('', 2^53) end",
            "for i = 1, 1e9 do string.rep('', 2^53, '') end",
            "for i = 1, 1e9 do ('x'):rep(0) end",
            "return table.move({}, 1, 2^40, 2)",
            "return table.move({}, -2^40, 2^40, 1, {})",
            "return table.concat(setmetatable({}, {__index = rawlen}), '', 1, 2^40)",
            "return table.remove(setmetatable({}, {__len = function() return math.maxinteger end, __index = rawequal, __newindex = rawequal}), 1)",
            "table.insert(setmetatable({}, {__len = function() return math.maxinteger - 1 end, __index = rawequal, __newindex = rawequal}), 1, 1)",
            "table.sort(setmetatable({}, {__len = function() return 2^31 - 2 end, __index = rawlen, __newindex = rawequal}))",
            "while true do table.unpack({}, 1, 1e5) end",
            "local t = {} for i = 1, 1e5 do t[i] = {} end while true do collectgarbage() end",
            "local t = {} for i = 1, 1e5 do t[i] = {} end while true do collectgarbage('step', 1e6) end",
            "local s = string.rep('a = 1 ', 2e6) while true do load(s) end",
            "return string.rep('a', 30000):find(string.rep('.-', 15) .. 'b')",
            "return (string.rep('a', 30000)):match(string.rep('a*', 20) .. 'b')",
            "for x in string.rep('a', 30000):gmatch(string.rep('.-', 15) .. 'b') do end",
            "return string.rep('a', 30000):gsub(string.rep('.-', 15) .. 'b', '')",
            "return string.rep('(', 200000):find('%b()')",
            "return string.rep('ab', 100000):find('(.-)%1%1b')",
            "return string.rep('a', 100000):find('%f[%a]' .. string.rep('a?', 100) .. 'b')",
            // work in proportion to the bytes produced is charged through the allocator
            "local s = string.rep('a', 2^20) while true do local t = s:upper() end",
            "local s = string.rep('a', 2^20) while true do local t = s .. 'x' end",
            "local s = string.rep('a', 2^20) while true do local t = s:sub(2) end",
            "local s = string.rep('a', 2^20) while true do local t = string.format('%s%s', s, s) end",
            "local s = string.rep('a', 2^20) while true do local t = s:find('b', 1, true) end",
            "local s = string.rep('a', 2^20) while true do local t = s:find('b', 1) end",
            "local s = string.rep('a', 2^20) while true do utf8.len(s) end",
            "local s = string.rep('a', 2^20) while true do utf8.offset(s, -1) end",
            // one instruction starting long C work is charged by the CPU time it takes
            "local s = string.rep('a', 2^22) local t = s:sub(1, -2) .. 'a' while true do local _ = (s == t) end",
            "local s = string.rep('a', 2^22) local t = s:sub(1, -2) .. 'a' while true do local _ = (s < t) end",
            "local t = {} for i = 1, 1990 do t = setmetatable({}, {__index = t}) end while true do local _ = t.x end",
            "local t = {} for i = 1, 1990 do t = setmetatable({}, {__newindex = t}) end while true do t.x = nil end",
        ])
    func cLoops(source: String) async {
        #expect(await Self.outcome(of: source) == "budget", "\(source)")
    }

    @Test(
        "finalizers are refused at setmetatable, so none can hang a run or lua_close",
        arguments: [
            "setmetatable({}, {__gc = function() while true do end end})",
            "setmetatable({}, {__gc = false})",
            "setmetatable({}, {__gc = true})",
            "local mt = {} mt.__gc = print setmetatable({}, mt)",
        ])
    func finalizersRefused(source: String) async {
        #expect(await Self.outcome(of: source).contains("__gc metamethods are not allowed"), "\(source)")
    }

    @Test("a __gc added after setmetatable never runs, and closing the state does not hang")
    func lateFinalizerIgnored() async {
        let source = """
            local mt = {} local t = setmetatable({}, mt)
            mt.__gc = function() while true do end end
            t = nil collectgarbage() collectgarbage()
            local f = setmetatable({}, getmetatable(setmetatable({}, {})))
            return 'done'
            """
        #expect(await Self.outcome(of: source) == "returned done")
    }

    @Test("the metatable of file handles is locked, so no finalizer can be put next to their C one")
    func lockedFileMetatable() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "x".write(to: folder.appendingPathComponent("f.txt"), atomically: true, encoding: .utf8)
        let state = try LuaState(options: .init(instructionLimit: Self.limit, readablePaths: [folder]))
        let results = try state.execute(
            """
            local f = assert(io.open('f.txt'))
            return getmetatable(f), (pcall(setmetatable, f, {})), (pcall(rawset, getmetatable(f), '__gc', print))
            """, chunkName: "meta.lua")
        #expect(results == ["FILE*", false, false])
    }

    @Test(
        "C recursion and huge requests end as Lua errors, not crashes or hangs",
        arguments: [
            (
                "local t = setmetatable({}, {}) getmetatable(t).__index = function(t, k) return t[k] end return t.x",
                "stack overflow"
            ),
            ("local function f() return coroutine.wrap(f)() end return f()", "C stack overflow"),
            (
                "local function f() local co = coroutine.create(f) local ok, e = coroutine.resume(co) error(e, 0) end f()",
                "C stack overflow"
            ),
            ("local t = {} for i = 1, 3000 do t = setmetatable({}, {__index = t}) end return t.x", "'__index' chain too long"),
            ("return select('#', table.unpack({}, 1, 1e8))", "too many results to unpack"),
            ("return string.rep('x', 2^40)", "resulting string too large"),
            ("return string.rep('x', 1e9)", "memory limit exceeded"),
            ("return string.format('%100d', 1)", "invalid conversion"),
            ("return utf8.char(table.unpack({}, 1, 1e7))", "too many results to unpack"),
            ("return string.pack('i17', 1)", "out of limits"),
            ("return os.date(string.rep('%c', 1e8))", "memory limit exceeded"),
            ("collectgarbage('stop')", "collectgarbage(\"stop\") is not available in the sandbox"),
            ("collectgarbage('setpause', 0)", "is not available in the sandbox"),
            ("return load(string.rep('(', 1e5) .. '1' .. string.rep(')', 1e5))", "returned"),
        ])
    func cRecursion(source: String, fragment: String) async {
        let outcome = await Self.outcome(of: source)
        #expect(
            outcome.contains(fragment) || (fragment == "stack overflow" && outcome.contains("C stack overflow")),
            "\(source): \(outcome)")
    }

    @Test("the guarded functions keep their normal behaviour")
    func normalBehaviour() throws {
        let state = try LuaState(options: .init(instructionLimit: Self.limit))
        let results = try state.execute(
            """
            local log = {}
            local ok, handled = xpcall(function() error({code = 7}) end, function(e) return e.code + 1 end)
            local ok2, a, b = xpcall(function(x, y) return x + y, 'z' end, print, 2, 3)
            local wrapped = coroutine.wrap(function(x)
              local c <close> = setmetatable({}, {__close = function() log[#log + 1] = 'closed' end})
              local y = coroutine.yield(x + 1) error('after ' .. y)
            end)
            local first = wrapped(1)
            local ok3, err3 = pcall(wrapped, 'two')
            local co = coroutine.create(function()
              local c <close> = setmetatable({}, {__close = function() log[#log + 1] = 'closed by close' end})
              coroutine.yield()
            end)
            coroutine.resume(co)
            local closed = coroutine.close(co)
            local ok4, err4 = pcall(coroutine.close, coroutine.running())
            local ok5, err5 = pcall(coroutine.wrap(function() end)) 
            local ok6, err6 = pcall(wrapped)
            local protected = setmetatable({}, {__metatable = 'locked'})
            local ok7, err7 = pcall(setmetatable, protected, {})
            local kb = collectgarbage('count')
            return ok, handled, ok2, a, b, first, ok3, err3, table.concat(log, ','), closed, err4, ok5, err6, err7,
              type(kb), collectgarbage(), collectgarbage('isrunning'), type(collectgarbage('step'))
            """, chunkName: "normal.lua")
        #expect(
            results == [
                false, 8, true, 5, "z", 2, false, "normal.lua:6: after two", "closed,closed by close", true,
                "cannot close a running coroutine", true,
                "cannot resume dead coroutine", "cannot change a protected metatable",
                "number", 0, true, "boolean",
            ])
    }

    /// Runs a comparison script that has the stock functions as `stock.*` and returns the
    /// mismatches it reports (one a line; empty when ours behave like the stock ones).
    private func mismatchesWithStock(_ source: String, chunkName: String) throws -> String {
        let state = try LuaState(options: .init(instructionLimit: 100 * Self.limit))
        #expect(state.exposeStockFunctions(as: "stock"))
        return try state.execute(source, chunkName: chunkName).first?.stringValue ?? "<the script returned no text>"
    }

    @Test("the table functions give the stock results, errors included")
    func tableFunctionsMatchStock() throws {
        let mismatches = try mismatchesWithStock(
            """
            local function show(...)
              local parts = {}
              for i = 1, select('#', ...) do
                local v = select(i, ...)
                if type(v) == 'table' then
                  local items = {} for j = 1, 8 do items[j] = tostring(rawget(v, j)) end v = 'T{' .. table.concat(items, ' ') .. '}'
                end
                parts[#parts + 1] = stock.gsub(tostring(v), "to '[^']*'", 'to F')
              end
              return table.concat(parts, ', ')
            end
            local function fresh() return {'a', 'b', 'c', 'd'} end
            local cases = {
              {'insert', function() return fresh(), 'x' end}, {'insert', function() return fresh(), 1, 'x' end},
              {'insert', function() return fresh(), 5, 'x' end}, {'insert', function() return fresh(), 6, 'x' end},
              {'insert', function() return fresh(), 0, 'x' end}, {'insert', function() return fresh() end},
              {'insert', function() return fresh(), 1, 2, 3 end}, {'insert', function() return 'str', 'x' end},
              {'insert', function() return fresh(), 'p', 'x' end}, {'insert', function() return {}, -1, 'x' end},
              {'remove', function() return fresh() end}, {'remove', function() return fresh(), 1 end},
              {'remove', function() return fresh(), 5 end}, {'remove', function() return fresh(), 6 end},
              {'remove', function() return {} end}, {'remove', function() return {}, 0 end}, {'remove', function() return {}, 2 end},
              {'remove', function() return nil end},
              {'move', function() return fresh(), 1, 3, 2 end}, {'move', function() return fresh(), 2, 4, 1 end},
              {'move', function() return fresh(), 1, 4, 3, {} end}, {'move', function() return fresh(), 3, 1, 1 end},
              {'move', function() return fresh(), 1, math.maxinteger, 2 end}, {'move', function() return fresh(), -1, math.maxinteger, 2 end},
              {'move', function() return fresh(), 1, 2, math.maxinteger end}, {'move', function() return fresh(), 1 end},
              {'concat', function() return fresh() end}, {'concat', function() return fresh(), '-' end},
              {'concat', function() return fresh(), '-', 2, 3 end}, {'concat', function() return fresh(), '-', 3, 2 end},
              {'concat', function() return {1, 2.5, 'x'}, ', ' end}, {'concat', function() return {1, true, 3} end},
              {'concat', function() return fresh(), '', 1, 6 end}, {'concat', function() return 5 end},
              {'unpack', function() return fresh() end}, {'unpack', function() return fresh(), 2 end},
              {'unpack', function() return fresh(), 2, 3 end}, {'unpack', function() return fresh(), 3, 2 end},
              {'unpack', function() return fresh(), -1, 1 end}, {'unpack', function() return {}, 1, 1e8 end},
              {'unpack', function() return fresh(), 'x' end}, {'unpack', function() return nil end},
              {'sort', function() return {5, 2, 8, 1, 9, 3, 3, 7} end},
              {'sort', function() return {5, 2, 8, 1, 9, 3, 3, 7}, function(a, b) return a > b end end},
              {'sort', function() return {'pear', 'apple', 'fig'} end}, {'sort', function() return {} end},
              {'sort', function() return {1, 'x', 2} end}, {'sort', function() return {3, 1}, 5 end},
              {'sort', function() return 'str' end},
            }
            local bad = {}
            for i, case in ipairs(cases) do
              local name, make = case[1], case[2]
              local function run(f)
                local args = table.pack(make())
                return show(pcall(f, table.unpack(args, 1, args.n)), args[1])
              end
              local want, got = run(stock[name]), run(table[name])
              if want ~= got then bad[#bad + 1] = name .. ' #' .. i .. ': stock ' .. want .. ' | ours ' .. got end
            end
            return table.concat(bad, '\\n')
            """, chunkName: "tables.lua")
        #expect(mismatches == "", "\(mismatches)")
    }

    @Test("utf8.len and utf8.offset give the stock results, errors included")
    func utf8MatchesStock() throws {
        let mismatches = try mismatchesWithStock(
            """
            local function show(...)
              local t = table.pack(...)
              for i = 1, t.n do t[i] = stock.gsub(tostring(t[i]), "to '[^']*'", 'to F') end
              return table.concat(t, ',', 1, t.n)
            end
            local bad = {}
            for _, s in ipairs({ '', 'abc', 'h\\195\\169llo', '\\255', '\\195', '\\226\\130\\172x', 'a\\128b' }) do
              for _, args in ipairs({ {}, {1}, {2}, {-1}, {0}, {10}, {-10}, {1, -1}, {2, 1}, {1, 10}, {1, -1, true},
                                      {3, 2}, {'x'}, {1.5} }) do
                local want = show(pcall(stock.utf8_len, s, table.unpack(args, 1, 3)))
                local got = show(pcall(utf8.len, s, table.unpack(args, 1, 3)))
                if want ~= got then bad[#bad + 1] = ('len %q: %s | %s'):format(s, want, got) end
                for _, n in ipairs({ 0, 1, -1, 2, 5 }) do
                  want = show(pcall(stock.utf8_offset, s, n, table.unpack(args, 1, 1)))
                  got = show(pcall(utf8.offset, s, n, table.unpack(args, 1, 1)))
                  if want ~= got then bad[#bad + 1] = ('offset %q %d: %s | %s'):format(s, n, want, got) end
                end
              end
            end
            return table.concat(bad, '\\n')
            """, chunkName: "utf8.lua")
        #expect(mismatches == "", "\(mismatches)")
    }

    @Test("a coroutine of the driver stopped by the budget with a looping __close finishes")
    func driverSkipsClose() async throws {
        let state = try LuaState(options: .init(instructionLimit: Self.limit))
        let made = try state.execute(
            """
            return function()
              local x <close> = setmetatable({}, {__close = function() while true do end end})
              while true do end
            end
            """, chunkName: "driver.lua")
        guard case .function(let function) = made.first ?? .nil else {
            Issue.record("the chunk returned no function")
            return
        }
        await #expect(throws: LuaError.budget(limit: Self.limit)) {
            _ = try await state.run(function)
        }
        #expect(try state.first("return 1 + 1") == 2)
    }
}
