/// Finds the ``ValueShape`` of a `Decodable` type by running its decoder against a probe that
/// answers every question with a placeholder and records the questions asked.
package enum ShapeProbe {
    /// The shape of `type`; nested records whose only field is a list (`{"Disks":{"Disk":[…]}}`)
    /// collapse to that list, the rule the response converter applies too.
    package static func shape(of type: any Decodable.Type) -> ValueShape {
        let probe = ProbeDecoder()
        _ = try? type.init(from: probe)
        return probe.recorded.shape(typeName: _typeName(type, qualified: false), topLevel: true)
    }
}

/// What one decoder was asked.
private final class ProbeRecord {
    enum Kind {
        case unknown
        case single(ValueShape)
        case keyed, unkeyed
    }
    var kind = Kind.unknown
    var fields: [ShapeField] = []
    var element: ValueShape?

    func shape(typeName: String, topLevel: Bool) -> ValueShape {
        switch kind {
        case .unknown: return topLevel ? .record(type: typeName, fields: []) : .string
        case .single(let shape): return shape
        case .unkeyed: return .list(element ?? .string)
        case .keyed:
            if !topLevel, fields.count == 1, case .list = fields[0].shape { return fields[0].shape }
            return .record(type: typeName, fields: fields)
        }
    }
}

private struct ProbeDecoder: Decoder {
    let recorded = ProbeRecord()
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        recorded.kind = .keyed
        return KeyedDecodingContainer(ProbeKeyed<Key>(record: recorded))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        recorded.kind = .unkeyed
        return ProbeUnkeyed(record: recorded)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { ProbeSingle(record: recorded) }

    /// Decodes a placeholder of `type` and the shape it has.
    static func probe<T: Decodable>(_ type: T.Type) throws -> (T, ValueShape) {
        if let (value, shape) = primitive(type) { return (value, shape) }
        let decoder = ProbeDecoder()
        let value = try T(from: decoder)
        // `_typeName` is what `String(describing:)` prints for a metatype, without the conformance
        // lookups it makes first (most of probing every operation's shapes).
        return (value, decoder.recorded.shape(typeName: _typeName(T.self, qualified: false), topLevel: false))
    }

    static func primitive<T>(_ type: T.Type) -> (T, ValueShape)? {
        switch type {
        case is String.Type: ("0" as! T, .string)
        case is Bool.Type: (false as! T, .boolean)
        case is Int.Type: (0 as! T, .integer)
        case is Int64.Type: (Int64(0) as! T, .integer)
        case is Int32.Type: (Int32(0) as! T, .integer)
        case is Double.Type: (0.0 as! T, .number)
        case is Float.Type: (Float(0) as! T, .number)
        default: nil
        }
    }
}

private struct ProbeKeyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let record: ProbeRecord
    var codingPath: [any CodingKey] = []
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try field(type, key, optional: false)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try field(type, key, optional: true)
    }

    private func field<T: Decodable>(_ type: T.Type, _ key: Key, optional: Bool) throws -> T {
        let (value, shape) = try ProbeDecoder.probe(type)
        if !record.fields.contains(where: { $0.wireName == key.stringValue }) {
            record.fields.append(
                ShapeField(
                    wireName: key.stringValue, luaName: WireName.snakeCase(key.stringValue),
                    shape: shape, isOptional: optional))
        }
        return value
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        KeyedDecodingContainer(ProbeKeyed<NestedKey>(record: ProbeRecord()))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        ProbeUnkeyed(record: ProbeRecord())
    }

    func superDecoder() throws -> any Decoder { ProbeDecoder() }
    func superDecoder(forKey key: Key) throws -> any Decoder { ProbeDecoder() }
}

private struct ProbeUnkeyed: UnkeyedDecodingContainer {
    let record: ProbeRecord
    var codingPath: [any CodingKey] = []
    var count: Int? { 1 }
    var currentIndex = 0
    var isAtEnd: Bool { currentIndex >= 1 }

    mutating func decodeNil() throws -> Bool { false }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, shape) = try ProbeDecoder.probe(type)
        record.element = shape
        currentIndex += 1
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        currentIndex += 1
        return KeyedDecodingContainer(ProbeKeyed<NestedKey>(record: ProbeRecord()))
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        currentIndex += 1
        return ProbeUnkeyed(record: ProbeRecord())
    }

    mutating func superDecoder() throws -> any Decoder { ProbeDecoder() }
}

private struct ProbeSingle: SingleValueDecodingContainer {
    let record: ProbeRecord
    var codingPath: [any CodingKey] = []

    func decodeNil() -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, shape) = try ProbeDecoder.probe(type)
        record.kind = .single(shape)
        return value
    }
}
