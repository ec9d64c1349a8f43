import CloudAPI

/// Rebuilds a `Decodable` request from flat RPC parameters (`Tag.1.Key`, `AddAccount.2`, …).
///
/// Lenient where Alibaba is (booleans in any case, so Python's `True` works; unknown parameters are
/// ignored; an absent list is empty) and strict where it is not (integers must be integers). Every
/// failure is a `CloudError` a client can act on: 400 `MissingParameter` or `InvalidParameter`,
/// naming the parameter.
package struct ParameterDecoder: Sendable {
    /// Creates a decoder.
    package init() {}

    /// Decodes `type` from `parameters`.
    ///
    /// - Throws: `CloudError` 400 `MissingParameter` for an absent mandatory parameter, 400
    ///   `InvalidParameter` for a value of the wrong shape (including values a type's own
    ///   `init(from:)` rejects, such as an account UID that is not digits).
    package func decode<T: Decodable>(_ type: T.Type, from parameters: [String: String]) throws -> T {
        do {
            return try T(from: FlatDecoder(name: "", codingPath: [], parameters: parameters))
        } catch let error as CloudError {
            throw error
        } catch let error as DecodingError {
            throw Self.cloudError(for: error)
        }
    }

    /// Maps a `DecodingError` thrown by a value's own `init(from:)` to the wire's error.
    private static func cloudError(for error: DecodingError) -> CloudError {
        func name(_ path: [any CodingKey]) -> String { path.map(\.stringValue).joined(separator: ".") }
        switch error {
        case .keyNotFound(let key, let context):
            return .missingParameter(name(context.codingPath + [key]))
        case .valueNotFound(_, let context):
            return .missingParameter(name(context.codingPath))
        case .typeMismatch(_, let context), .dataCorrupted(let context):
            return .invalidParameter(name(context.codingPath), context.debugDescription)
        @unknown default:
            return .invalidParameter("(unknown)", String(describing: error))
        }
    }
}

/// A decoder positioned at one parameter name (empty at the top).
private struct FlatDecoder: Decoder {
    let name: String
    let codingPath: [any CodingKey]
    let parameters: [String: String]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func child(_ key: any CodingKey) -> FlatDecoder {
        FlatDecoder(name: fullName(key), codingPath: codingPath + [key], parameters: parameters)
    }

    func fullName(_ key: any CodingKey) -> String {
        name.isEmpty ? key.stringValue : "\(name).\(key.stringValue)"
    }

    /// Whether `full` or anything nested under it is present.
    func isPresent(_ full: String) -> Bool {
        if parameters[full] != nil { return true }
        let prefix = full + "."
        return parameters.keys.contains { $0.hasPrefix(prefix) }
    }

    /// The names directly below this one (`Tag.1.Key` below `Tag` gives `1`).
    func childNames() -> Set<String> {
        let prefix = name.isEmpty ? "" : name + "."
        var names = Set<String>()
        for key in parameters.keys where key.hasPrefix(prefix) && key.count > prefix.count {
            let rest = key.dropFirst(prefix.count)
            names.insert(String(rest.prefix { $0 != "." }))
        }
        return names
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(KeyedContainer<Key>(decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let positions = childNames().compactMap { Int($0) }.filter { $0 >= 1 }.sorted()
        return UnkeyedContainer(decoder: self, positions: positions)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleContainer(decoder: self) }

    /// The text at this name, or 400 `MissingParameter`.
    func text() throws -> String {
        guard let value = parameters[name] else { throw CloudError.missingParameter(name) }
        return value
    }

    /// Reads a scalar, or hands non-scalar types their own `init(from:)` at this position.
    func read<T: Decodable>(_ type: T.Type) throws -> T {
        if type == String.self { return try text() as! T }
        if type == Bool.self {
            let value = try text()
            switch value.lowercased() {
            case "true": return true as! T
            case "false": return false as! T
            default: throw CloudError.invalidParameter(name, "expected true or false, got \"\(value)\"")
            }
        }
        if let integer = type as? any FixedWidthInteger.Type {
            let value = try text()
            guard let number = integer.init(value, radix: 10) else {
                throw CloudError.invalidParameter(name, "expected an integer, got \"\(value)\"")
            }
            return number as! T
        }
        if type == Double.self {
            let value = try text()
            guard let number = Double(value) else {
                throw CloudError.invalidParameter(name, "expected a number, got \"\(value)\"")
            }
            return number as! T
        }
        return try T(from: self)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: FlatDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }
    var allKeys: [Key] { decoder.childNames().compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { decoder.isPresent(decoder.fullName(key)) }

    func decodeNil(forKey key: Key) throws -> Bool { !contains(key) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decoder.child(key).read(type)
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type,
        forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder.child(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder.child(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { decoder }

    func superDecoder(forKey key: Key) throws -> any Decoder { decoder.child(key) }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: FlatDecoder
    /// The list positions present on the wire, ascending (gaps are skipped, not errors).
    let positions: [Int]
    var currentIndex = 0
    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { positions.count }
    var isAtEnd: Bool { currentIndex >= positions.count }

    init(decoder: FlatDecoder, positions: [Int]) {
        self.decoder = decoder
        self.positions = positions
    }

    private mutating func next() throws -> FlatDecoder {
        guard !isAtEnd else {
            throw CloudError.invalidParameter(decoder.name, "the list has fewer elements than expected")
        }
        defer { currentIndex += 1 }
        return decoder.child(ListIndexKey(positions[currentIndex]))
    }

    mutating func decodeNil() throws -> Bool { false }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().read(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next().unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { try next() }
}

private struct SingleContainer: SingleValueDecodingContainer {
    let decoder: FlatDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { !decoder.isPresent(decoder.name) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.read(type) }
}
