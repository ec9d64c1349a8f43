import CloudAPI
import CloudModel
import CloudSimulator
import LuaKit
import Runner
import Testing

/// Cloud bindings copy their parameter tables into Swift: a table shared many times, a cycle or
/// deep nesting must end with an argument error at once, not a copy that grows past the cap.
@Suite("Binding argument limits")
struct BindingArgumentLimitTests {
    static let hostile: [(name: String, setup: String, call: String, expected: String)] = [
        (
            "a shared table doubling 40 times as a tag list",
            "local t = {key = 'k', value = 'v'}; for i = 1, 40 do t = {t, t} end",
            "ecs.describe_disks{region_id = 'cn-hangzhou', tag = t}",
            "too large"
        ),
        (
            "a JSON-text parameter doubling 40 times",
            "local t = {1}; for i = 1, 40 do t = {a = t, b = t} end", "kms.set_key_policy{key_id = 'k', policy = t}", "too large"
        ),
        ("a cycle in a JSON-text parameter", "local t = {}; t.t = t", "kms.set_key_policy{key_id = 'k', policy = t}", "cycle"),
        ("a cycle in the caller table", "local c = {}; c.c = c", "kms.list_keys({}, c)", "cycle"),
        (
            "200 nested tables", "local t = {}; for i = 1, 200 do t = {t} end", "kms.set_key_policy{key_id = 'k', policy = t}",
            "nesting deeper"
        ),
        (
            "a wide table shared a million times",
            "local a = {}; for i = 1, 1000 do a[i] = 'x' end; local b = {}; for i = 1, 1000 do b[i] = a end",
            "kms.set_key_policy{key_id = 'k', policy = b}", "too large"
        ),
    ]

    @Test("a hostile parameter table fails at once with an argument error", arguments: hostile)
    func hostileParameters(_ input: (name: String, setup: String, call: String, expected: String)) throws {
        let state = try LuaState(options: .init(memoryLimit: 32 * 1_048_576, instructionLimit: 100_000_000))
        let cloud = try SimulatedCloud(world: .starter(accounts: 2), environment: .deterministic())
        let owner = try #require(AccountID("1000000000000001"))
        let callers = CallerResolver(defaultCaller: .root(owner))
        for module in ["kms", "ecs"] { try state.register(BindingCatalog.module(module, cloud: cloud, callers: callers)) }
        let started = ContinuousClock.now
        let result = try state.execute(
            """
            \(input.setup)
            local ok, err = pcall(function() local r = \(input.call); return r end)
            return ok, tostring(err)
            """, chunkName: "params")
        #expect(ContinuousClock.now - started < .seconds(60), "\(input.name) took too long")
        #expect(result.first == .boolean(false), "\(input.name) succeeded")
        let message = result.last?.stringValue ?? ""
        #expect(message.contains(input.expected), "\(input.name): \(message)")
        #expect(message.contains("bad argument"), "\(input.name): \(message)")
    }
}
