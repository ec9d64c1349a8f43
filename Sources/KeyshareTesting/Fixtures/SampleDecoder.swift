/// Fabricates a value of any `Decodable` type with every field filled, so that round-trip tests
/// cover each operation without hand-written samples.
///
/// Strings carry characters the wire must escape; when a type rejects a string (a typed id with
/// its own validation), the sampler retries that field with the next candidate.
package enum SampleDecoder {
    /// The strings a field is tried with, in order, until its type accepts one.
    package static let candidates = [
        "sample ~*/+&=é", "1234567890123456", "cn-hangzhou", "acs:ram::1234567890123456:role/SampleRole",
        "2024-01-01T00:00:00Z", "Enabled",
    ]

    /// A value of `type` with every field filled from ``candidates``.
    package static func make<T: Decodable>(_ type: T.Type) throws -> T {
        var choices = [String: Int]()
        while true {
            do {
                return try T(from: Sampler(codingPath: [], choices: choices))
            } catch DecodingError.dataCorrupted(let context) {
                let path = name(context.codingPath)
                let next = (choices[path] ?? 0) + 1
                guard next < candidates.count else { throw DecodingError.dataCorrupted(context) }
                choices[path] = next
            }
        }
    }

    /// A coding path as dotted text, the key of a field's choice.
    package static func name(_ path: [any CodingKey]) -> String { path.map(\.stringValue).joined(separator: ".") }

    private struct Index: CodingKey {
        let stringValue: String
        let intValue: Int?
        init(_ value: Int) {
            stringValue = String(value + 1)
            intValue = value + 1
        }
        init?(stringValue: String) { nil }
        init?(intValue: Int) { self.init(intValue) }
    }

    private struct Sampler: Decoder, SingleValueDecodingContainer {
        let codingPath: [any CodingKey]
        let choices: [String: Int]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func child(_ key: any CodingKey) -> Sampler { Sampler(codingPath: codingPath + [key], choices: choices) }

        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            KeyedDecodingContainer(Keyed<Key>(sampler: self))
        }

        func unkeyedContainer() throws -> any UnkeyedDecodingContainer { Unkeyed(sampler: self) }

        func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

        func decodeNil() -> Bool { false }

        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            if type == String.self { return candidates[choices[name(codingPath)] ?? 0] as! T }
            if type == Bool.self { return true as! T }
            if type == Int.self { return 7 as! T }
            if type == Int64.self { return Int64(7) as! T }
            if type == Double.self { return 1.5 as! T }
            return try T(from: self)
        }
    }

    private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let sampler: Sampler
        var codingPath: [any CodingKey] { sampler.codingPath }
        var allKeys: [Key] { [] }
        func contains(_ key: Key) -> Bool { true }
        func decodeNil(forKey key: Key) throws -> Bool { false }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try sampler.child(key).decode(type) }
        func nestedContainer<N: CodingKey>(keyedBy type: N.Type, forKey key: Key) throws -> KeyedDecodingContainer<N> {
            try sampler.child(key).container(keyedBy: type)
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            Unkeyed(sampler: sampler.child(key))
        }
        func superDecoder() throws -> any Decoder { sampler }
        func superDecoder(forKey key: Key) throws -> any Decoder { sampler.child(key) }
    }

    private struct Unkeyed: UnkeyedDecodingContainer {
        let sampler: Sampler
        var currentIndex = 0
        var codingPath: [any CodingKey] { sampler.codingPath }
        var count: Int? { 2 }
        var isAtEnd: Bool { currentIndex >= 2 }
        init(sampler: Sampler) { self.sampler = sampler }
        private mutating func next() -> Sampler {
            defer { currentIndex += 1 }
            return sampler.child(Index(currentIndex))
        }
        mutating func decodeNil() throws -> Bool { false }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decode(type) }
        mutating func nestedContainer<N: CodingKey>(keyedBy type: N.Type) throws -> KeyedDecodingContainer<N> {
            try next().container(keyedBy: type)
        }
        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { Unkeyed(sampler: next()) }
        mutating func superDecoder() throws -> any Decoder { next() }
    }
}
