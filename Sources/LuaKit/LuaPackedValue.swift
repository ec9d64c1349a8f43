import CLuaShim

/// A Lua value built off the state's executor as a flat list of steps, then pushed in one pass.
///
/// A binding that suspends does its work on another thread; handing back a ``LuaValue`` tree
/// costs a dictionary per table there and a walk of the tree on the state's executor. A packed
/// value is one array: building it appends, pushing it replays the steps with raw API calls.
public struct LuaPackedValue: Sendable {
    /// One step. A value step (`nil` … `table`) fills the slot the last `field` or `element`
    /// opened (or the top level); a table's entries follow its `table` step up to its `end`.
    public enum Step: Sendable, Equatable {
        /// Opens a table, sized for `arrayCount` elements and `fieldCount` fields (hints only).
        case table(arrayCount: Int32, fieldCount: Int32)
        /// Closes the innermost open table.
        case end
        /// The next value goes under this name in the innermost open table.
        case field(String)
        /// The next value is the innermost open table's next element (1, 2, …; a nil leaves a hole).
        case element
        /// A nil value: the slot stays empty.
        case `nil`
        /// A boolean value.
        case boolean(Bool)
        /// An integer value.
        case integer(Int64)
        /// A float value.
        case number(Double)
        /// A string value.
        case string(String)
    }

    /// The steps, in order.
    public var steps: [Step]

    /// A value from its steps: exactly one top-level value, every table closed (checked when pushed).
    public init(steps: [Step]) { self.steps = steps }

    /// `value` packed: tables with their elements, then their fields. Throws for a function,
    /// userdata or object (they live in a state, so they cannot be packed), or nesting deeper than
    /// the conversions take.
    public init(packing value: LuaValue) throws {
        steps = []
        try pack(value, depth: 0)
    }

    private mutating func pack(_ value: LuaValue, depth: Int) throws {
        switch value {
        case .nil: steps.append(.nil)
        case .boolean(let flag): steps.append(.boolean(flag))
        case .integer(let number): steps.append(.integer(number))
        case .number(let number): steps.append(.number(number))
        case .string(let text): steps.append(.string(text))
        case .table(let table):
            guard depth < LuaState.maximumDepth else {
                throw LuaError.invalidUsage("table nesting deeper than \(LuaState.maximumDepth) levels: flatten the value")
            }
            steps.append(.table(arrayCount: Int32(clamping: table.array.count), fieldCount: Int32(clamping: table.fields.count)))
            for element in table.array {
                steps.append(.element)
                try pack(element, depth: depth + 1)
            }
            for (key, element) in table.fields where element != .nil {
                switch key {
                case .string(let name): steps.append(.field(name))
                case .integer(let index):
                    // Steps number elements 1…n in order: a sparse integer key has no step (encoders make none).
                    throw LuaError.invalidUsage("a packed value cannot hold the integer key \(index) outside its array part")
                }
                try pack(element, depth: depth + 1)
            }
            steps.append(.end)
        case .function, .userdata, .object:
            throw LuaError.invalidUsage("a \(value.typeName) cannot be packed: only nil, booleans, numbers, strings and tables")
        }
    }
}

/// Why a packed value could not be pushed: its steps do not form one value.
struct LuaPackedValueError: Error, CustomStringConvertible {
    let step: Int
    let problem: String
    var description: String { "malformed packed value at step \(step + 1): \(problem) (a binding bug)" }
}

extension LuaState {
    /// Pushes `packed` onto `thread`'s stack as one value; on a malformed value or a stack that
    /// cannot grow, pushes nothing and throws.
    func push(_ packed: LuaPackedValue, on thread: OpaquePointer) throws {
        let base = lua_gettop(thread)
        do {
            try replay(packed.steps, on: thread)
        } catch {
            lua_settop(thread, base)
            throw error
        }
    }

    private enum Slot {
        case top
        case field
        case element(lua_Integer)
    }

    private func replay(_ steps: [LuaPackedValue.Step], on thread: OpaquePointer) throws {
        // The open tables, innermost last: the slot each fills once closed, and its last index used.
        var open: [(target: Slot, lastIndex: lua_Integer)] = []
        open.reserveCapacity(8)
        // The slot the next value fills; nil when a field or element must come first.
        var slot: Slot? = .top
        for (position, step) in steps.enumerated() {
            func fail(_ problem: String) -> LuaPackedValueError { LuaPackedValueError(step: position, problem: problem) }
            guard lua_checkstack(thread, 4) != 0 else { throw fail("the Lua stack cannot grow") }
            switch step {
            case .field(let name):
                guard !open.isEmpty, slot == nil else { throw fail("a field outside a table, or two keys in a row") }
                pushString(name, on: thread)
                slot = .field
            case .element:
                guard !open.isEmpty, slot == nil else { throw fail("an element outside a table, or two keys in a row") }
                open[open.count - 1].lastIndex += 1
                slot = .element(open[open.count - 1].lastIndex)
            case .table(let arrayCount, let fieldCount):
                guard let target = slot else { throw fail("a value with no field or element before it") }
                guard open.count < Self.maximumDepth else { throw fail("tables nested deeper than \(Self.maximumDepth) levels") }
                lua_createtable(thread, max(0, arrayCount), max(0, fieldCount))
                // The table fills its slot when it closes: its own entries are set first.
                open.append((target, 0))
                slot = nil
            case .end:
                guard slot == nil, let closed = open.popLast() else { throw fail("an end with no open table, or after a key") }
                store(into: closed.target, on: thread)
            case .nil, .boolean, .integer, .number, .string:
                guard let target = slot else { throw fail("a value with no field or element before it") }
                switch step {
                case .boolean(let flag): lua_pushboolean(thread, flag ? 1 : 0)
                case .integer(let number): lua_pushinteger(thread, number)
                case .number(let number): lua_pushnumber(thread, number)
                case .string(let text): pushString(text, on: thread)
                default: lua_pushnil(thread)
                }
                store(into: target, on: thread)
                slot = nil
            }
        }
        // The top slot is taken by the first value step, and every slot after it by a key inside a table.
        guard open.isEmpty, slot == nil else {
            throw LuaPackedValueError(step: steps.count, problem: open.isEmpty ? "no value" : "a table left open")
        }
    }

    /// Sets the value on top into the table under it (and the key under the value, for a field).
    private func store(into slot: Slot, on thread: OpaquePointer) {
        switch slot {
        case .top: break
        case .field: lua_rawset(thread, -3)
        case .element(let index): lua_rawseti(thread, -2, index)
        }
    }
}
