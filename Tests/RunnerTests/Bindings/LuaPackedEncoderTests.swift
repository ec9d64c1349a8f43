import CloudAPI
import KeyshareTesting
import LuaKit
import Runner
import Testing

/// The packed encoder (what a binding hands the Lua thread) must give scripts exactly the table
/// the tree encoder (``LuaValueEncoder``) gives: every response of every operation, and values that
/// use the parts of `Encodable` a stream cannot follow (nested and super containers, a container
/// whose kind changes), which it hands to the tree encoder.
@Suite("Lua packed encoder")
struct LuaPackedEncoderTests {
    /// What a script receives for `value` from each encoder, read back from Lua.
    private static func both(_ value: some Encodable & Sendable) async throws -> (tree: LuaValue, packed: LuaValue) {
        let tree = try LuaValueEncoder().encode(value)
        let packed = try LuaPackedEncoder().encode(value)
        let state = try LuaState()
        try state.register(
            LuaModule(
                name: "give",
                functions: ["tree": { _ in .value(tree) }, "packed": { _ in .suspendPacked { packed } }]))
        let results = try await state.run(try state.load("return give.tree(), give.packed()", chunkName: "give.lua"))
        return (results[0], results[1])
    }

    @Test("every operation's response arrives as the tree encoder makes it", arguments: CloudOperation.allCases)
    func everyResponse(operation: CloudOperation) async throws {
        let response = try Self.sample(operation.requestType)
        let (tree, packed) = try await Self.both(response)
        #expect(packed == tree, "\(operation)")
        #expect(tree.tableValue != nil, "\(operation): a response is a table")
    }

    private static func sample<Request: CloudRequest>(_ type: Request.Type) throws -> Request.Response {
        try SampleDecoder.make(Request.Response.self)
    }

    @Test("the fast-path shapes arrive as the tree encoder makes them", arguments: 0..<LuaEncoderFastPathTests.cases.count)
    func fastPathShapes(index: Int) async throws {
        let (name, shape) = LuaEncoderFastPathTests.cases[index]
        let (tree, packed) = try await Self.both(shape)
        #expect(packed == tree, "\(name)")
        #expect(tree == LuaEncoderFastPathTests.expected(shape), "\(name)")
    }

    // Values that encode through each part of the Encodable protocol.

    struct Wrapper: Encodable, Sendable {
        var items: [Int]
        var note: String?
        enum CodingKeys: String, CodingKey {
            case items = "Items"
            case note = "Note"
        }
    }

    struct Twice: Encodable, Sendable {
        var inner: Wrapper
        enum CodingKeys: String, CodingKey { case inner = "Inner" }
    }

    struct Holes: Encodable, Sendable {
        var values: [Int?]
        var words: [String?]
        var empty: [Wrapper]
        var wrappers: [Wrapper]
    }

