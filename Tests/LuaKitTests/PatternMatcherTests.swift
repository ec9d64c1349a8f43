import Foundation
import Testing

@testable import LuaKit

/// The budgeted pattern matcher behind string.find/match/gmatch/gsub: the same results and errors
/// as Lua's own (a differential table against the stock functions), and a budget error instead of
/// endless backtracking.
@Suite("Pattern matcher", .serialized)
struct PatternMatcherTests {
    /// Runs `source` in a state that also has the stock functions as `stock`; returns its result.
    private func differential(_ source: String) throws -> String {
        let state = try LuaState(options: .init(instructionLimit: nil))
        #expect(state.exposeStockFunctions(as: "stock"))
        let prelude = """
            local function pack(...) return { n = select('#', ...), ... } end
            local function show(r)
              local parts = {}
              for i = 1, r.n do
                local v = type(r[i]) == 'function' and 'fn' or tostring(r[i])
                -- called through pcall, the stock function has no global name ('?'); ours does
                parts[#parts + 1] = type(r[i]) .. ':' .. stock.gsub(v, "to '[^']*'", 'to F')
              end
              return table.concat(parts, ', ')
            end
            local bad = {}
            local function cmp(label, f1, f2, ...)
              local a, b = show(pack(pcall(f1, ...))), show(pack(pcall(f2, ...)))
              if a ~= b and #bad < 20 then bad[#bad + 1] = label .. '\\n  stock: ' .. a .. '\\n  ours:  ' .. b end
            end
            local function collect(gm, ...)
              local ok, it = pcall(gm, ...)
              if not ok then return 'err:' .. it end
              local out = {}
              while #out < 200 do
                local r = pack(pcall(it))
                if not r[1] then out[#out + 1] = 'err:' .. tostring(r[2]) break end
                if r[2] == nil then break end
                out[#out + 1] = show(r)
              end
              return table.concat(out, '|')
            end

            """
        let results = try state.execute(prelude + source + "\nreturn table.concat(bad, '\\n')", chunkName: "diff.lua")
        return results.first?.stringValue ?? "(no result)"
    }

    static let subjects = [
        "", "hello world", "  key = value  ", "a,b,,c", "THE (quick) fox", "x=1, y=22, z=333", "aaa", "\\0a\\0b",
        "f(a(b)c)d", "[[x]]", "abc123def", "%d%%", "\\195\\169t\\195\\169", "THE (quick) (brown) fox", "  ", "one\\ntwo\\n",
        "arn:acs:ram::1234567890:role/AliyunECSDiskEncryptDefaultRole", "key-0a1b2c3d", "\\255\\128\\0z",
    ]
    static let patterns = [
        "", "l", "o", "%a+", "%d+", "(%w+)=(%w+)", "^%s*(.-)%s*$", "()", "()ll()", "[aeiou]", "[^%s]+", "%bxy",
        "%b()", "%f[%a]%a+", "%f[%w]%w+", "(a)%1", "(%a)%1", "[%a-]", "[a-c]+", "[]]", "[^]]", "a-", "a*", "a?b", ".-",
        "^", "$", "^$", "x$", "%", "[a", "(", ")", "%1", "(()", "%g+", "%p", "%S+", "%u%l*", "%x+", "%c", "[%]]",
        "[%a%d_]+", "(h)(e)(l)(l)(o)", "%f[%z]", "%f", "%f[", "%b", "%ba", ".", "..", "a.-b", "((a)(b))",
        "(a*(.)%w(%s*))", "[%w_]", "%0", "(.)%2", "[-a]", "[a-]", "\\0", "%z", "%Z+", "(%d+)%s*(%a*)", "^(%a+)",
        "[^%a]", "%w+%s*=%s*%w+", "[[]", "%]", "e+", "(e)(%d)?", "^(.-)=(.*)$", "%s*$", "a-$", "[%d.]+", "%.", "[.]",
        "(%s*)", "^arn:acs:ram::(%d+):role/(.+)$", "[\\128-\\255]+", "[%w%-]+", "%-", "[^%w%s]", "%$", "$$", "^^",
        "(()%a())", "[a-%d]", "[%a-z]", "[^]", "[^", "%f[^%s]", "%f[%s]", "(.)(.)(.)(.)(.)(.)(.)(.)(.)(.)%9",
        "%D+", "%W", "%L+", "%U", "%P+", "%X", "%C+", "%G", "%A+", "a+?", "(x*)*", "%%", "%%%",
    ]

