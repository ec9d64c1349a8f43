import CLuaShim

/// The C trampoline's only way into Swift: finds the record of the called function and runs it.
/// Never raises; it returns a result count or a `KSLUA_STATUS_*` for the trampoline to act on.
/// Exported under a C name so the trampoline calls it directly (no function pointer, no thunk).
@_cdecl("kslua_swift_dispatch")
func luaKitDispatch(_ thread: OpaquePointer, _ record: UnsafeMutableRawPointer) -> Int32 {
    Unmanaged<LuaFunctionRecord<LuaFunction>>.fromOpaque(record)._withUnsafeGuaranteedRef {
        LuaFunctionRecord.invoke($0, on: thread)
    }
}

/// One registered Swift function. Lua points at it with a light userdata; the state keeps it
/// alive until after `lua_close`.
///
/// Why a final class with `let`s reached through `_withUnsafeGuaranteedRef`: the dispatcher then
/// calls the closure without retain/release. Why generic: a generic stored property keeps the
/// closure at the abstraction it had inside the module's dictionary, so calling it needs no
/// reabstraction thunk (registration copies it generically, see ``LuaState/register(_:)``).
final class LuaFunctionRecord<Function> {
    /// The function's full Lua name (`kms.create_key`), used in suspension errors.
    let name: String
    /// The Swift function (a ``LuaFunction``), stored at the dictionary's abstraction.
    let function: Function
    /// The owning state, which outlives every record it holds.
    unowned(unsafe) let state: LuaState
    /// The state's limits, cached so the hot path reaches `in_host` without going through `state`.
    let limits: UnsafeMutablePointer<kslua_limits>

    /// A record for `function`, registered under `name` in `state`.
    init(name: String, function: Function, state: LuaState, limits: UnsafeMutablePointer<kslua_limits>) {
        self.name = name
        self.function = function
        self.state = state
        self.limits = limits
    }
}

extension LuaFunctionRecord where Function == LuaFunction {
    /// Runs the function with the memory cap lifted and turns its outcome into a status.
    /// Not inlined into the dispatcher's closure, so that closure inlines and `record` arrives
    /// as a guaranteed (unretained) parameter.
    @inline(never)
    static func invoke(_ record: LuaFunctionRecord<LuaFunction>, on thread: OpaquePointer) -> Int32 {
        let limits = record.limits
        limits.pointee.in_host &+= 1
        defer { limits.pointee.in_host &-= 1 }
        var arguments = LuaArguments(thread: thread, record: record)
        do {
            switch try record.function(&arguments) {
            case .none:
                return 0
            case .value(let value):
                // Scalars skip lua_checkstack: Lua guarantees LUA_MINSTACK free slots to a C function.
                switch value {
                case .integer(let integer): lua_pushinteger(thread, integer)
                case .number(let number): lua_pushnumber(thread, number)
                case .boolean(let boolean): lua_pushboolean(thread, boolean ? 1 : 0)
                case .nil: lua_pushnil(thread)
                default: try record.state.push(value, on: thread)
                }
                return 1
            case .values(let values):
                try record.state.push(values, on: thread)
                return Int32(values.count)
            case .suspend(let operation):
                return suspend(record, thread) { .values(try await operation()) }
            case .suspendPacked(let operation):
                return suspend(record, thread) { .packed(try await operation()) }
            }
        } catch {
            return record.state.pushRaisable(error, on: thread)
        }
    }

    private static func suspend(
        _ record: LuaFunctionRecord<LuaFunction>,
        _ thread: OpaquePointer,
        _ operation: @escaping LuaOperation
    ) -> Int32 {
        guard lua_isyieldable(thread) != 0, let task = kslua_thread_task(thread) else {
            record.state.pushString(cannotSuspend(record.name), on: thread)
            return KSLUA_STATUS_ERROR
        }
        Unmanaged<LuaTask>.fromOpaque(task).takeUnretainedValue().pending = operation
        return KSLUA_STATUS_YIELD
    }

    /// Why function `name` cannot suspend where it was called, and where to call it from instead.
    static func cannotSuspend(_ name: String) -> String {
        "\(name) cannot suspend here: it waits for a Swift operation, which only works "
            + "in the coroutine the runner gave the playbook; call it from the playbook's function, not "
            + "inside table.sort/string.gsub callbacks, metamethods called from C, the top level of a "
            + "required file, or a coroutine the script created itself (coroutine.wrap/create)"
    }
}

extension LuaState {
    /// Pushes the Lua form of a Swift error and returns the status that raises it: argument errors
    /// go to `luaL_argerror`, error objects become marked tables, a ``LuaError`` from Lua is
    /// re-raised unchanged, anything else becomes `chunk:line: description`.
    func pushRaisable(_ error: any Error, on thread: OpaquePointer) -> Int32 {
        _ = lua_checkstack(thread, 4)
        switch error {
        case let error as LuaArgumentError:
            lua_pushinteger(thread, lua_Integer(error.position))
            pushString(error.message, on: thread)
            return KSLUA_STATUS_ARGERROR
        case let luaError as LuaError:
            switch luaError {
            case .runtime(let message, _, .table(let fields)):
                pushErrorObject(fields, message: message, on: thread)
            case .runtime(_, _, let value) where value != .nil:
                do { try push(value, on: thread) } catch { pushString(luaError.message, on: thread) }
            case .memory:
                pushString("not enough memory", on: thread)
            case .invalidUsage(let message):
                pushString(message, on: thread)
                return KSLUA_STATUS_ERROR
            default:
                pushString(luaError.message, on: thread)
            }
            return KSLUA_STATUS_RAISE
        case let error as any LuaErrorObject:
            pushErrorObject(error.luaFields, message: error.luaMessage, on: thread)
            return KSLUA_STATUS_RAISE
        default:
            pushString(String(describing: error), on: thread)
            return KSLUA_STATUS_ERROR
        }
    }

    /// Pushes an error table with a `__tostring` returning `message`.
    func pushErrorObject(_ fields: LuaTable, message: String, on thread: OpaquePointer) {
        do {
            try push(.table(fields), on: thread)
        } catch {
            lua_createtable(thread, 0, 1)
        }
        var message = message
        message.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { kslua_mark_error_object(thread, $0.baseAddress, $0.count) }
        }
    }
}
