import CloudAPI
import CloudModel
import CloudSimulator
import Grants
import KeyshareTesting
import LuaKit
import Runner
import Testing

/// `account:key_pool(refs)` (plugins/_lib/keyshare/key.lua) describes its keys at once through
/// `kms.each`, and still builds, orders, deduplicates, fails and assigns as describing them one
/// after the other did.
@Suite("Key pool plugin")
struct KeyPoolPluginTests {
    /// The pool as it was before `kms.each`: every name described in turn (the oracle of these tests).
    static let serialPool = """
        local function serial_pool(acct, refs)
          local keys, seen = {}, {}
          for _, ref in ipairs(refs) do
            local names = { ref }
            if ref:sub(-1) == "*" then
              local prefix = ref:sub(1, -2)
              names = {}
              for _, alias in ipairs(acct.kms.list_aliases({ page_size = 100 }).aliases or {}) do
                if alias.alias_name:sub(1, #prefix) == prefix then names[#names + 1] = alias.alias_name end
              end
              table.sort(names, function(a, b) if #a ~= #b then return #a < #b end return a < b end)
              if #names == 0 then errors.raise("keyshare.NoKey", "keys: no alias of " .. acct.id .. " matches " .. ref) end
            end
            for _, name in ipairs(names) do
              local handle = key.describe(acct, name)
              if not seen[handle.id] then seen[handle.id] = true; keys[#keys + 1] = handle end
            end
          end
          return keys
        end
        """

    /// What a pool of `refs` gives: its key ids, or the error's code and whether the message of the
    /// batched pool begins as the serial one's (the serial oracle's NoKey message is shorter).
    static func outcome(_ state: LuaState, refs: String) async throws -> (pool: [LuaValue], serial: [LuaValue]) {
        let script = """
            local account = require("_lib.keyshare.account")
            local key = require("_lib.keyshare.key")
            local errors = require("_lib.keyshare.errors")
            \(serialPool)
            local owner = account.new({ id = "1000000000000001", name = "owner" }, "cn-hangzhou")
            local function ids(keys)
              local out = {}
              for i, k in ipairs(keys) do out[i] = k.id end
              return table.concat(out, ",")
            end
            local function run(f)
              local ok, result = pcall(f)
              if ok then return "ok", result end
              return "failed", errors.code(result), type(result) == "table" and result.message or tostring(result)
            end
            local refs = \(refs)
            local a, b, c = run(function() return ids(owner:key_pool(refs).keys) end)
            local d, e, f = run(function() return ids(serial_pool(owner, refs)) end)
            return { a, b, c }, { d, e, f }
            """
        let result = try await state.run(try state.load(script, chunkName: "pool"))
        return (result[0].tableValue?.array ?? [], result[1].tableValue?.array ?? [])
    }

    /// A state with the cloud modules over `cloud`, the helpers over `backend` and the plugins' `_lib`.
    static func state(cloud: any Cloud, backend: SimulatedCloud) throws -> LuaState {
        let state = try LuaState(
            options: .init(memoryLimit: 64 * 1_048_576, instructionLimit: 100_000_000, pluginPaths: [pluginsFolder]))
        let callers = CallerResolver(defaultCaller: .root(AccountID("1000000000000001")!, region: .hangzhou))
        for module in BindingCatalog.cloudModules {
            try state.register(BindingCatalog.module(module, cloud: cloud, callers: callers))
        }
        try state.register(HelperModules.json)
        try state.register(HelperModules.yaml)
        try state.register(HelperModules.keyshare(writers: KeyPolicyWriters(cloud: backend), sleep: { _ in }))
        return state
    }

    static let cases: [(name: String, refs: String, expected: String)] = [
        ("a pattern and a key it already named", #"{ "alias/shared-disk-key*", "alias/shared-disk-key-2" }"#, "ok"),
        ("refs in their own order", #"{ "alias/shared-disk-key-3", "alias/shared-disk-key" }"#, "ok"),
        ("no refs", "{}", "ok"),
        (
            "one key named 150 times",
            #"(function() local t = {} for i = 1, 150 do t[i] = "alias/shared-disk-key" end return t end)()"#, "ok"
        ),
        ("a missing alias before an empty pattern", #"{ "alias/nope", "alias/none-*" }"#, "Forbidden.AliasNotFound"),
        (
            "an empty pattern before a missing alias", #"{ "alias/shared-disk-key", "alias/none-*", "alias/nope" }"#,
            "keyshare.NoKey"
        ),
        ("an empty pattern first", #"{ "alias/none-*", "alias/nope" }"#, "keyshare.NoKey"),
        ("two missing aliases", #"{ "alias/shared-disk-key", "alias/nope", "alias/nope-2" }"#, "Forbidden.AliasNotFound"),
    ]

    @Test("the pool has the keys, order and first error that describing one by one gave", arguments: cases)
    func sameAsSerial(_ input: (name: String, refs: String, expected: String)) async throws {
        let backend = try SimulatedCloud(world: .starter(accounts: 3, keys: 3), environment: .deterministic())
        let state = try Self.state(cloud: backend, backend: backend)
        let (pool, serial) = try await Self.outcome(state, refs: input.refs)
        #expect(pool.count >= 2 && serial.count >= 2, "\(input.name): \(pool) \(serial)")
        #expect(
            pool.first == serial.first && pool.dropFirst().first == serial.dropFirst().first,
            "\(input.name): \(pool) vs \(serial)")
        if input.expected == "ok" {
            #expect(pool.first == .string("ok"), "\(input.name): \(pool)")
        } else {
            #expect(pool.dropFirst().first == .string(input.expected), "\(input.name): \(pool)")
            let message = pool.last?.stringValue ?? ""
            #expect(message.hasPrefix(serial.last?.stringValue ?? "-"), "\(input.name): \(message)")
        }
    }

    @Test("the pool's DescribeKey calls go at once, and it assigns as before")
    func concurrentAndAssigns() async throws {
        let backend = try SimulatedCloud(world: .starter(accounts: 3, keys: 3), environment: .deterministic())
        let flight = BatchBindingTests.Flight()
        let cloud = HandlerCloud { request, context in
            guard request is DescribeKeyRequest else { return try await backend.call(request, context: context) }
            return try await flight.during {
                try await Task.sleep(for: .milliseconds(20))
                return try await backend.call(request, context: context)
            }
        }
        let state = try Self.state(cloud: cloud, backend: backend)
        let result = try await state.run(
            try state.load(
                """
                local account = require("_lib.keyshare.account")
                local owner = account.new({ id = "1000000000000001", name = "owner" }, "cn-hangzhou")
                local pool = owner:key_pool({ "alias/shared-disk-key*" })
                local first = pool:assign("2000000000000001", { "acs:ram::2000000000000001:role/AliyunECSDiskEncryptDefaultRole" })
                local again = pool:assign("2000000000000001", { "acs:ram::2000000000000001:role/AliyunECSDiskEncryptDefaultRole" })
                return #pool.keys, first == pool.keys[1], again == first, tostring(pool)
                """, chunkName: "assign"))
        #expect(result == [.integer(3), .boolean(true), .boolean(true), .string("key pool of 3 key(s)")])
        #expect(flight.finished == 3)
        #expect(flight.peak == 3, "the pool's DescribeKey calls went one at a time")
    }
}
