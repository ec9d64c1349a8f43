import CloudModel
import LuaKit
import Synchronization

/// Decodes a request from the Lua table a binding receives: each wire key `KMSKeyId` is looked up
/// as `kms_key_id`; strings also accept integers (account UIDs), and the parameters that carry JSON
/// text (``JSONParameters``, such as `policy`) also accept tables, encoded as canonical JSON.
package struct LuaValueDecoder {
    /// Creates a decoder.
    package init() {}

    /// Decodes `type` from `value`; failures name the parameter by its Lua spelling.
    package func decode<T: Decodable>(_ type: T.Type, from value: LuaValue) throws -> T {
        try T(from: LuaDecoding(value: value, path: []))
    }
}

/// A decoding failure naming the parameter path (`tag[1].key`) and what was wrong with it.
package struct LuaDecodingError: Error, Sendable, CustomStringConvertible {
    /// The Lua path of the parameter.
    package var path: String
    /// What was wrong.
    package var problem: String
    package var description: String { path.isEmpty ? problem : "parameter '\(path)': \(problem)" }
}

/// Memoized snake_case spellings of coding keys (keys repeat across every call of a binding).
enum SnakeCaseCache {
    private static let names = Mutex<[String: String]>([:])

    static func name(_ wire: String) -> String {
        if let known = names.withLock({ $0[wire] }) { return known }
        let name = WireName.snakeCase(wire)
        names.withLock { $0[wire] = name }
        return name
    }
}

private struct LuaDecoding: Decoder {
    let value: LuaValue
    /// The path of the table holding the value.
    let parent: [String]
    /// The value's own name in it, kept apart so a field that decodes fine never builds its path.
    let leaf: String?
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(value: LuaValue, path: [String]) {
        self.value = value
        parent = path
        leaf = nil
    }

    init(value: LuaValue, parent: [String], leaf: String) {
        self.value = value
        self.parent = parent
        self.leaf = leaf
    }

    /// The Lua path of the value (`tag[1].key`).
    var path: [String] { leaf.map { parent + [$0] } ?? parent }

    func fail(_ problem: String) -> LuaDecodingError {
        LuaDecodingError(path: path.joined(separator: "."), problem: problem)
    }

    /// `<expected> expected, got <type>`; a function or userdata also gets the fix, since a
    /// request carries data only.
    func mismatch(_ expected: String) -> LuaDecodingError {
        switch value {
        case .function, .userdata, .object: fail("\(expected) expected, got \(value.typeName): pass data, not code or handles")
        default: fail("\(expected) expected, got \(value.typeName)")
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .table(let table) = value else { throw mismatch("table") }
        return KeyedDecodingContainer(LuaKeyed<Key>(table: table, path: path))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .table(let table) = value else { throw mismatch("array (table)") }
        guard table.fields.isEmpty else { throw fail("array expected, got a table with named fields") }
        return LuaUnkeyed(elements: table.array, path: path)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { LuaSingle(decoding: self) }
}

private struct LuaSingle: SingleValueDecodingContainer {
    let decoding: LuaDecoding
    /// Whether the value is a JSON-text parameter, which may be a table.
    var carriesJSON = false
    var codingPath: [any CodingKey] { [] }

    func decodeNil() -> Bool { decoding.value == .nil }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .boolean(let flag) = decoding.value else {
            throw decoding.mismatch("boolean")
        }
        return flag
    }

    func decode(_ type: String.Type) throws -> String {
        switch decoding.value {
        case .string(let text): return text
        case .integer(let number): return String(number)
        case .table where carriesJSON:
            do {
                return try JSONValue(parameter: decoding.value).canonicalText
            } catch {
                throw decoding.fail(error.description)
            }
        case .table:
            throw decoding.fail("string expected, got table (only parameters that carry JSON text, such as policy, take a table)")
        default: throw decoding.mismatch("string")
        }
    }

    func decode(_ type: Double.Type) throws -> Double {
        guard let number = decoding.value.numberValue else {
            throw decoding.mismatch("number")
        }
        guard number.isFinite else { throw decoding.fail("a finite number expected, got \(number)") }
        return number
    }

    func decode(_ type: Float.Type) throws -> Float {
        let number = try decode(Double.self)
        guard abs(number) <= Double(Float.greatestFiniteMagnitude) else {
            throw decoding.fail("number out of range, got \(number)")
        }
        return Float(number)
    }

    func decode(_ type: Int.Type) throws -> Int { try integer(Int.self) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(Int8.self) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(Int16.self) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(Int32.self) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(Int64.self) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(UInt.self) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(UInt8.self) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(UInt16.self) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(UInt32.self) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(UInt64.self) }

    /// An integer of `type`: a Lua integer, or a float with an exact value in range. Floats such as
    /// 2^63 or 1e300 and values outside `type` are errors naming the range, never traps.
    private func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        switch decoding.value {
        case .integer(let number):
            guard let value = T(exactly: number) else { throw outOfRange(T.self, String(number)) }
            return value
        case .number(let number):
            guard number.isFinite, number == number.rounded() else {
                throw decoding.fail("integer expected, got \(number)")
            }
            guard let value = T(exactly: number) else { throw outOfRange(T.self, "\(number)") }
            return value
        default:
            throw decoding.mismatch("integer")
        }
    }

