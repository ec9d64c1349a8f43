import LuaKit

/// Encodes a response into the Lua value a binding returns: wire keys become snake_case and a
/// nested object whose only field is a list (`{"Disks":{"Disk":[…]}}`) becomes that list (`disks`).
/// The top-level response is never collapsed, so results are always tables with named fields.
package struct LuaValueEncoder {
    /// Creates an encoder.
    package init() {}

    /// The Lua form of `value`.
    package func encode(_ value: some Encodable) throws -> LuaValue {
        let root = Node()
        try value.encode(to: LuaEncoding(node: root))
        return root.luaValue(topLevel: true)
    }
}

/// A partly built value; containers fill it in as the synthesized `encode(to:)` runs.
private final class Node {
    enum Content {
        case empty
        case value(LuaValue)
        case keyed([(String, Node)])
        case unkeyed([Node])
    }
    var content = Content.empty

    func luaValue(topLevel: Bool) -> LuaValue {
        switch content {
        case .empty: return topLevel ? .table(LuaTable()) : .nil
        case .value(let value): return value
        case .unkeyed(let nodes): return .table(LuaTable(array: nodes.map { $0.luaValue(topLevel: false) }))
        case .keyed(let entries):
            if !topLevel, entries.count == 1, case .unkeyed = entries[0].1.content {
                return entries[0].1.luaValue(topLevel: false)
            }
            var table = LuaTable()
            for (key, node) in entries { table[key] = node.luaValue(topLevel: false) }
            return .table(table)
        }
    }

    func child(_ key: String) -> Node {
        let node = Node()
        if case .keyed(var entries) = content {
            content = .empty
            entries.append((key, node))
            content = .keyed(entries)
        } else {
            content = .keyed([(key, node)])
        }
        return node
    }

    func element() -> Node {
        let node = Node()
        if case .unkeyed(var nodes) = content {
            content = .empty
            nodes.append(node)
            content = .unkeyed(nodes)
        } else {
            content = .unkeyed([node])
        }
        return node
    }
}

private struct LuaEncoding: Encoder {
    let node: Node
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .keyed = node.content {} else { node.content = .keyed([]) }
        return KeyedEncodingContainer(LuaKeyedEncoding<Key>(node: node))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .unkeyed = node.content {} else { node.content = .unkeyed([]) }
        return LuaUnkeyedEncoding(node: node)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { LuaSingleEncoding(node: node) }
}

/// How an encoder stores a value without its `encode(to:)`: a primitive as a Lua value, a list of
/// strings (disk categories, tags, ids) without a container and a cast per element. Shared by
/// ``LuaValueEncoder`` and ``LuaPackedEncoder``.
enum EncodedShortcut {
    /// A string, boolean, integer or float.
    case primitive(LuaValue)
    /// A list of strings.
    case strings([String])

    /// The shortcut for `value`, or nil for a record or any other list (encoded through `encode(to:)`).
    static func of<T: Encodable>(_ value: T) -> EncodedShortcut? {
        // Metatype comparisons first: a record or list (most values reaching here) fails each
        // `as` cast below through a runtime conformance lookup, six per value.
        guard
            T.self == String.self || T.self == Bool.self || T.self == Int.self || T.self == Int64.self
                || T.self == Int32.self || T.self == Double.self || T.self == [String].self
        else { return nil }
        switch value {
        case let text as String: return .primitive(.string(text))
        case let flag as Bool: return .primitive(.boolean(flag))
        case let number as Int: return .primitive(.integer(Int64(number)))
        case let number as Int64: return .primitive(.integer(number))
        case let number as Int32: return .primitive(.integer(Int64(number)))
        case let number as Double: return .primitive(.number(number))
        default: return (value as? [String]).map(EncodedShortcut.strings)
        }
    }
}

/// Stores primitives directly and recurses for everything else.
private func store<T: Encodable>(_ value: T, in node: Node) throws {
    switch EncodedShortcut.of(value) {
    case .primitive(let primitive): node.content = .value(primitive)
    case .strings(let strings):
        node.content = .unkeyed(
            strings.map { text in
                let element = Node()
                element.content = .value(.string(text))
                return element
            })
    case nil: try value.encode(to: LuaEncoding(node: node))
    }
}

private struct LuaKeyedEncoding<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws {}

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try store(value, in: node.child(SnakeCaseCache.name(key.stringValue)))
    }

    // The typed requirements the synthesized `encode(to:)` calls, stored directly: the protocol's
    // defaults route each through the generic `encode` and `store`'s dynamic casts.
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.boolean(value), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(.integer(Int64(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(.integer(Int64(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(.integer(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { set(.number(value), key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { if let value { set(.string(value), key) } }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { if let value { set(.boolean(value), key) } }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { if let value { set(.integer(Int64(value)), key) } }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws {
        if let value { set(.integer(Int64(value)), key) }
    }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { if let value { set(.integer(value), key) } }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { if let value { set(.number(value), key) } }

    private func set(_ value: LuaValue, _ key: Key) {
        node.child(SnakeCaseCache.name(key.stringValue)).content = .value(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        LuaEncoding(node: node.child(SnakeCaseCache.name(key.stringValue))).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        LuaEncoding(node: node.child(SnakeCaseCache.name(key.stringValue))).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { LuaEncoding(node: node.child("super")) }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        LuaEncoding(node: node.child(SnakeCaseCache.name(key.stringValue)))
    }
}

private struct LuaUnkeyedEncoding: UnkeyedEncodingContainer {
    let node: Node
    var codingPath: [any CodingKey] { [] }
    var count: Int {
        if case .unkeyed(let nodes) = node.content { return nodes.count }
        return 0
    }

    mutating func encodeNil() throws { node.element().content = .value(.nil) }
    mutating func encode<T: Encodable>(_ value: T) throws { try store(value, in: node.element()) }
    mutating func encode(_ value: String) throws { node.element().content = .value(.string(value)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        LuaEncoding(node: node.element()).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        LuaEncoding(node: node.element()).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { LuaEncoding(node: node.element()) }
}

private struct LuaSingleEncoding: SingleValueEncodingContainer {
    let node: Node
    var codingPath: [any CodingKey] { [] }
    mutating func encodeNil() throws { node.content = .value(.nil) }
    mutating func encode<T: Encodable>(_ value: T) throws { try store(value, in: node) }
}
