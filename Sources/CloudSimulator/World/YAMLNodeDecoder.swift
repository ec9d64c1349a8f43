import BoundedYAML
import Foundation
import Yams

/// Decodes a `Decodable` from a composed YAML node, indexing each mapping once.
///
/// Yams' own decoder finds every key by a linear search comparing nodes, which made a
/// 1,000-account world take longer to decode than the whole rollout over it. Scalars are read
/// exactly as Yams reads them (`ScalarConstructible`), so a world means the same thing either way.
struct YAMLNodeDecoder {
    /// Decodes `type` from `node`.
    func decode<T: Decodable>(_ type: T.Type, from node: Node) throws -> T {
        try NodeDecoding(node: node, parentPath: [], last: .none).decodeValue(type)
    }
}

/// A coding key for sequence positions and dictionary keys.
private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

private struct NodeDecoding: Decoder {
    /// The last step of a coding path, kept apart so that a scalar's path (most values have no
    /// container of their own) is only built for an error.
    enum Step {
        case none
        case key(any CodingKey)
        case index(Int)
    }

    let node: Node
    let parentPath: [any CodingKey]
    let last: Step
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    var codingPath: [any CodingKey] {
        switch last {
        case .none: parentPath
        case .key(let key): parentPath + [key]
        case .index(let index): parentPath + [AnyKey(intValue: index)]
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .mapping(let mapping) = node else { throw mismatch([String: Any].self) }
        var fields: [String: Node] = [:]
        fields.reserveCapacity(mapping.count)
        // Yams refuses duplicate keys when composing, so no key is lost here.
        for (key, value) in mapping { if let name = key.string { fields[name] = value } }
        return KeyedDecodingContainer(KeyedNode<Key>(fields: fields, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .sequence(let sequence) = node else { throw mismatch([Any].self) }
        return UnkeyedNode(elements: Array(sequence), codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleNode(decoder: self) }

    var isNull: Bool {
        guard case .scalar(let scalar) = node else { return false }
        return NSNull.construct(from: scalar) != nil
    }

    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        if let integerType = type as? any FixedWidthInteger.Type {
            guard let value = try integer(integerType) as? T else { throw mismatch(type) }
            return value
        }
        guard let constructible = type as? any ScalarConstructible.Type else { return try T(from: self) }
        guard case .scalar(let scalar) = node, let value = constructible.construct(from: scalar) as? T else {
            throw mismatch(type)
        }
        return value
    }

    /// An integer read without Yams' unchecked sexagesimal arithmetic (`1:2:3:…` trapped), and
    /// out-of-range values as errors rather than wrapped or trapped.
    private func integer<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any,
            let value = YAMLScalar.integer(scalar.string)
        else { throw mismatch(type) }
        guard let integer = I(exactly: value) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: codingPath, debugDescription: "\(value) is out of range (\(I.min) to \(I.max))."))
        }
        return integer
    }

    func mismatch(_ type: Any.Type) -> DecodingError {
        let found =
            switch node {
            case .scalar(let scalar): "the scalar '\(scalar.string)'"
            case .mapping: "a mapping"
            case .sequence: "a sequence"
            default: "an alias"
            }
        return DecodingError.typeMismatch(
            type, .init(codingPath: codingPath, debugDescription: "Expected to decode \(type) but found \(found) instead."))
    }
}

private struct KeyedNode<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let fields: [String: Node]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { fields.keys.compactMap(Key.init(stringValue:)) }

    func contains(_ key: Key) -> Bool { fields[key.stringValue] != nil }

    private func decoder(for key: Key) throws -> NodeDecoding {
        guard let node = fields[key.stringValue] else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "No value associated with key \(key.stringValue)."))
        }
        return NodeDecoding(node: node, parentPath: codingPath, last: .key(key))
    }

    func decodeNil(forKey key: Key) throws -> Bool { try decoder(for: key).isNull }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decoder(for: key).decodeValue(type) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try decoder(for: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder(for: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { try decoder(for: Key(stringValue: "super")!) }

    func superDecoder(forKey key: Key) throws -> any Decoder { try decoder(for: key) }
}

private struct UnkeyedNode: UnkeyedDecodingContainer {
    let elements: [Node]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(elements: [Node], codingPath: [any CodingKey]) {
        self.elements = elements
        self.codingPath = codingPath
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private mutating func next(_ type: Any.Type) throws -> NodeDecoding {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                type,
                .init(codingPath: codingPath + [AnyKey(intValue: currentIndex)], debugDescription: "Unkeyed container is at end.")
            )
        }
        defer { currentIndex += 1 }
        return NodeDecoding(node: elements[currentIndex], parentPath: codingPath, last: .index(currentIndex))
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { return false }
        let isNull = NodeDecoding(node: elements[currentIndex], parentPath: codingPath, last: .none).isNull
        if isNull { currentIndex += 1 }
        return isNull
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next(type).decodeValue(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try next([String: Any].self).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next([Any].self).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { try next(Any.self) }
}

private struct SingleNode: SingleValueDecodingContainer {
    let decoder: NodeDecoding
    var codingPath: [any CodingKey] { decoder.codingPath }
    func decodeNil() -> Bool { decoder.isNull }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decodeValue(type) }
}