    /// Encodes itself through a nested keyed container.
    struct Nested: Encodable, Sendable {
        enum Keys: String, CodingKey {
            case outer = "Outer"
            case inner = "Inner"
            case after = "After"
        }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            var inner = container.nestedContainer(keyedBy: Keys.self, forKey: .outer)
            try container.encode("later", forKey: .after)
            try inner.encode(7, forKey: .inner)
        }
    }

    /// Asks for a nested container and never uses it (the tree encoder still makes an empty table).
    struct UnusedNested: Encodable, Sendable {
        enum Keys: String, CodingKey {
            case unused = "Unused"
            case name = "Name"
        }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            _ = container.nestedUnkeyedContainer(forKey: .unused)
            try container.encode("n", forKey: .name)
        }
    }

    /// Encodes through super encoders, keyed and unkeyed.
    struct Supers: Encodable, Sendable {
        enum Keys: String, CodingKey { case base = "Base" }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try "b".encode(to: container.superEncoder(forKey: .base))
            var list = container.nestedUnkeyedContainer(forKey: .base)
            try "s".encode(to: list.superEncoder())
        }
    }

    /// Opens a list, then a keyed container on the same encoder (the tree encoder keeps the record).
    struct KindChange: Encodable, Sendable {
        enum Keys: String, CodingKey { case name = "Name" }
        func encode(to encoder: any Encoder) throws {
            var list = encoder.unkeyedContainer()
            try list.encode(1)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode("n", forKey: .name)
        }
    }

    /// Keeps using a parent container after a child's value finished: legal, and in order.
    struct ContainerTwice: Encodable, Sendable {
        enum Keys: String, CodingKey {
            case first = "First"
            case second = "Second"
        }
        func encode(to encoder: any Encoder) throws {
            var one = encoder.container(keyedBy: Keys.self)
            try one.encode(Wrapper(items: [1], note: nil), forKey: .first)
            var two = encoder.container(keyedBy: Keys.self)
            try two.encode([Wrapper(items: [], note: "x")], forKey: .second)
            try one.encodeNil(forKey: .first)
        }
    }

    /// A single value that is a record, and one that is nil.
    struct SingleRecord: Encodable, Sendable {
        var record: Wrapper
        func encode(to encoder: any Encoder) throws {
            var single = encoder.singleValueContainer()
            try single.encode(record)
        }
    }

    struct SingleNil: Encodable, Sendable {
        func encode(to encoder: any Encoder) throws {
            var single = encoder.singleValueContainer()
            try single.encodeNil()
        }
    }

    struct Empty: Encodable, Sendable {}

    /// Encodes nothing for a field's value (not even nil), and a list element likewise.
    struct Silent: Encodable, Sendable {
        struct Nothing: Encodable, Sendable { func encode(to encoder: any Encoder) throws {} }
        var gap: Nothing
        var gaps: [Nothing]
        var only: OnlyGap
        struct OnlyGap: Encodable, Sendable {
            var list: [Nothing]
            enum CodingKeys: String, CodingKey { case list = "List" }
        }
    }

    /// One list and a field encoded as an explicit nil: no longer a wrapper of one list.
    struct ListAndNil: Encodable, Sendable {
        struct Inner: Encodable, Sendable {
            enum Keys: String, CodingKey {
                case items = "Items"
                case gone = "Gone"
            }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Keys.self)
                try container.encode(["a"], forKey: .items)
                try container.encodeNil(forKey: .gone)
            }
        }
        var inner: Inner
        var unkeyedNil: UnkeyedNil
        struct UnkeyedNil: Encodable, Sendable {
            func encode(to encoder: any Encoder) throws {
                var list = encoder.unkeyedContainer()
                try list.encodeNil()
                try list.encode("b")
                try list.encode(true)
                try list.encode(1.5)
                #expect(list.count == 4)
            }
        }
    }

    static let odd: [(String, any Encodable & Sendable)] = [
        ("a wrapper of one list, with an absent optional", Twice(inner: Wrapper(items: [1, 2], note: nil))),
        ("a wrapper of one list and a string", Twice(inner: Wrapper(items: [1], note: "n"))),
        (
            "lists with holes, empty lists and wrapper lists",
            Holes(
                values: [1, nil, 3], words: [nil, "w"], empty: [],
                wrappers: [Wrapper(items: [], note: nil), Wrapper(items: [5], note: "x")])
        ),
        ("a nested container filled after a later field", Nested()),
        ("a nested container never used", UnusedNested()),
        ("super encoders", Supers()),
        ("a list, then a record, on one encoder", KindChange()),
        ("a container asked for twice", ContainerTwice()),
        ("a single value that is a record", SingleRecord(record: Wrapper(items: [3], note: "s"))),
        ("a single nil", SingleNil()),
        ("an empty record", Empty()),
        ("a value that encodes nothing", Silent(gap: .init(), gaps: [.init(), .init()], only: .init(list: [.init()]))),
        ("explicit nils beside a list", ListAndNil(inner: .init(), unkeyedNil: .init())),
        ("a bare list", [Wrapper(items: [1], note: nil)]),
        ("a bare string", "top"),
        ("a bare optional that is absent", String?.none),
    ]

    @Test("values using every part of Encodable arrive as the tree encoder makes them", arguments: 0..<odd.count)
    func oddValues(index: Int) async throws {
        let (name, value) = Self.odd[index]
        let (tree, packed) = try await Self.both(value)
        #expect(packed == tree, "\(name): tree \(tree), packed \(packed)")
    }
}
