import CloudAPI
import CloudModel
import CloudSimulator
import LuaKit
import Runner
import Testing

/// A parameter table LuaKit cannot copy into Swift (a cycle, nesting too deep, a copy past the
/// memory cap) or one holding code fails with an argument error naming the operation's parameter
/// and the fix, never a raw Lua error; metamethods never run, and the sandbox and limits hold after.
@Suite("Parameter copy errors")
struct ParameterCopyErrorTests {
    /// (what, Lua setup, the call, a part of the error).
    static let failures: [(name: String, setup: String, call: String, expected: String)] = [
        (
            "JSON parameter: a self cycle", "local t = {'d-1'}; t[2] = t", "ecs.describe_disks{region_id = R, disk_ids = t}",
            "DescribeDisks: disk_ids: the table refers to itself (a cycle); pass a list of ids"
        ),
        (
            "ordinary parameter: a self cycle", "local t = {}; t[1] = t", "ecs.describe_disks{region_id = R, tag = t}",
            "DescribeDisks: tag: the table refers to itself (a cycle); pass a list of tables of fields"
        ),
        (
            "JSON parameter: an indirect cycle", "local t = {Statement = {{Effect = 'Allow'}}}; t.Statement[1].Back = t",
            "kms.set_key_policy{key_id = 'k', policy = t}",
            "SetKeyPolicy: policy: the table at Statement[1] refers back to policy, which encloses it (a cycle); "
                + "pass the JSON document as plain nested tables, or as JSON text"
        ),
        (
            "ordinary parameter: an indirect cycle", "local t = {{key = 'k'}}; t[1].value = {t}",
            "ecs.describe_disks{region_id = R, tag = t}",
            "DescribeDisks: tag: the table at [1].value refers back to tag, which encloses it (a cycle); "
                + "pass a list of tables of fields"
        ),
        (
            "a parameter that is the parameter table", "local p = {region_id = R}; p.tag = p", "ecs.describe_disks(p)",
            "DescribeDisks: tag: the value is the parameter table itself (a cycle)"
        ),
        (
            "JSON parameter: nesting past the limit", "local t = {}; for i = 1, 200 do t = {t} end",
            "kms.set_key_policy{key_id = 'k', policy = t}",
            "SetKeyPolicy: policy: tables nesting deeper than 100 levels; flatten it"
        ),
        (
            "ordinary parameter: nesting past the limit", "local t = {}; for i = 1, 200 do t = {t} end",
            "ecs.describe_disks{region_id = R, tag = t}",
            "DescribeDisks: tag: tables nesting deeper than 100 levels; flatten it: pass a list of tables of fields"
        ),
        (
            "JSON parameter: a huge list", "local t = {}; for i = 1, 400000 do t[i] = i end",
            "ecs.describe_disks{region_id = R, disk_ids = t}",
            "DescribeDisks: disk_ids: the value is too large to copy under the memory cap"
        ),
        (
            "ordinary parameter: a huge list", "local t = {}; for i = 1, 400000 do t[i] = i end",
            "ecs.modify_image_share_permission{region_id = R, image_id = 'm-1', add_account = t}",
            "ModifyImageSharePermission: add_account: the value is too large to copy under the memory cap"
        ),
        (
            "ordinary parameter: a shared table doubling 40 times",
            "local t = {key = 'k', value = 'v'}; for i = 1, 40 do t = {t, t} end", "ecs.describe_disks{region_id = R, tag = t}",
            "DescribeDisks: tag: the value is too large to copy under the memory cap"
        ),
        (
            "JSON parameter: a boolean key", "local t = {[true] = 1}", "kms.set_key_policy{key_id = 'k', policy = t}",
            "SetKeyPolicy: policy: a table key of type boolean; use string or integer keys"
        ),
        (
            "JSON parameter: a function inside", "local t = {Statement = {{Condition = print}}}",
            "kms.set_key_policy{key_id = 'k', policy = t}",
            "parameter 'policy': the value at Statement[1].Condition is a function, which JSON cannot represent"
        ),
        (
            "ordinary parameter: a function inside", "local t = {print}", "ecs.describe_disks{region_id = R, tag = t}",
            "parameter 'tag[1]': table expected, got function: pass data"
        ),
        (
            "JSON parameter: userdata inside", "local t = {coroutine.create(print)}",
            "ecs.describe_disks{region_id = R, disk_ids = t}", "parameter 'disk_ids': the value at [1] is userdata"
        ),
        (
            "ordinary parameter: userdata inside", "local t = {coroutine.create(print)}",
            "ecs.modify_image_share_permission{region_id = R, image_id = 'm-1', add_account = t}",
            "parameter 'add_account[1]': string expected, got userdata: pass data"
        ),
        (
            "JSON parameter: __pairs hiding a cycle",
            "local t = setmetatable({}, {__pairs = function() return next, {} end}); t.t = t",
            "ecs.describe_disks{region_id = R, disk_ids = t}", "DescribeDisks: disk_ids: the table refers to itself (a cycle)"
        ),
        (
            "ordinary parameter: __index hiding a missing field",
            "local t = setmetatable({}, {__index = function(_, k) ran = true; return 'v' end}); local tags = {t}",
            "ecs.describe_disks{region_id = R, tag = tags}", "parameter 'tag[1].key': required, but missing"
        ),
        (
            "the parameter table's __index is not read",
            "local p = setmetatable({}, {__index = function(_, k) ran = true; return R end})", "ecs.describe_disks(p)",
            "parameter 'region_id': required, but missing"
        ),
    ]

    @Test("a parameter that cannot cross into Swift is named, with the fix", arguments: failures)
    func namesTheParameter(_ input: (name: String, setup: String, call: String, expected: String)) async throws {
        let state = try LuaState(options: .init(memoryLimit: 16 * 1_048_576, instructionLimit: 100_000_000))
        let cloud = try SimulatedCloud(world: .starter(accounts: 2), environment: .deterministic())
        let owner = try #require(AccountID("1000000000000001"))
        let callers = CallerResolver(defaultCaller: .root(owner))
        for module in ["kms", "ecs"] { try state.register(BindingCatalog.module(module, cloud: cloud, callers: callers)) }
        let function = try state.load(
            """
            local R = 'cn-hangzhou'
            \(input.setup)
            local ok, err = pcall(function() local r = \(input.call); return r end)
            t, p, tags = nil, nil, nil
            collectgarbage()
            local capped = not pcall(string.rep, 'x', 64 * 1024 * 1024)
            local usable = pcall(ecs.describe_disks, {region_id = R, disk_ids = {'d-1'}})
            return ok, tostring(err), ran == nil, capped, usable, io == nil and os.execute == nil and debug == nil
            """, chunkName: "params")
        let result = try await state.run(function)
        #expect(result.first == .boolean(false), "\(input.name) succeeded")
        let message = result.count > 1 ? result[1].stringValue ?? "" : ""
        #expect(message.contains("bad argument #1"), "\(input.name): \(message)")
        #expect(message.contains(input.expected), "\(input.name): \(message)")
        #expect(Array(result.dropFirst(2)) == [true, true, true, true], "\(input.name): metamethods, cap, state, sandbox")
    }
}
