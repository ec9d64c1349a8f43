import Foundation
import Testing

/// Second-wave attacks on the built binary: each script runs as a plain script and as the step of
/// a playbook (so targets' coroutines are covered) with `--max-instructions 1000000 --max-memory 32`,
/// and must end quickly with the budget or memory error and exit 1, never hang, crash or print a
/// secret from the environment.
@Suite(
    "Sandbox attacks through keyshare run",
    .enabled(
        if: keyshareBinaryExists,
        "skipped: \(keyshareBinary.path) is missing; build it with `swift build --product keyshare`"))
struct SandboxAttackEndToEndTests {
    /// A secret the environment holds during every run; no sandboxed script may print it.
    static let secret = "SANDBOX-ATTACK-SECRET-VALUE"

    /// How a run ended: its outcome and the wall-clock seconds it took, or nil when it hung.
    private func run(_ source: String, asPlaybook: Bool) async throws -> (KeyshareOutcome, Double)? {
        let folder = try temporaryFolder("keyshare-attack")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("attack.lua")
        let text =
            asPlaybook
            ? """
            return { owner = "1000000000000001", key = "alias/shared-disk-key", inventory = "resource-directory",
              params = { folder = "fd-prod" }, concurrency = 4,
              steps = { function(ctx, target)
            \(source)
            end } }
            """
            : source
        try text.write(to: file, atomically: true, encoding: .utf8)
        let started = Date()
        let invocation = KeyshareInvocation(
            arguments: ["run", file.path, "--max-instructions", "1000000", "--max-memory", "32"],
            directory: folder,
            environment: ["ALIBABA_CLOUD_ACCESS_KEY_SECRET": Self.secret, "ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIattack"],
            timeout: 150)
        guard let outcome = try await keyshareUnlessHung(invocation) else { return nil }
        return (outcome, Date().timeIntervalSince(started))
    }

