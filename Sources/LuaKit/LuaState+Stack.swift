import CLuaShim

/// Conversions between the Lua stack and ``LuaValue``. They use only raw, non-raising API calls
/// (no metamethods run), so they are safe from Swift; allocations happen with the memory cap lifted.
extension LuaState {
    /// Deepest table nesting converted in either direction (guards against cycles).
    static let maximumDepth = 100

    /// Pushes `value` onto the stack of `thread` (a thread of this state).
    func push(_ value: LuaValue, on thread: OpaquePointer, depth: Int = 0) throws {
        guard lua_checkstack(thread, 3) != 0 else {
            throw LuaError.invalidUsage("Lua stack overflow while pushing a value: pass fewer or smaller values")
        }
        switch value {
        case .nil: lua_pushnil(thread)
        case .boolean(let value): lua_pushboolean(thread, value ? 1 : 0)
        case .integer(let value): lua_pushinteger(thread, value)
        case .number(let value): lua_pushnumber(thread, value)
        case .string(let value): pushString(value, on: thread)
        case .table(let table): try push(table, on: thread, depth: depth)
        case .function(let reference), .userdata(let reference): try push(reference, on: thread)
        case .object(let object): pushObject(object, on: thread)
        }
    }

    /// Pushes a registry-anchored value, refusing references made by another state.
    func push(_ reference: LuaReference, on thread: OpaquePointer) throws {
        guard reference.owner === referenceOwner else {
            throw LuaError.invalidUsage(
                "a LuaReference from another LuaState was passed in: references only work in the state that made them")
        }
        lua_rawgeti(thread, kslua_registryindex(), lua_Integer(reference.slot))
    }

    private func push(_ table: LuaTable, on thread: OpaquePointer, depth: Int) throws {
        guard depth < Self.maximumDepth else {
            throw LuaError.invalidUsage("table nesting deeper than \(Self.maximumDepth) levels: flatten the value")
        }
        lua_createtable(thread, Int32(clamping: table.array.count), Int32(clamping: table.fields.count))
        for (offset, element) in table.array.enumerated() {
            try push(element, on: thread, depth: depth + 1)
            lua_rawseti(thread, -2, lua_Integer(offset + 1))
        }
        for (key, element) in table.fields where element != .nil {
            switch key {
            case .string(let name): pushString(name, on: thread)
            case .integer(let index): lua_pushinteger(thread, index)
            }
            try push(element, on: thread, depth: depth + 1)
            lua_rawset(thread, -3)
        }
    }

    /// Pushes the values in order, after making room for them.
    func push(_ values: [LuaValue], on thread: OpaquePointer) throws {
        guard lua_checkstack(thread, Int32(clamping: values.count + 3)) != 0 else {
            throw LuaError.invalidUsage("too many values (\(values.count)) for the Lua stack: pass fewer")
        }
        for value in values { try push(value, on: thread) }
    }

    /// The value at `index` of `thread`'s stack, copied (tables) or anchored (functions, userdata).
    /// A copy that fails is a ``LuaError/invalidUsage(_:)`` naming where in the value it failed.
    func value(at index: Int32, on thread: OpaquePointer) throws -> LuaValue {
        do {
            return try copy(at: index, on: thread, depth: 0, budget: nil)
        } catch let error as LuaCopyError {
            throw LuaError.invalidUsage(error.description)
        }
    }

    /// The value at `index`, copied against `budget`, which other copies may share (strings too
    /// are charged): their total stays under its limit.
    func value(at index: Int32, on thread: OpaquePointer, budget: CopyBudget) throws -> LuaValue {
        do {
            return try copy(at: index, on: thread, depth: 0, budget: budget)
        } catch let error as LuaCopyError {
            throw LuaError.invalidUsage(error.description)
        }
    }

    /// The values from `first` to the top of `thread`'s stack.
    func values(from first: Int32, on thread: OpaquePointer) throws -> [LuaValue] {
        let top = lua_gettop(thread)
        guard first <= top else { return [] }
        return try (first...top).map { try value(at: $0, on: thread) }
    }

    /// Anchors the value at `index` in the registry.
    func reference(at index: Int32, on thread: OpaquePointer) -> LuaReference {
        lua_pushvalue(thread, index)
        let slot = luaL_ref(thread, kslua_registryindex())
        return LuaReference(slot: slot, owner: referenceOwner)
    }

    /// Copies the table at `index` with raw access (no `__index`/`__pairs`), charged against a fresh
    /// budget of the state's memory cap: a table shared many times over (`t = {a, a}` nested 40
    /// levels, 2⁴⁰ entries as a tree) fails at the cap instead of being built in Swift.
    ///
    /// - Throws: ``LuaCopyError`` with the path of the entry at fault.
    func table(at index: Int32, on thread: OpaquePointer) throws -> LuaTable {
        try copyTable(at: index, on: thread, depth: 0, budget: CopyBudget(limit: Int(clamping: limits.pointee.memory_limit)))
    }

