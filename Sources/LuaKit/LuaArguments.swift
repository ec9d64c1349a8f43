import CLuaShim

/// The arguments of a call from Lua into a ``LuaFunction``, read in place on the Lua stack.
///
/// Readers mirror `luaL_check*` / `luaL_opt*` but never raise: they throw ``LuaArgumentError``,
/// which Lua reports in its own words (`bad argument #2 to 'kms.create_key' (table expected, got
/// nil)`). Positions are 1-based, as in Lua; for methods, position 1 is the receiver.
public struct LuaArguments {
    /// The Lua thread (main state or coroutine) that made the call.
    @usableFromInline let thread: OpaquePointer
    /// The called function's record (kept alive by the state for as long as Lua can call it).
    unowned(unsafe) let record: LuaFunctionRecord<LuaFunction>

    /// Arguments of the call in progress on `thread`.
    init(thread: OpaquePointer, record: LuaFunctionRecord<LuaFunction>) {
        self.thread = thread
        self.record = record
    }

    private var state: LuaState { record.state }

    /// The calling coroutine's identity, stable while it lives: lets a binding tell which
    /// coroutine holds what it handed out.
    public var coroutineIdentity: UInt { UInt(bitPattern: Int(bitPattern: thread)) }

    /// The ``LuaCall/context`` of the driver coroutine making this call; nil on the main thread and
    /// in coroutines the script created itself.
    public var callContext: (any Sendable)? {
        guard let task = kslua_thread_task(thread) else { return nil }
        return Unmanaged<LuaTask>.fromOpaque(task).takeUnretainedValue().context
    }

    /// How many arguments the call passed.
    public var count: Int { Int(lua_gettop(thread)) }

    /// The full Lua name of the called function (`kms.create_key`).
    public var functionName: String { record.name }

    /// Where the Lua caller is (`chunk:line`), or nil when it is not Lua code (e.g. `pcall(f)`).
    public var callerPosition: String? {
        luaL_where(thread, 1)
        defer { kslua_pop(thread, 1) }
        guard let position = state.string(at: -1, on: thread), position.hasSuffix(": ") else { return nil }
        return String(position.dropLast(2))
    }

    /// Any argument as a ``LuaValue`` (`.nil` when absent).
    public func value(_ position: Int) throws -> LuaValue {
        do {
            return try state.value(at: Int32(position), on: thread)
        } catch let error as LuaError {
            throw LuaArgumentError(position: position, message: error.message)
        }
    }

    /// A string argument (numbers are accepted and formatted as Lua does, like `luaL_checkstring`).
    public func string(_ position: Int) throws -> String {
        let index = Int32(position)
        switch lua_type(thread, index) {
        case LUA_TSTRING:
            return state.string(at: index, on: thread) ?? ""
        case LUA_TNUMBER:
            lua_pushvalue(thread, index)
            defer { kslua_pop(thread, 1) }
            var length = 0
            let bytes = lua_tolstring(thread, -1, &length)
            return String(decoding: UnsafeRawBufferPointer(start: bytes, count: length), as: UTF8.self)
        default:
            throw mismatch(position, expected: "string")
        }
    }

    /// An integer argument (`luaL_checkinteger`: integral floats and numeric strings convert).
    /// Inlinable because hot bindings read integers on every call.
    @inlinable
    public func integer(_ position: Int) throws -> Int64 {
        var isInteger: Int32 = 0
        let result = lua_tointegerx(thread, Int32(truncatingIfNeeded: position), &isInteger)
        if isInteger != 0 { return result }
        throw integerError(position)
    }

    /// The error for a non-integer argument: Lua's two wordings, kept out of the inlined path.
    @usableFromInline
    func integerError(_ position: Int) -> LuaArgumentError {
        if lua_type(thread, Int32(position)) == LUA_TNUMBER {
            return LuaArgumentError(position: position, message: "number has no integer representation")
        }
        return mismatch(position, expected: "number")
    }

    /// A number argument (`luaL_checknumber`). Inlinable, like ``integer(_:)``.
    @inlinable
    public func number(_ position: Int) throws -> Double {
        var isNumber: Int32 = 0
        let result = lua_tonumberx(thread, Int32(truncatingIfNeeded: position), &isNumber)
        if isNumber != 0 { return result }
        throw mismatch(position, expected: "number")
    }

    /// A boolean argument; nil and absent read as false, other non-booleans are refused.
    public func boolean(_ position: Int) throws -> Bool {
        switch lua_type(thread, Int32(position)) {
        case LUA_TBOOLEAN: return lua_toboolean(thread, Int32(position)) != 0
        case LUA_TNIL, LUA_TNONE: return false
        default: throw mismatch(position, expected: "boolean")
        }
    }

