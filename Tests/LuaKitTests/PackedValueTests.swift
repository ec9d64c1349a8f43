import Testing

@testable import LuaKit

/// A packed value pushed by the driver is the Lua value its steps describe, the same as the
/// ``LuaValue`` it was packed from; malformed steps raise a clear error at the call site.
@Suite("Packed values")
struct PackedValueTests {
    /// A state whose `packed.give()` suspends and hands back the packed value under test.
    private func run(_ packed: LuaPackedValue, _ script: String = "return packed.give()") async throws -> [LuaValue] {
        let state = try LuaState()
        try state.register(
            LuaModule(name: "packed", functions: ["give": { _ in .suspendPacked { packed } }]))
        return try await state.run(try state.load(script, chunkName: "packed.lua"))
    }

    static let values: [(String, LuaValue)] = {
        var record = LuaTable()
        record["name"] = "disk"
        record["size"] = .integer(20)
        record["ratio"] = .number(0.5)
        record["on"] = .boolean(false)
        record["empty"] = .table(LuaTable())
        record["list"] = .table(LuaTable(array: ["a", .integer(2), .table(LuaTable(array: ["deep"]))]))
        var nested = LuaTable()
        nested["record"] = .table(record)
        nested["records"] = .table(LuaTable(array: [.table(record), .table(record)]))
        var deep = LuaValue.string("bottom")
        for _ in 0..<99 { deep = .table(LuaTable(array: [deep])) }
        return [
            ("a string", "text\0with nul"), ("an integer", .integer(.min)), ("a float", .number(-0.25)),
            ("a boolean", .boolean(true)), ("nil", .nil), ("an empty table", .table(LuaTable())),
            ("a record", .table(record)), ("records nested", .table(nested)),
            ("99 tables deep", deep),
        ]
    }()

    @Test("a packed value arrives as the value it was packed from", arguments: 0..<values.count)
    func roundTrip(index: Int) async throws {
        let (name, value) = Self.values[index]
        let results = try await run(try LuaPackedValue(packing: value))
        #expect(results == [value], "\(name)")
    }

    @Test("a list with a hole keeps its later elements at their indices")
    func hole() async throws {
        let packed = try LuaPackedValue(packing: .table(LuaTable(array: ["a", .nil, "c"])))
        let results = try await run(packed, "local t = packed.give() return t[1], t[2], t[3]")
        #expect(results == ["a", .nil, "c"])
    }

    typealias Step = LuaPackedValue.Step

    static let malformed: [(String, [Step])] = [
        ("no steps", []),
        ("two top-level values", [.string("a"), .string("b")]),
        ("a table left open", [.table(arrayCount: 0, fieldCount: 0), .field("a"), .integer(1)]),
        ("an end too many", [.table(arrayCount: 0, fieldCount: 0), .end, .end]),
        ("a field outside a table", [.field("a"), .integer(1)]),
        ("an element outside a table", [.element, .integer(1)]),
        ("a value without a key", [.table(arrayCount: 0, fieldCount: 0), .integer(1), .end]),
        ("two keys in a row", [.table(arrayCount: 0, fieldCount: 0), .field("a"), .field("b"), .integer(1), .end]),
        ("an end after a key", [.table(arrayCount: 0, fieldCount: 0), .field("a"), .end]),
        ("a value after the top-level table", [.table(arrayCount: 0, fieldCount: 0), .end, .nil]),
        (
            "101 tables deep",
            [.table(arrayCount: 1, fieldCount: 0)]
                + (0..<100).flatMap { _ in [Step.element, .table(arrayCount: 1, fieldCount: 0)] }
                + Array(repeating: Step.end, count: 101)
        ),
    ]

    @Test("malformed steps raise at the call site, and the coroutine goes on", arguments: 0..<malformed.count)
    func malformedSteps(index: Int) async throws {
        let (name, steps) = Self.malformed[index]
        let results = try await run(
            LuaPackedValue(steps: steps),
            """
            local ok, message = pcall(packed.give)
            local after = { 1, 2, 3 }
            return ok, message, #after
            """)
        #expect(results.count == 3 && results.last == .integer(3), "\(name)")
        #expect(results.first == .boolean(false), "\(name)")
        #expect(results[1].stringValue?.contains("malformed packed value") == true, "\(name): \(results[1])")
    }

    @Test("functions and Swift objects cannot be packed")
    func unpackable() throws {
        let state = try LuaState()
        let function = try state.load("return 1", chunkName: "f.lua")
        #expect(throws: LuaError.self) { try LuaPackedValue(packing: .function(function)) }
        #expect(throws: LuaError.self) { try LuaPackedValue(packing: .table(LuaTable(array: [.function(function)]))) }
    }
}
