/// A Lua value on the Swift side of the bridge.
///
/// Plain data (nil, booleans, numbers, strings, tables) is copied across; functions and foreign
/// userdata stay in Lua and are reached through a ``LuaReference``; Swift objects registered as
/// userdata travel as ``LuaValue/object(_:)``. Sendable, so a suspended binding's async operation
/// can build its results off the state's isolation.
public enum LuaValue: Sendable {
    /// Lua `nil` (also what a missing argument or table field reads as).
    case `nil`
    /// A Lua boolean.
    case boolean(Bool)
    /// A Lua integer (64-bit, Lua 5.4's integer subtype).
    case integer(Int64)
    /// A Lua float.
    case number(Double)
    /// A Lua string, decoded as UTF-8 (invalid sequences are replaced).
    case string(String)
    /// A Lua table, copied with its array part and its string/integer-keyed fields.
    case table(LuaTable)
    /// A Lua function, kept alive in the state's registry.
    case function(LuaReference)
    /// A userdata, thread or light userdata that is not a LuaKit object.
    case userdata(LuaReference)
    /// A Swift object exposed to Lua as full userdata with its type's metatable.
    case object(any LuaObject)
}

extension LuaValue {
    /// Lua's name for the type of this value (`luaL_typename` spelling).
    public var typeName: String {
        switch self {
        case .nil: "nil"
        case .boolean: "boolean"
        case .integer, .number: "number"
        case .string: "string"
        case .table: "table"
        case .function: "function"
        case .userdata: "userdata"
        case .object(let object): type(of: object).luaTypeName
        }
    }

    /// The string payload, or nil for other cases.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The integer payload (also a float with an exact integer value), or nil.
    public var integerValue: Int64? {
        switch self {
        case .integer(let value): value
        case .number(let value): Int64(exactly: value)
        default: nil
        }
    }

    /// The numeric payload as a Double, or nil.
    public var numberValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }

    /// The boolean payload, or nil for other cases (no Lua truthiness applied).
    public var booleanValue: Bool? {
        if case .boolean(let value) = self { return value }
        return nil
    }

    /// The table payload, or nil for other cases.
    public var tableValue: LuaTable? {
        if case .table(let value) = self { return value }
        return nil
    }

    /// Lua truthiness: only nil and false are false.
    public var isTruthy: Bool {
        switch self {
        case .nil: false
        case .boolean(let value): value
        default: true
        }
    }
}

extension LuaValue: Equatable {
    /// Data compares by value; references and objects compare by identity.
    public static func == (lhs: LuaValue, rhs: LuaValue) -> Bool {
        switch (lhs, rhs) {
        case (.nil, .nil): true
        case (.boolean(let a), .boolean(let b)): a == b
        case (.integer(let a), .integer(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.integer(let a), .number(let b)), (.number(let b), .integer(let a)): Double(a) == b
        case (.string(let a), .string(let b)): a == b
        case (.table(let a), .table(let b)): a == b
        case (.function(let a), .function(let b)), (.userdata(let a), .userdata(let b)): a === b
        case (.object(let a), .object(let b)): a === b
        default: false
        }
    }
}

extension LuaValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    /// `nil` literal → `.nil`.
    public init(nilLiteral: ()) { self = .nil }
    /// `true`/`false` → `.boolean`.
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    /// Integer literal → `.integer`.
    public init(integerLiteral value: Int64) { self = .integer(value) }
    /// Float literal → `.number`.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// String literal → `.string`.
    public init(stringLiteral value: String) { self = .string(value) }
    /// Array literal → a table with only an array part.
    public init(arrayLiteral elements: LuaValue...) { self = .table(LuaTable(array: elements)) }
    /// Dictionary literal with string keys → a table of fields.
    public init(dictionaryLiteral elements: (String, LuaValue)...) {
        var table = LuaTable(array: [], fields: [:])
        for (key, value) in elements { table[key] = value }
        self = .table(table)
    }
}
