import LuaKit

/// Encodes a response into the value ``LuaValueEncoder`` makes, packed (``LuaPackedValue``): the
/// Lua thread pushes it in one pass instead of walking a tree of dictionaries built for it.
///
/// Values are streamed as their synthesized `encode(to:)` runs, one container at a time, which is
/// how every response encodes. A value that keeps a container after a nested one opened, or asks
/// for a nested or super container, is encoded by ``LuaValueEncoder`` and packed from its result.
package struct LuaPackedEncoder {
    /// Creates an encoder.
    package init() {}

    /// The packed Lua form of `value`, equal to what ``LuaValueEncoder`` returns for it.
    package func encode(_ value: some Encodable) throws -> LuaPackedValue {
        let stream = PackStream()
        do {
            try stream.encodeTop(value)
            return LuaPackedValue(steps: stream.steps)
        } catch is Unstreamable {
            return try LuaPackedValue(packing: LuaValueEncoder().encode(value))
        }
    }
}

/// The value asked for something the stream cannot do in order; the tree encoder does it.
private struct Unstreamable: Error {}

/// The steps so far and the values being encoded, innermost last.
private final class PackStream {
    /// What a value being encoded has become so far.
    enum Kind {
        /// Nothing encoded yet: the value is nil unless a container or a value comes.
        case open
        /// A record (a keyed container).
        case keyed
        /// A list (an unkeyed container).
        case unkeyed
        /// A primitive (a single-value container's).
        case value
    }

    /// One value being encoded.
    struct Frame {
        /// Its number; containers carry it to check they are the innermost one's.
        let id: Int
        var kind = Kind.open
        /// Where its `table` step is, once it has one.
        var tableStep = 0
        /// Fields (keyed) or elements (unkeyed) so far.
        var entries = 0
        /// Whether the last entry's value was a list (a keyed value of one list is that list).
        var lastEntryWasList = false
    }

    /// The steps so far.
    var steps: [LuaPackedValue.Step]
    /// Set when a container asked for cannot stream (a nested or super one, a change of kind):
    /// its value is then not what the tree encoder makes, whether or not the container is used.
    var refused = false
    private var frames: [Frame]
    private var nextID = 0

    /// An empty stream.
    init() {
        // Room for a typical response (a few dozen steps, a few levels), so appends rarely regrow.
        steps = []
        steps.reserveCapacity(64)
        frames = []
        frames.reserveCapacity(8)
    }

    /// Encodes `value` as the top level; throws ``Unstreamable`` for a value the stream cannot follow.
    func encodeTop(_ value: some Encodable) throws {
        try framed(value, top: true)
        guard !refused else { throw Unstreamable() }
    }

    /// Encodes `value` as the entry just started, in a frame of its own.
    func child(_ value: some Encodable) throws {
        let kind = try framed(value, top: false)
        frames[frames.count - 1].lastEntryWasList = kind == .unkeyed
    }

    /// Encodes `value` in a new frame and ends it; returns what the value became. An empty value is
    /// nil, or an empty table at the top level, where a keyed one is never collapsed.
    @discardableResult
    private func framed(_ value: some Encodable, top: Bool) throws -> Kind {
        nextID += 1
        let id = nextID
        frames.append(Frame(id: id))
        try store(value, in: id)
        guard let done = frames.popLast(), done.id == id else { throw Unstreamable() }
        switch done.kind {
        case .open: steps += top ? [.table(arrayCount: 0, fieldCount: 0), .end] : [.nil]
        case .keyed, .unkeyed: close(done, collapsible: !top)
        case .value: break
        }
        return done.kind
    }

    /// Checks that frame `id` is the innermost one, as streaming needs.
    func current(_ id: Int) throws {
        guard !refused, frames.last?.id == id else { throw Unstreamable() }
    }

    /// Entries of frame `id` so far (0 when it is not the innermost).
    func entries(of id: Int) -> Int { frames.last?.id == id ? frames[frames.count - 1].entries : 0 }

    /// A container that cannot stream: the tree encoder encodes the value instead.
    func refuse() -> Int {
        refused = true
        return 0
    }

    /// Opens frame `id` as a table of `kind` (again: the same container), refusing a change of kind.
    func open(_ id: Int, as kind: Kind) throws {
        try current(id)
        let index = frames.count - 1
        switch frames[index].kind {
        case .open:
            frames[index].kind = kind
            frames[index].tableStep = steps.count
            steps.append(.table(arrayCount: 0, fieldCount: 0))
        case kind: return
        default: throw Unstreamable()
        }
    }

    /// Starts an entry (the step `.field` or `.element`) of frame `id`.
    func entry(_ id: Int, _ step: LuaPackedValue.Step) throws {
        try current(id)
        frames[frames.count - 1].entries += 1
        frames[frames.count - 1].lastEntryWasList = false
        steps.append(step)
    }

