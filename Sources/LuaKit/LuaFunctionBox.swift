import CLuaShim

/// The C trampoline's only way into Swift: finds the box of the called function and runs it.
/// Never raises; it returns a result count or a `KSLUA_STATUS_*` for the trampoline to act on.
let luaKitDispatch: kslua_dispatch_fn = { thread, box in
    Unmanaged<LuaFunctionBox>.fromOpaque(box!)._withUnsafeGuaranteedRef { $0.invoke(on: thread!) }
}

/// One registered Swift function. Lua holds a light-userdata pointer to the box; the state keeps
/// the box alive. Fields are `unowned(unsafe)` and pointers so the hot path does no ARC traffic.
final class LuaFunctionBox {
    /// The function's full Lua name (`kms.create_key`), used in suspension errors.
    let name: String
    let function: LuaFunction
    unowned(unsafe) let state: LuaState
    let limits: UnsafeMutablePointer<kslua_limits>

    init(name: String, function: @escaping LuaFunction, state: LuaState) {
        self.name = name
        self.function = function
        self.state = state
        self.limits = state.limits
    }

    /// An unretained pointer for the closure's upvalue.
    var opaquePointer: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    /// Runs the function with the memory cap lifted and turns its outcome into a status.
    @inline(__always)
    func invoke(on thread: OpaquePointer) -> Int32 {
        limits.pointee.in_host += 1
        defer { limits.pointee.in_host -= 1 }
        var arguments = LuaArguments(thread: thread, box: self)
        do {
            switch try function(&arguments) {
            case .none:
                return 0
            case .value(let value):
                try state.push(value, on: thread)
                return 1
            case .values(let values):
                try state.push(values, on: thread)
                return Int32(values.count)
            case .suspend(let operation):
                return suspend(thread, operation)
            }
        } catch {
            return state.pushRaisable(error, on: thread)
        }
    }

    private func suspend(_ thread: OpaquePointer, _ operation: @escaping @Sendable () async throws -> [LuaValue]) -> Int32 {
        guard lua_isyieldable(thread) != 0, let task = kslua_thread_task(thread) else {
            state.pushString(
                "\(name) cannot suspend here: it waits for a Swift operation, which only works in the "
                    + "coroutine the runner gave the playbook; call it from the playbook's function, not inside "
                    + "table.sort/string.gsub callbacks, metamethods called from C, the top level of a required "
                    + "file, or a coroutine the script created itself (coroutine.wrap/create)",
                on: thread)
            return KSLUA_STATUS_ERROR
        }
        Unmanaged<LuaTask>.fromOpaque(task).takeUnretainedValue().pending = operation
        return KSLUA_STATUS_YIELD
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