    @Test("find, match and plain find agree with the stock functions for every subject, pattern and init")
    func findAndMatchAgree() throws {
        let source = """
            local subjects = { \(Self.subjects.map { "\"\($0)\"" }.joined(separator: ", ")) }
            local patterns = { \(Self.patterns.map { "\"\($0)\"" }.joined(separator: ", ")) }
            local inits = { 1, 2, -1, -3, 0, 100, -100, math.maxinteger, math.mininteger }
            for _, s in ipairs(subjects) do
              for _, p in ipairs(patterns) do
                cmp(('find %q %q'):format(s, p), stock.find, string.find, s, p)
                cmp(('match %q %q'):format(s, p), stock.match, string.match, s, p)
                cmp(('plain %q %q'):format(s, p), stock.find, string.find, s, p, 1, true)
                for _, init in ipairs(inits) do
                  cmp(('find %q %q %d'):format(s, p, init), stock.find, string.find, s, p, init)
                  cmp(('match %q %q %d'):format(s, p, init), stock.match, string.match, s, p, init)
                  cmp(('plain %q %q %d'):format(s, p, init), stock.find, string.find, s, p, init, 1)
                end
              end
            end
            """
        #expect(try differential(source) == "")
    }

    @Test("gmatch agrees with the stock function, init included")
    func gmatchAgrees() throws {
        let source = """
            local subjects = { \(Self.subjects.map { "\"\($0)\"" }.joined(separator: ", ")) }
            local patterns = { \(Self.patterns.map { "\"\($0)\"" }.joined(separator: ", ")) }
            for _, s in ipairs(subjects) do
              for _, p in ipairs(patterns) do
                for _, init in ipairs({ 1, 3, -2, 0, 50, -50 }) do
                  local a, b = collect(stock.gmatch, s, p, init), collect(string.gmatch, s, p, init)
                  if a ~= b then bad[#bad + 1] = ('gmatch %q %q %d\\n  %s\\n  %s'):format(s, p, init, a, b) end
                end
                local a, b = collect(stock.gmatch, s, p), collect(string.gmatch, s, p)
                if a ~= b then bad[#bad + 1] = ('gmatch %q %q\\n  %s\\n  %s'):format(s, p, a, b) end
              end
            end
            """
        #expect(try differential(source) == "")
    }

    @Test("gsub agrees with the stock function for string, table and function replacements and max n")
    func gsubAgrees() throws {
        let source = """
            local subjects = { \(Self.subjects.map { "\"\($0)\"" }.joined(separator: ", ")) }
            local patterns = { \(Self.patterns.map { "\"\($0)\"" }.joined(separator: ", ")) }
            local lookup = { hello = 'HI', a = false, l = 7, [1] = 'one', [3] = 'three', key = {}, o = 'O' }
            local replacements = { '<%0>', '%1-%2', '%%', '%', 'x%9', '', '[%1]', '%a', '%2', 12, 1.5, lookup,
              function(a, b) return b and (a .. '|' .. tostring(b)) or nil end,
              function(a) return false end, function() return {} end, function(a) return #a end, true }
            for _, s in ipairs(subjects) do
              for _, p in ipairs(patterns) do
                for ri, repl in ipairs(replacements) do
                  cmp(('gsub %q %q #%d'):format(s, p, ri), stock.gsub, string.gsub, s, p, repl)
                  for _, n in ipairs({ 0, 1, 2, -1, 1.0, 2.5, 'x' }) do
                    cmp(('gsub %q %q #%d n=%s'):format(s, p, ri, tostring(n)), stock.gsub, string.gsub, s, p, repl, n)
                  end
                end
              end
            end
            """
        #expect(try differential(source) == "")
    }

