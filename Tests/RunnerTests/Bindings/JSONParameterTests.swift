import CloudAPI
import CloudModel
import CloudSimulator
import Foundation
import LuaKit
import Runner
import Testing

/// Parameters that carry JSON text on the wire take a string (sent as written) or a table (sent as
/// canonical JSON); values JSON cannot hold fail naming the parameter; other string parameters
/// refuse tables.
@Suite("JSON-text parameters")
struct JSONParameterTests {
    /// Every (binding, parameter) the stubs type `string|table`.
    static let jsonParameters: [(binding: String, parameter: String)] = BindingCatalog.cloud.flatMap { binding in
        binding.parameters.filter(\.carriesJSON).map { (binding.fullName, $0.luaName) }
    }

    @Test("exactly the parameters documented as JSON text are typed string|table")
    func theJSONParameters() {
        let expected = [
            "kms.create_key policy", "kms.create_key tags", "kms.decrypt encryption_context",
            "kms.encrypt encryption_context", "kms.generate_data_key encryption_context", "kms.list_keys filters",
            "kms.set_key_policy policy", "kms.tag_resource tags", "kms.untag_resource tag_keys",
            "ram.create_policy policy_document", "ram.create_policy_version policy_document",
            "ram.create_role assume_role_policy_document", "ram.update_role new_assume_role_policy_document",
            "sts.assume_role policy", "ecs.describe_disks disk_ids", "ecs.describe_snapshots snapshot_ids",
        ]
        #expect(Set(Self.jsonParameters.map { "\($0.binding) \($0.parameter)" }) == Set(expected))
        let stubs = BindingStubs.render()
        #expect(stubs.components(separatedBy: " string|table\n").count - 1 == expected.count)
    }

