/// Flattens an `Encodable` request into RPC parameters, the way the SDKs put them in the query.
///
/// Nested values join their names with dots and lists count from 1: `Tag.1.Key`, `Tag.1.Value`,
/// `AddAccount.1`, `AddAccount.2`. Booleans are `true`/`false`, numbers their decimal text, absent
/// optionals are left out. JSON-text parameters (`Policy`, `DiskIds`) are plain strings already.
package struct ParameterEncoder: Sendable {
    /// Creates an encoder.
    package init() {}

    /// The parameters of `value` in encoding order.
    ///
    /// - Throws: `EncodingError.invalidValue` when `value` is not a keyed container at the top
    ///   level (a request is always a struct of named parameters).
    package func encode(_ value: some Encodable) throws -> [(String, String)] {
        let storage = ParameterStorage()
        try value.encode(to: FlatEncoder(name: "", codingPath: [], storage: storage))
        return storage.pairs
    }
}

/// The growing list of pairs shared by every container of one encoding run.
private final class ParameterStorage {
    var pairs: [(String, String)] = []
}

/// An encoder positioned at one parameter name (empty at the top).
private struct FlatEncoder: Encoder {
    let name: String
    let codingPath: [any CodingKey]
    let storage: ParameterStorage
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func child(_ key: any CodingKey) -> FlatEncoder {
        FlatEncoder(
            name: name.isEmpty ? key.stringValue : "\(name).\(key.stringValue)",
            codingPath: codingPath + [key], storage: storage)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedContainer<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer { UnkeyedContainer(encoder: self) }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleContainer(encoder: self) }

    func write(_ text: String) throws {
        guard !name.isEmpty else {
            throw EncodingError.invalidValue(
                text,
                .init(
                    codingPath: codingPath,
                    debugDescription: "RPC parameters need a name; encode a struct."))
        }
        storage.pairs.append((name, text))
    }

    func write<T: Encodable>(_ value: T) throws {
        switch value {
        case let text as String: try write(text)
        case let flag as Bool: try write(flag ? "true" : "false")
        case let number as any BinaryInteger: try write(String(describing: number))
        case let number as Double: try write(String(describing: number))
        case let number as Float: try write(String(describing: number))
        default: try value.encode(to: self)
        }
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: FlatEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil(forKey key: Key) throws {}

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try encoder.child(key).write(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type,
        forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        encoder.child(key).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        encoder.child(key).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { encoder }

    mutating func superEncoder(forKey key: Key) -> any Encoder { encoder.child(key) }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let encoder: FlatEncoder
    var count = 0
    var codingPath: [any CodingKey] { encoder.codingPath }

    init(encoder: FlatEncoder) { self.encoder = encoder }

    /// The 1-based position the next element takes.
    private mutating func nextKey() -> ListIndexKey {
        count += 1
        return ListIndexKey(count)
    }

    mutating func encodeNil() throws { count += 1 }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try encoder.child(nextKey()).write(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        encoder.child(nextKey()).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        encoder.child(nextKey()).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { encoder.child(nextKey()) }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let encoder: FlatEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws {}

    mutating func encode<T: Encodable>(_ value: T) throws { try encoder.write(value) }
}

/// The coding key of a list element: its 1-based position, as the wire numbers lists.
struct ListIndexKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(_ position: Int) {
        stringValue = String(position)
        intValue = position
    }

    init?(stringValue: String) {
        guard let position = Int(stringValue) else { return nil }
        self.init(position)
    }

    init?(intValue: Int) { self.init(intValue) }
}