    /// The value at `index`, copied at nesting `depth` against `budget` (nil: a top-level value,
    /// which gets its own budget if it is a table). Throws only ``LuaCopyError``.
    private func copy(at index: Int32, on thread: OpaquePointer, depth: Int, budget: CopyBudget?) throws -> LuaValue {
        switch lua_type(thread, index) {
        case LUA_TNIL, LUA_TNONE: return .nil
        case LUA_TBOOLEAN: return .boolean(lua_toboolean(thread, index) != 0)
        case LUA_TNUMBER:
            if lua_isinteger(thread, index) != 0 { return .integer(lua_tointegerx(thread, index, nil)) }
            return .number(lua_tonumberx(thread, index, nil))
        case LUA_TSTRING:
            let text = string(at: index, on: thread) ?? ""
            try budget?.charge(text.utf8.count)
            return .string(text)
        case LUA_TTABLE:
            let budget = budget ?? CopyBudget(limit: Int(clamping: limits.pointee.memory_limit))
            return .table(try copyTable(at: index, on: thread, depth: depth, budget: budget))
        case LUA_TFUNCTION: return .function(reference(at: index, on: thread))
        default:
            if let object = object(at: index, on: thread) { return .object(object) }
            return .userdata(reference(at: index, on: thread))
        }
    }

    /// Copies the table at `index`, `depth` tables deep. A table met again among the tables that
    /// enclose it is a cycle, reported at once rather than after `maximumDepth` copies of it.
    private func copyTable(at index: Int32, on thread: OpaquePointer, depth: Int, budget: CopyBudget) throws -> LuaTable {
        try budget.charge(CopyBudget.tableCost)
        let identity = lua_topointer(thread, index)
        if let ancestor = budget.enclosing.firstIndex(of: identity) {
            throw LuaCopyError(path: [], reason: .cycle(ancestor: ancestor))
        }
        budget.enclosing.append(identity)
        defer { budget.enclosing.removeLast() }
        guard depth < Self.maximumDepth else { throw LuaCopyError(path: [], reason: .tooDeep(limit: Self.maximumDepth)) }
        guard lua_checkstack(thread, 4) != 0 else { throw LuaCopyError(path: [], reason: .stackOverflow) }
        let tableIndex = lua_absindex(thread, index)
        var integers: [Int64: LuaValue] = [:]
        var fields: [LuaKey: LuaValue] = [:]
        lua_pushnil(thread)
        while lua_next(thread, tableIndex) != 0 {
            do {
                let key = try copyKey(on: thread, budget: budget)
                try budget.charge(CopyBudget.entryCost)
                let element: LuaValue
                do {
                    element = try copy(at: -1, on: thread, depth: depth + 1, budget: budget)
                } catch var error as LuaCopyError {
                    error.path.insert(key, at: 0)
                    throw error
                }
                switch key {
                case .string: fields[key] = element
                case .integer(let number): integers[number] = element
                }
            } catch {
                kslua_pop(thread, 2)
                throw error
            }
            kslua_pop(thread, 1)
        }
        var array: [LuaValue] = []
        while let next = integers.removeValue(forKey: Int64(array.count + 1)) { array.append(next) }
        for (key, element) in integers { fields[.integer(key)] = element }
        return LuaTable(array: array, fields: fields)
    }

    /// The key under the value on top of `thread` (at -2), charged against `budget`.
    private func copyKey(on thread: OpaquePointer, budget: CopyBudget) throws -> LuaKey {
        switch lua_type(thread, -2) {
        case LUA_TSTRING:
            let key = string(at: -2, on: thread) ?? ""
            try budget.charge(key.utf8.count)
            return .string(key)
        case LUA_TNUMBER where lua_isinteger(thread, -2) != 0:
            return .integer(lua_tointegerx(thread, -2, nil))
        default:
            throw LuaCopyError(path: [], reason: .keyType(String(cString: lua_typename(thread, lua_type(thread, -2)))))
        }
    }

    /// The string at `index` (which must be a string: numbers are not converted in place).
    func string(at index: Int32, on thread: OpaquePointer) -> String? {
        guard lua_type(thread, index) == LUA_TSTRING else { return nil }
        var length = 0
        guard let bytes = lua_tolstring(thread, index, &length) else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: bytes, count: length), as: UTF8.self)
    }

    /// Pushes a Swift string as a Lua string (embedded NULs kept).
    func pushString(_ string: String, on thread: OpaquePointer) {
        var string = string
        string.withUTF8 { bytes in
            _ = bytes.withMemoryRebound(to: CChar.self) { lua_pushlstring(thread, $0.baseAddress, $0.count) }
        }
    }
}
