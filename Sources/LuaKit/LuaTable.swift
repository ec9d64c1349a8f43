/// A Lua table copied into Swift: an array part (Lua indices 1…n) and fields keyed by strings or
/// integers outside that run.
///
/// Lua tables have no order; ``fields`` is a dictionary, so iterate ``sortedFields`` when output
/// must be stable.
public struct LuaTable: Sendable, Equatable {
    /// Values at Lua indices 1…count, in order. `.nil` elements are holes.
    public var array: [LuaValue]
    /// Every other entry. Setting a field to `.nil` removes it, as in Lua.
    public var fields: [LuaKey: LuaValue]

    /// An empty table.
    public init() {
        self.init(array: [], fields: [:])
    }

    /// A table from an array part and fields.
    public init(array: [LuaValue], fields: [LuaKey: LuaValue] = [:]) {
        self.array = array
        self.fields = fields
    }

    /// A table of fields only.
    public init(fields: [LuaKey: LuaValue]) {
        self.init(array: [], fields: fields)
    }

    /// The field under a string key; `.nil` when absent.
    public subscript(key: String) -> LuaValue {
        get { fields[.string(key)] ?? .nil }
        set { self[.string(key)] = newValue }
    }

    /// The entry under any key, looking in the array part for integer keys 1…count.
    public subscript(key: LuaKey) -> LuaValue {
        get {
            if case .integer(let index) = key, index >= 1, index <= array.count { return array[Int(index) - 1] }
            return fields[key] ?? .nil
        }
        set {
            if case .integer(let index) = key {
                if index >= 1, index <= array.count {
                    array[Int(index) - 1] = newValue
                    return
                }
                if index == array.count + 1, newValue != .nil {
                    array.append(newValue)
                    fields[key] = nil
                    while let next = fields.removeValue(forKey: .integer(Int64(array.count + 1))) {
                        array.append(next)
                    }
                    return
                }
            }
            fields[key] = newValue == .nil ? nil : newValue
        }
    }

    /// True when the table has neither array elements nor fields.
    public var isEmpty: Bool { array.isEmpty && fields.isEmpty }

    /// The fields ordered integers first (ascending), then strings (lexicographic).
    public var sortedFields: [(key: LuaKey, value: LuaValue)] {
        fields.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
    }
}

/// A table key that crosses into Swift: Lua strings and integers (floats with an integral value are
/// integers in Lua already). Other key types are refused when a table is read.
public enum LuaKey: Hashable, Sendable, Comparable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    /// A string key, as in `t.name` or `t["name"]`.
    case string(String)
    /// An integer key outside the array part.
    case integer(Int64)

    /// String literal → `.string`.
    public init(stringLiteral value: String) { self = .string(value) }
    /// Integer literal → `.integer`.
    public init(integerLiteral value: Int64) { self = .integer(value) }

    /// Integers sort before strings; each kind sorts naturally.
    public static func < (lhs: LuaKey, rhs: LuaKey) -> Bool {
        switch (lhs, rhs) {
        case (.integer(let a), .integer(let b)): a < b
        case (.string(let a), .string(let b)): a < b
        case (.integer, .string): true
        case (.string, .integer): false
        }
    }
}

extension LuaTable: ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    /// `["a", "b"]` → an array part.
    public init(arrayLiteral elements: LuaValue...) {
        self.init(array: elements)
    }

    /// `["name": "k1", "count": 2]` → string-keyed fields.
    public init(dictionaryLiteral elements: (String, LuaValue)...) {
        self.init(array: [], fields: [:])
        for (key, value) in elements { self[key] = value }
    }
}