    /// (what, the Lua value, the wire text it becomes).
    static let accepted: [(name: String, value: LuaValue, wire: String)] = [
        ("a string, sent as written", .string(#"{ "b": 1, "a": [ ] }"#), #"{ "b": 1, "a": [ ] }"#),
        ("a table", .table(["Version": "1", "Statement": .table(LuaTable())]), #"{"Statement":[],"Version":"1"}"#),
        (
            "a nested table", .table(["a": .table(["b": .table(LuaTable(array: [1, 2, .table(["c": true])]))])]),
            #"{"a":{"b":[1,2,{"c":true}]}}"#
        ),
        ("an empty table", .table(LuaTable()), "[]"),
        ("a list of ids", .table(LuaTable(array: ["d-1", "d-2"])), #"["d-1","d-2"]"#),
        (
            "numbers and escapes", .table(LuaTable(array: [.number(1.5), .number(3), .integer(-7), "q\"\n"])),
            #"[1.5,3,-7,"q\"\n"]"#
        ),
    ]

    @Test("a JSON-text parameter takes a string or a table", arguments: jsonParameters, accepted)
    func accepts(
        _ parameter: (binding: String, parameter: String),
        _ variant: (name: String, value: LuaValue, wire: String)
    ) throws {
        let sent = try Self.decode(parameter, variant.value)
        #expect(sent == variant.wire, "\(parameter.binding) \(parameter.parameter): \(variant.name)")
    }

    /// (what, the Lua value, a part of the error).
    static let refused: [(name: String, value: LuaValue, problem: String)] = [
        ("NaN", .table(LuaTable(array: [.number(.nan)])), "the value at [1] is NaN"),
        ("an infinity deep inside", .table(["a": .table(["b": .number(-.infinity)])]), "the value at a.b is -inf"),
        ("nesting deeper than JSON readers take", nested(70), "JSON readers stop at 64 levels"),
        ("a boolean", .boolean(true), "string expected, got boolean"),
    ]

    @Test("a value JSON cannot hold fails naming the parameter", arguments: jsonParameters, refused)
    func refuses(
        _ parameter: (binding: String, parameter: String),
        _ variant: (name: String, value: LuaValue, problem: String)
    ) throws {
        do {
            let sent = try Self.decode(parameter, variant.value)
            Issue.record("\(parameter.binding) \(parameter.parameter) took \(variant.name) as \(sent)")
        } catch let error as LuaDecodingError {
            let message = error.description
            #expect(message.hasPrefix("parameter '\(parameter.parameter)': "), "\(message)")
            #expect(message.contains(variant.problem), "\(variant.name): \(message)")
        }
    }

    @Test(
        "other string parameters refuse a table, naming the parameter",
        arguments: [
            ("kms.set_key_policy", "key_id"), ("ecs.describe_disks", "region_id"), ("sts.assume_role", "role_arn"),
            ("ram.create_role", "role_name"),
        ])
    func otherStringsRefuseTables(binding: String, parameter: String) throws {
        do {
            let sent = try Self.decode((binding, parameter), .table(LuaTable(array: ["x"])))
            Issue.record("\(binding) \(parameter) took a table as \(sent)")
        } catch let error as LuaDecodingError {
            #expect(error.description.hasPrefix("parameter '\(parameter)': string expected, got table"), "\(error)")
        }
    }

    @Test(
        "through the bindings, a bad JSON value is an argument error naming the parameter",
        arguments: [
            (
                "kms.set_key_policy{key_id = 'k', policy = {Statement = {{Condition = function() end}}}}",
                "parameter 'policy': the value at Statement[1].Condition is a function"
            ),
            (
                "ecs.describe_disks{region_id = 'cn-hangzhou', disk_ids = {'d-1', 0/0}}",
                "parameter 'disk_ids': the value at [2] is NaN"
            ),
            ("kms.describe_key{key_id = {'k'}}", "parameter 'key_id': string expected, got table"),
            (
                "ram.create_role{role_name = 'R', assume_role_policy_document = true}",
                "parameter 'assume_role_policy_document': string expected, got boolean"
            ),
        ])
    func throughBindings(call: String, expected: String) async throws {
        let state = try LuaState(options: .init(memoryLimit: 32 * 1_048_576, instructionLimit: 100_000_000))
        let cloud = try SimulatedCloud(world: .starter(accounts: 2), environment: .deterministic())
        let owner = try #require(AccountID("1000000000000001"))
        let callers = CallerResolver(defaultCaller: .root(owner))
        for module in ["kms", "ecs", "ram"] { try state.register(BindingCatalog.module(module, cloud: cloud, callers: callers)) }
        let function = try state.load(
            """
            local ok, err = pcall(function() return \(call) end)
            return ok, tostring(err)
            """, chunkName: "params")
        let result = try await state.run(function)
        #expect(result.first == .boolean(false), "\(call) succeeded")
        let message = result.last?.stringValue ?? ""
        #expect(message.contains("bad argument"), "\(message)")
        #expect(message.contains(expected), "\(message)")
    }

    /// A table `depth` levels deep.
    static func nested(_ depth: Int) -> LuaValue {
        var value = LuaValue.table(LuaTable())
        for _ in 0..<depth { value = .table(LuaTable(array: [value])) }
        return value
    }

    /// Decodes the request of `parameter.binding` with every other parameter a placeholder and
    /// `parameter.parameter` set to `value`; returns that parameter as the wire would carry it.
    static func decode(_ parameter: (binding: String, parameter: String), _ value: LuaValue) throws -> String {
        let binding = try #require(BindingCatalog.cloud.first { $0.fullName == parameter.binding })
        let field = try #require(binding.parameters.first { $0.luaName == parameter.parameter })
        var table = LuaTable()
        for other in binding.parameters where !other.isOptional { table[other.luaName] = placeholder(other.shape) }
        table[parameter.parameter] = value
        return try wireValue(of: binding.requestType, from: table, wireName: field.wireName)
    }

    private static func wireValue<Request: CloudRequest>(
        of type: Request.Type, from table: LuaTable,
        wireName: String
    ) throws -> String {
        let request = try LuaValueDecoder().decode(Request.self, from: .table(table))
        let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(request)) as? [String: Any]
        return try #require(encoded?[wireName] as? String)
    }

    private static func placeholder(_ shape: ValueShape) -> LuaValue {
        switch shape {
        case .string: "1"
        case .integer: 1
        case .number: 1
        case .boolean: false
        case .list, .record: .table(LuaTable())
        }
    }
}