    /// A primitive value of frame `id` (a single-value container's).
    func value(_ id: Int, _ step: LuaPackedValue.Step) throws {
        try current(id)
        guard frames[frames.count - 1].kind == .open else { throw Unstreamable() }
        frames[frames.count - 1].kind = .value
        steps.append(step)
    }

    /// Encodes `value` into frame `id`: primitives as a step, anything else through its `encode(to:)`.
    func store<T: Encodable>(_ value: T, in id: Int) throws {
        switch EncodedShortcut.of(value) {
        case .primitive(let primitive): try self.value(id, Self.step(primitive))
        case .strings(let strings):
            try open(id, as: .unkeyed)
            steps.reserveCapacity(steps.count + 2 * strings.count + 1)
            for text in strings {
                steps.append(.element)
                steps.append(.string(text))
            }
            frames[frames.count - 1].entries += strings.count
        case nil: try value.encode(to: PackEncoding(stream: self, id: id))
        }
    }

    /// The step of a primitive (``EncodedShortcut`` makes only these).
    private static func step(_ primitive: LuaValue) -> LuaPackedValue.Step {
        switch primitive {
        case .string(let text): .string(text)
        case .boolean(let flag): .boolean(flag)
        case .integer(let number): .integer(number)
        case .number(let number): .number(number)
        default: .nil
        }
    }

    /// Ends `frame`'s table: its size hints, or (a keyed one of one list, below the top) the list itself.
    private func close(_ frame: Frame, collapsible: Bool) {
        if collapsible, frame.kind == .keyed, frame.entries == 1, frame.lastEntryWasList {
            // Drop the wrapper's `table` and `field` steps; the list's own steps stay, closed.
            steps.removeSubrange(frame.tableStep...(frame.tableStep + 1))
            return
        }
        let count = Int32(clamping: frame.entries)
        steps[frame.tableStep] =
            frame.kind == .keyed ? .table(arrayCount: 0, fieldCount: count) : .table(arrayCount: count, fieldCount: 0)
        steps.append(.end)
    }
}

private struct PackEncoding: Encoder {
    let stream: PackStream
    let id: Int
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        // A refusal cannot throw here: the stream remembers it.
        let opened = (try? stream.open(id, as: .keyed)) != nil
        return KeyedEncodingContainer(PackKeyed<Key>(stream: stream, id: opened ? id : stream.refuse()))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let opened = (try? stream.open(id, as: .unkeyed)) != nil
        return PackUnkeyed(stream: stream, id: opened ? id : stream.refuse())
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { PackSingle(stream: stream, id: id) }
}

/// Frame id 0 is never a frame's: a refused container's id.
private struct PackKeyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let stream: PackStream
    let id: Int
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws { try stream.current(id) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try stream.entry(id, .field(SnakeCaseCache.name(key.stringValue)))
        try stream.child(value)
    }

    // The typed requirements the synthesized `encode(to:)` calls, stored directly (as LuaValueEncoder does).
    mutating func encode(_ value: String, forKey key: Key) throws { try set(.string(value), key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try set(.boolean(value), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try set(.integer(Int64(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try set(.integer(Int64(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try set(.integer(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try set(.number(value), key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { if let value { try set(.string(value), key) } }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { if let value { try set(.boolean(value), key) } }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws {
        if let value { try set(.integer(Int64(value)), key) }
    }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws {
        if let value { try set(.integer(Int64(value)), key) }
    }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { if let value { try set(.integer(value), key) } }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { if let value { try set(.number(value), key) } }

    private func set(_ value: LuaPackedValue.Step, _ key: Key) throws {
        try stream.entry(id, .field(SnakeCaseCache.name(key.stringValue)))
        stream.steps.append(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        KeyedEncodingContainer(PackKeyed<NestedKey>(stream: stream, id: stream.refuse()))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        PackUnkeyed(stream: stream, id: stream.refuse())
    }
    mutating func superEncoder() -> any Encoder { PackEncoding(stream: stream, id: stream.refuse()) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { PackEncoding(stream: stream, id: stream.refuse()) }
}

private struct PackUnkeyed: UnkeyedEncodingContainer {
    let stream: PackStream
    let id: Int
    var count: Int { stream.entries(of: id) }
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws {
        try stream.entry(id, .element)
        stream.steps.append(.nil)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try stream.entry(id, .element)
        try stream.child(value)
    }

    mutating func encode(_ value: String) throws {
        try stream.entry(id, .element)
        stream.steps.append(.string(value))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        KeyedEncodingContainer(PackKeyed<NestedKey>(stream: stream, id: stream.refuse()))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { PackUnkeyed(stream: stream, id: stream.refuse()) }
    mutating func superEncoder() -> any Encoder { PackEncoding(stream: stream, id: stream.refuse()) }
}

private struct PackSingle: SingleValueEncodingContainer {
    let stream: PackStream
    let id: Int
    var codingPath: [any CodingKey] { [] }
    mutating func encodeNil() throws { try stream.value(id, .nil) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try stream.current(id)
        try stream.store(value, in: id)
    }
}