    /// A table argument, copied into Swift.
    public func table(_ position: Int) throws -> LuaTable {
        try table(position) { LuaArgumentError(position: position, message: $0.description) }
    }

    /// A table argument, copied into Swift; a copy that fails (a cycle, too deep, too large) is
    /// reported as `describe` says, given where in the table it failed, so a binding can name the
    /// field at fault in its own terms.
    public func table(_ position: Int, describingCopyError describe: (LuaCopyError) -> LuaArgumentError) throws -> LuaTable {
        guard lua_type(thread, Int32(position)) == LUA_TTABLE else { throw mismatch(position, expected: "table") }
        do {
            return try state.table(at: Int32(position), on: thread)
        } catch let error as LuaCopyError {
            throw describe(error)
        }
    }

    /// A function argument, anchored so Swift can call it later with ``call(_:_:)``.
    public func function(_ position: Int) throws -> LuaReference {
        guard lua_type(thread, Int32(position)) == LUA_TFUNCTION else { throw mismatch(position, expected: "function") }
        return state.reference(at: Int32(position), on: thread)
    }

    /// A ``LuaObject`` argument of type `type`.
    public func object<Object: LuaObject>(_ position: Int, as type: Object.Type = Object.self) throws -> Object {
        guard let object = state.object(at: Int32(position), on: thread) as? Object else {
            throw mismatch(position, expected: Object.luaTypeName)
        }
        return object
    }

    /// What Lua's `tostring` gives for the argument (running `__tostring`), for messages and logs.
    /// A failing `__tostring` throws its Lua error.
    public func displayString(_ position: Int) throws -> String {
        let status = kslua_tolstring(thread, Int32(position))
        defer { kslua_pop(thread, 1) }
        guard status == LUA_OK else { throw state.error(status: status, on: thread, traceback: nil) }
        return state.string(at: -1, on: thread) ?? ""
    }

    /// Whether the argument is absent or nil (`lua_isnoneornil`).
    public func isNil(_ position: Int) -> Bool { kslua_isnoneornil(thread, Int32(position)) != 0 }

    /// ``string(_:)``, or nil when the argument is absent or nil.
    public func optionalString(_ position: Int) throws -> String? { isNil(position) ? nil : try string(position) }
    /// ``integer(_:)``, or nil when the argument is absent or nil.
    public func optionalInteger(_ position: Int) throws -> Int64? { isNil(position) ? nil : try integer(position) }
    /// ``number(_:)``, or nil when the argument is absent or nil.
    public func optionalNumber(_ position: Int) throws -> Double? { isNil(position) ? nil : try number(position) }
    /// ``boolean(_:)``, or nil when the argument is absent or nil.
    public func optionalBoolean(_ position: Int) throws -> Bool? { isNil(position) ? nil : try boolean(position) }
    /// ``table(_:)``, or nil when the argument is absent or nil.
    public func optionalTable(_ position: Int) throws -> LuaTable? { isNil(position) ? nil : try table(position) }
    /// ``table(_:describingCopyError:)``, or nil when the argument is absent or nil.
    public func optionalTable(
        _ position: Int, describingCopyError describe: (LuaCopyError) -> LuaArgumentError
    ) throws -> LuaTable? {
        isNil(position) ? nil : try table(position, describingCopyError: describe)
    }
    /// ``function(_:)``, or nil when the argument is absent or nil.
    public func optionalFunction(_ position: Int) throws -> LuaReference? { isNil(position) ? nil : try function(position) }

    /// Calls a Lua function from inside a binding (protected, memory cap enforced while Lua runs).
    /// A Lua error comes back as ``LuaError``; rethrowing it re-raises the same value in Lua.
    public func call(_ function: LuaReference, _ arguments: [LuaValue] = []) throws -> [LuaValue] {
        try state.protectedCall(function, arguments, on: thread)
    }

    /// The standard type-mismatch error for the argument at `position`.
    public func mismatch(_ position: Int, expected: String) -> LuaArgumentError {
        .typeMismatch(position: position, expected: expected, got: state.typeName(at: Int32(position), on: thread))
    }
}

extension LuaState {
    /// Lua's name for the type at `index`, as `luaL_typeerror` spells it: `no value` past the top,
    /// the metatable's `__name` for named userdata.
    func typeName(at index: Int32, on thread: OpaquePointer) -> String {
        let type = lua_type(thread, index)
        if type == LUA_TNONE { return "no value" }
        if type == LUA_TUSERDATA, let object = object(at: index, on: thread) {
            return Swift.type(of: object).luaTypeName
        }
        if type == LUA_TLIGHTUSERDATA { return "light userdata" }
        return String(cString: lua_typename(thread, type))
    }
}
