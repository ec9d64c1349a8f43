import CloudAPI
import LuaKit
import Runner
import Testing

/// The encoder stores strings, numbers, booleans, optionals and lists of strings without the
/// generic path: the Lua values must be exactly what the generic path made — absent optionals
/// absent, wrappers of one list collapsed, empty lists empty tables, integers as integers.
@Suite("Lua encoder fast paths")
struct LuaEncoderFastPathTests {
    struct Shape: Encodable {
        var text: String
        var maybe: String?
        var flag: Bool
        var count: Int
        var small: Int32
        var big: Int64?
        var ratio: Double
        var names: [String]
        var wrapped: Wrapper
        var nested: [Wrapper]
    }

    struct Wrapper: Encodable {
        var items: [String]
        enum CodingKeys: String, CodingKey { case items = "Items" }
    }

    static let cases: [(String, Shape)] = [
        (
            "all present",
            Shape(
                text: "a", maybe: "b", flag: true, count: 3, small: -2, big: 1 << 40, ratio: 1.5,
                names: ["x", "y"], wrapped: Wrapper(items: ["i"]), nested: [Wrapper(items: ["j", "k"])])
        ),
        (
            "absent optionals and empty lists",
            Shape(
                text: "", maybe: nil, flag: false, count: 0, small: 0, big: nil, ratio: 0,
                names: [], wrapped: Wrapper(items: []), nested: [])
        ),
        (
            "awkward strings",
            Shape(
                text: "quo\"te\n", maybe: "ünï", flag: true, count: .max, small: .min, big: .min,
                ratio: -0.0, names: ["", "a b"], wrapped: Wrapper(items: ["", ""]), nested: [])
        ),
    ]

    /// What the generic path made: built by hand.
    static func expected(_ shape: Shape) -> LuaValue {
        func list(_ items: [String]) -> LuaValue { .table(LuaTable(array: items.map { .string($0) })) }
        var table = LuaTable()
        table["text"] = .string(shape.text)
        if let maybe = shape.maybe { table["maybe"] = .string(maybe) }
        table["flag"] = .boolean(shape.flag)
        table["count"] = .integer(Int64(shape.count))
        table["small"] = .integer(Int64(shape.small))
        if let big = shape.big { table["big"] = .integer(big) }
        table["ratio"] = .number(shape.ratio)
        table["names"] = list(shape.names)
        table["wrapped"] = list(shape.wrapped.items)
        table["nested"] = .table(LuaTable(array: shape.nested.map { list($0.items) }))
        return .table(table)
    }

    @Test("fast-path values equal the generic encoding", arguments: 0..<cases.count)
    func matches(index: Int) throws {
        let (name, shape) = Self.cases[index]
        #expect(try LuaValueEncoder().encode(shape) == Self.expected(shape), "\(name)")
    }
}