    private func outOfRange<T: FixedWidthInteger>(_ type: T.Type, _ value: String) -> LuaDecodingError {
        decoding.fail("integer out of range: \(value) is not between \(T.min) and \(T.max)")
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        switch type {
        case is String.Type: return try decode(String.self) as! T
        case is Bool.Type: return try decode(Bool.self) as! T
        case is Int.Type: return try decode(Int.self) as! T
        case is Int64.Type: return try decode(Int64.self) as! T
        case is Double.Type: return try decode(Double.self) as! T
        default:
            // Other primitives come back here from their own init(from:) (a generic call satisfies
            // every typed requirement): answer them directly, or the call would recurse forever.
            if let value = try primitive(type) { return value }
            return try T(from: decoding)
        }
    }
}

extension LuaSingle {
    /// The remaining standard-library primitives, or nil for a composite type.
    fileprivate func primitive<T>(_ type: T.Type) throws -> T? {
        switch type {
        case is Int.Type: try decode(Int.self) as? T
        case is Int8.Type: try decode(Int8.self) as? T
        case is Int16.Type: try decode(Int16.self) as? T
        case is Int32.Type: try decode(Int32.self) as? T
        case is UInt.Type: try decode(UInt.self) as? T
        case is UInt8.Type: try decode(UInt8.self) as? T
        case is UInt16.Type: try decode(UInt16.self) as? T
        case is UInt32.Type: try decode(UInt32.self) as? T
        case is UInt64.Type: try decode(UInt64.self) as? T
        case is Float.Type: try decode(Float.self) as? T
        default: nil
        }
    }
}

private struct LuaKeyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let table: LuaTable
    let path: [String]
    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] {
        table.fields.keys.compactMap { if case .string(let name) = $0 { Key(stringValue: name) } else { nil } }
    }

    private func lookup(_ key: Key) -> (String, LuaValue) {
        let name = SnakeCaseCache.name(key.stringValue)
        return (name, table[name])
    }

    func contains(_ key: Key) -> Bool { lookup(key).1 != .nil }

    func decodeNil(forKey key: Key) throws -> Bool { lookup(key).1 == .nil }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try field(key).decode(type)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try optionalField(key)?.decode(type)
    }

    /// The required field `key`, ready to decode.
    private func field(_ key: Key) throws -> LuaSingle {
        let (name, value) = lookup(key)
        guard value != .nil else {
            throw LuaDecodingError(path: (path + [name]).joined(separator: "."), problem: "required, but missing")
        }
        return LuaSingle(decoding: LuaDecoding(value: value, parent: path, leaf: name), carriesJSON: carriesJSON(key))
    }

    /// Whether `key` is a JSON-text parameter: every one is a top-level field of its request.
    private func carriesJSON(_ key: Key) -> Bool { path.isEmpty && JSONParameters.carriesJSON(key.stringValue) }

    /// The field `key`, nil when absent (one lookup: the protocol's defaults for the typed
    /// `decodeIfPresent` look the key up three times).
    private func optionalField(_ key: Key) -> LuaSingle? {
        let (name, value) = lookup(key)
        guard value != .nil else { return nil }
        return LuaSingle(decoding: LuaDecoding(value: value, parent: path, leaf: name), carriesJSON: carriesJSON(key))
    }

    // The typed requirements the synthesized `init(from:)` calls, answered directly: otherwise each
    // goes through the generic path and its dynamic type checks (one per field of every request).
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try field(key).decode(type) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try field(key).decode(type) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try field(key).decode(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try field(key).decode(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try field(key).decode(type) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try field(key).decode(type) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optionalField(key)?.decode(type) }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try optionalField(key)?.decode(type) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try optionalField(key)?.decode(type) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try optionalField(key)?.decode(type) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try optionalField(key)?.decode(type) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try optionalField(key)?.decode(type) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        let (name, value) = lookup(key)
        return try LuaDecoding(value: value, path: path + [name]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        let (name, value) = lookup(key)
        return try LuaDecoding(value: value, path: path + [name]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { LuaDecoding(value: .table(table), path: path) }
    func superDecoder(forKey key: Key) throws -> any Decoder {
        let (name, value) = lookup(key)
        return LuaDecoding(value: value, path: path + [name])
    }
}

private struct LuaUnkeyed: UnkeyedDecodingContainer {
    let elements: [LuaValue]
    let path: [String]
    var codingPath: [any CodingKey] { [] }
    var count: Int? { elements.count }
    var currentIndex = 0
    var isAtEnd: Bool { currentIndex >= elements.count }

    private mutating func next() -> LuaDecoding {
        defer { currentIndex += 1 }
        var elementPath = path.isEmpty ? [""] : path
        elementPath[elementPath.count - 1] += "[\(currentIndex + 1)]"
        return LuaDecoding(value: elements[currentIndex], path: elementPath)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, elements[currentIndex] == .nil else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try LuaSingle(decoding: next()).decode(type)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { next() }
}