    @Test(
        "work done outside the count hook's view ends with the budget error, plain and in targets",
        arguments: [
            // calls that each build megabytes
            "local s = string.rep('\\0\\1\"\\\\\\n', 2^18) for i = 1, 1e9 do local t = string.format('%q', s) end",
            "local s = string.rep('a', 2^23) for i = 1, 1e9 do local t = s:upper() end",
            "local f = string.rep('%Y', 2^17) for i = 1, 1e9 do local t = os.date(f) end",
            // searches quadratic in their inputs
            "local h = string.rep('a', 2^20) return h:find(string.rep('a', 2^19) .. 'b', 1, true)",
            "local h = string.rep('a', 2^20) return h:find(string.rep('a', 2^19) .. 'b')",
            // parsers fed by a reader, scans without allocation
            "local s = string.rep('--[[', 2^20) return load(function() return s end)",
            "local s = string.rep('0', 2^22) .. '1' for i = 1, 1e9 do local n = tonumber(s) end",
            // bindings and output
            "local s = string.rep('a', 2^21) for i = 1, 1e9 do local r = json.encode(s) end",
            "local s = '\"' .. string.rep('a', 2^21) .. '\"' for i = 1, 1e9 do local r = json.decode(s) end",
            "local s = string.rep('a', 2^21) for i = 1, 1e9 do local r = yaml.decode(s) end",
            "local s = string.rep('x', 2^22) for i = 1, 1e9 do print(s) end",
            "local s = string.rep('x', 2^22) for i = 1, 1e9 do log.info(s) end",
            // the budget error caught, then the script ends before the hook raises it again
            "local co = coroutine.create(function() local x <close> = setmetatable({}, {__close = function() while true do end end}) coroutine.yield() end) coroutine.resume(co) coroutine.close(co)",
            "coroutine.resume(coroutine.create(function() while true do end end))",
        ], [false, true])
    func budgetHolds(source: String, asPlaybook: Bool) async throws {
        let (outcome, seconds) = try #require(try await run(source, asPlaybook: asPlaybook), "hung: \(source)")
        let said = outcome.output + outcome.errors
        #expect(outcome.status == 1, "\(source): \(said.suffix(400))")
        #expect(
            said.contains("instruction budget exceeded") || said.contains("memory limit exceeded"),
            "\(source): \(said.suffix(400))")
        #expect(seconds < 120, "\(source) took \(seconds) s") // a hang guard only: the suite shares two cores
        #expect(!said.contains(Self.secret))
    }

    @Test("a sandboxed script finds no secret of the environment anywhere it can look", arguments: [false, true])
    func noSecretReachable(asPlaybook: Bool) async throws {
        let source = """
            local seen, found = {}, {}
            local function walk(value, path, depth)
              if depth > 6 or seen[value] then return end
              if type(value) == 'string' then
                if value:find('SANDBOX-ATTACK', 1, true) or value:find('LTAIattack', 1, true) then found[#found + 1] = path end
                return
              end
              if type(value) ~= 'table' then return end
              seen[value] = true
              for k, v in pairs(value) do walk(v, path .. '.' .. tostring(k), depth + 1) end
            end
            walk(_G, '_G', 0)
            walk(package.loaded, 'loaded', 0)
            walk(arg or {}, 'arg', 0)
            local tries = { os.getenv and os.getenv('ALIBABA_CLOUD_ACCESS_KEY_SECRET') or 'no getenv' }
            for _, p in ipairs{ '/proc/self/environ', '/proc/self/cwd/../../proc/self/environ', '/dev/fd/0' } do
              local f = io and io.open and io.open(p)
              tries[#tries + 1] = f and f:read('a') or 'refused'
            end
            for _, t in ipairs(tries) do walk(t, 'read', 0) end
            error('found: [' .. table.concat(found, ',') .. ']')
            """
        let (outcome, _) = try #require(try await run(source, asPlaybook: asPlaybook), "hung")
        let said = outcome.output + outcome.errors
        #expect(said.contains("found: []"), "\(said.suffix(600))")
        #expect(!said.contains(Self.secret))
        #expect(outcome.status == 1)
    }

    @Test(
        "a step cannot hang a run or forge another target's result through the runtime",
        arguments: [
            // the worker plumbing of earlier versions is gone; calling it fails the step
            ("steps = { function() local j = keyshare.next_target() end }", 1),
            ("steps = { function() keyshare.finish_target(1, { status = 'changed' }) end }", 1),
            // the runtime's step function, called by hand with a forged run, reports nothing for others
            (
                "steps = { function(ctx) local rt = require('_lib.keyshare.runtime') "
                    + "local r = rt.run_step({ steps = { { name = 'x', run = function() return { 'forged' } end } }, contexts = {}, "
                    + "owner = { id = '1' }, params = {}, shared = {} }, { id = '2000000000000002', tags = {} }, 1) "
                    + "error('tried: ' .. tostring(r.status)) end }", 1
            ),
            // a bare yield in a step or an inventory reaches the driver: a clear failure, not a hang
            ("steps = { function() coroutine.yield() end }", 1),
            ("steps = { function() coroutine.yield('status', 'changed') end }", 1),
            ("inventory = function() coroutine.yield() return {} end, steps = { function() end }", 2),
        ])
    func workerFunctions(fields: String, status: Int32) async throws {
        let folder = try temporaryFolder("keyshare-worker")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("book.lua")
        let inventory = fields.hasPrefix("inventory") ? "" : "inventory = 'resource-directory', params = { folder = 'fd-prod' }, "
        try """
        return { owner = "1000000000000001", key = "alias/shared-disk-key", concurrency = 4, \(inventory)\(fields) }
        """.write(to: file, atomically: true, encoding: .utf8)
        let outcome = try #require(
            try await keyshareUnlessHung(KeyshareInvocation(arguments: ["run", file.path], directory: folder, timeout: 60)),
            "hung: \(fields)")
        let said = outcome.output + outcome.errors
        #expect(outcome.status == status, "\(fields): \(said.suffix(600))")
        #expect(!said.contains("  changed "), "\(fields): \(said.suffix(600))")
    }

    @Test(
        "a plain script calling the removed worker functions gets an answer at once",
        arguments: [
            "assert(keyshare.next_target == nil) print('no target')",
            "assert(not pcall(keyshare.finish_target, 0, { status = 'changed' })) print('no target')",
        ])
    func plainWorkerCalls(source: String) async throws {
        let (outcome, seconds) = try #require(try await run(source, asPlaybook: false), "hung: \(source)")
        #expect(outcome.status == 0, "\(source): \(outcome.errors)")
        #expect(outcome.output.contains("no target"))
        #expect(seconds < 120)
    }
}