    @Test("bad arguments and malformed patterns fail with the stock messages")
    func errorsAgree() throws {
        let source = """
            local argsets = { {'x'}, {'x', 1, 2, 3}, {nil, 'x'}, {{}, 'x'}, {'x', {}}, {'x', 'x', 'a'}, {12345, 3},
              {'a1b2', '%d', 1.5}, {'a1b2', 2}, {'x', 'x', nil}, {'x', 'x', {}} }
            for i, args in ipairs(argsets) do
              for _, name in ipairs({ 'find', 'match', 'gsub', 'gmatch', 'rep' }) do
                cmp(name .. ' args #' .. i, stock[name], string[name], table.unpack(args, 1, 4))
              end
            end
            local deep = string.rep('(', 40) .. 'a' .. string.rep(')', 40)
            cmp('too many captures', stock.match, string.match, 'aaa', deep)
            cmp('32 captures', stock.match, string.match, string.rep('a', 40), string.rep('(a)', 32))
            cmp('33 captures', stock.match, string.match, string.rep('a', 40), string.rep('(a)', 33))
            cmp('too complex', stock.match, string.match, string.rep('a', 300), string.rep('a?', 300) .. string.rep('a', 300))
            cmp('unfinished capture gsub', stock.gsub, string.gsub, 'abc', '(a', '%1')
            cmp('unfinished capture match', stock.match, string.match, 'abc', '(a')
            cmp('position in gsub', stock.gsub, string.gsub, 'abc', '()b', '%1')
            cmp('position table key', stock.gsub, string.gsub, 'abc', '()b', { [2] = 'two' })
            cmp('back reference to position', stock.match, string.match, 'aa', '()%1')
            for _, a in ipairs({ {'ab', 3}, {'ab', 3, ','}, {'', 5}, {'x', 0}, {'x', -1}, {'x', 2^31}, {'ab', 2^30},
                                 {'a', 3, ''}, {'', 3, 'x'}, {'abc', 1, 'sep'}, {'x', 2.0}, {'x', '3'}, {'x', 2^63} }) do
              cmp('rep', stock.rep, string.rep, table.unpack(a, 1, 3))
            end
            """
        #expect(try differential(source) == "")
    }

    @Test("method calls on strings reach the guarded functions")
    func methodCallsGuarded() throws {
        let state = try LuaState(options: .init(instructionLimit: 100_000))
        #expect(throws: LuaError.budget(limit: 100_000)) {
            try state.execute("return (string.rep('a', 5000)):find(string.rep('.-', 10) .. 'b')", chunkName: "m.lua")
        }
        #expect(try state.execute("return ('key=value'):match('(%w+)=(%w+)')", chunkName: "m.lua") == ["key", "value"])
    }

    @Test(
        "pathological patterns end with the budget error quickly",
        arguments: [
            "return string.rep('a', 30000):find(string.rep('.-', 15) .. 'b')",
            "return string.rep('a', 30000):match(string.rep('a*', 15) .. 'b')",
            "return string.rep('a', 30000):match(string.rep('(a-)', 15) .. 'b')",
            "return string.rep('a', 30000):gsub(string.rep('.-', 15) .. 'b', '%0')",
            "for w in string.rep('a', 30000):gmatch(string.rep('a?', 15) .. 'b') do end",
            "return string.rep('(', 300000):gsub('%b()', '')",
            "return string.rep('ab', 50000):find('(.-)%1%1b')",
        ])
    func pathological(source: String) async {
        let outcome = await finishing(within: 60) { () -> String in
            let started = threadCPUSeconds()
            let ending: String
            do {
                let state = try LuaState(options: .init(instructionLimit: 1_000_000))
                _ = try state.execute(source, chunkName: "p.lua")
                ending = "returned"
            } catch let error as LuaError {
                if case .budget = error { ending = "budget" } else { ending = error.message }
            } catch {
                ending = "\(error)"
            }
            return threadCPUSeconds() - started < 2 ? ending : "slow: \(ending)"
        }
        #expect(outcome == "budget", "\(source): \(outcome ?? "TIMEOUT")")
    }

    @Test("ordinary matching stays fast: a megabyte of text through gsub and gmatch")
    func staysFast() throws {
        let state = try LuaState(options: .init(instructionLimit: 1_000_000_000))
        let started = threadCPUSeconds()
        let results = try state.execute(
            """
            local s = string.rep('key-12 = value; ', 65536)
            local n = 0
            for k, v in s:gmatch('(%w+%-%d+) = (%w+);') do n = n + 1 end
            local t, count = s:gsub('%d+', '#')
            return n, count, #t
            """, chunkName: "fast.lua")
        #expect(results == [65536, 65536, .integer(65536 * 15)])
        #expect(threadCPUSeconds() - started < 5)
    }
}
