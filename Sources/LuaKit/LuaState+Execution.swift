import CLuaShim
import Foundation

extension LuaState {
    /// Compiles text-only source into a function without running it.
    ///
    /// - Parameter chunkName: shown in messages and tracebacks (`name:3: …`), usually a file name.
    /// - Throws: ``LuaError/syntax(message:)``, or ``LuaError/memory(limit:)`` for a huge source.
    public func load(_ source: String, chunkName: String) throws -> LuaReference {
        releaseDroppedReferences()
        try loadChunk(source, chunkID: "=" + chunkName)
        defer { kslua_pop(L, 1) }
        return reference(at: -1, on: L)
    }

    /// Compiles and runs `source` with `arguments` as `...`, returning the chunk's results.
    public func execute(_ source: String, chunkName: String, arguments: [LuaValue] = []) throws -> [LuaValue] {
        releaseDroppedReferences()
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        try loadChunk(source, chunkID: "=" + chunkName)
        beginRun(on: L)
        return try callFunctionOnTop(arguments, on: L)
    }

    /// Reads and runs a Lua file; messages name it by the path as given (`path/file.lua:3: …`).
    public func executeFile(_ url: URL, arguments: [LuaValue] = []) throws -> [LuaValue] {
        releaseDroppedReferences()
        let source = try Self.source(of: url)
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        try loadChunk(source, chunkID: "@" + url.relativePath)
        beginRun(on: L)
        return try callFunctionOnTop(arguments, on: L)
    }

    /// Compiles a Lua file into a function, named by its path as given.
    public func loadFile(_ url: URL) throws -> LuaReference {
        releaseDroppedReferences()
        let source = try Self.source(of: url)
        try loadChunk(source, chunkID: "@" + url.relativePath)
        defer { kslua_pop(L, 1) }
        return reference(at: -1, on: L)
    }

    /// Calls a Lua function synchronously with a fresh instruction budget. A binding that tries to
    /// suspend fails with a Lua error here; use ``runConcurrently(_:isolation:)`` for those.
    public func call(_ function: LuaReference, arguments: [LuaValue] = []) throws -> [LuaValue] {
        releaseDroppedReferences()
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        try push(function, on: L)
        beginRun(on: L)
        return try callFunctionOnTop(arguments, on: L)
    }

    /// Registers a module: a global table of Swift functions, also stored in `package.loaded`.
    ///
    /// - Throws: ``LuaError/invalidUsage(_:)`` when a name is not a Lua identifier.
    public func register(_ module: LuaModule) throws {
        releaseDroppedReferences()
        try Self.checkIdentifier(module.name, what: "module name")
        for name in module.functions.keys { try Self.checkIdentifier(name, what: "function name in module '\(module.name)'") }
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        lua_createtable(L, 0, Int32(clamping: module.functions.count))
        for (name, record) in makeRecords(module.functions, prefix: "\(module.name).") {
            pushString(name, on: L)
            pushRecord(record, on: L)
            lua_rawset(L, -3)
        }
        setRegistryField("_LOADED", key: module.name, valueAt: -1)
        lua_rawgeti(L, kslua_registryindex(), lua_Integer(LUA_RIDX_GLOBALS))
        pushString(module.name, on: L)
        lua_pushvalue(L, -3)
        lua_rawset(L, -3)
    }

    /// Sets a global variable (raw: a metatable on `_G` is bypassed).
    public func setGlobal(_ name: String, _ value: LuaValue) throws {
        releaseDroppedReferences()
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        lua_rawgeti(L, kslua_registryindex(), lua_Integer(LUA_RIDX_GLOBALS))
        pushString(name, on: L)
        try push(value, on: L)
        lua_rawset(L, -3)
    }

    /// Reads a global variable (raw).
    public func global(_ name: String) throws -> LuaValue {
        releaseDroppedReferences()
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        lua_rawgeti(L, kslua_registryindex(), lua_Integer(LUA_RIDX_GLOBALS))
        pushString(name, on: L)
        lua_rawget(L, -2)
        return try value(at: -1, on: L)
    }

    /// Pushes a Lua function that runs `function` through the trampoline.
    func pushFunction(_ function: @escaping LuaFunction, named name: String, on thread: OpaquePointer) {
        pushRecord(LuaFunctionRecord(name: name, function: function, state: self, limits: limits), on: thread)
    }

    /// Records for a module's functions, sorted by name. Generic so the closures are copied at
    /// the dictionary's abstraction and need no thunk when called (see ``LuaFunctionRecord``).
    private func makeRecords<Function>(
        _ functions: [String: Function], prefix: String
    ) -> [(String, LuaFunctionRecord<Function>)] {
        functions.sorted { $0.key < $1.key }.map { name, function in
            (name, LuaFunctionRecord(name: prefix + name, function: function, state: self, limits: limits))
        }
    }

    /// Keeps the record and pushes the trampoline closure pointing at it.
    private func pushRecord(_ record: LuaFunctionRecord<LuaFunction>, on thread: OpaquePointer) {
        functionRecords.append(record)
        kslua_push_function(thread, Unmanaged.passUnretained(record).toOpaque())
    }

    /// Calls the function under `arguments`-less top of `thread` in protected mode (used by
    /// bindings calling back into Lua); balanced, rethrows Lua errors as ``LuaError``.
    func protectedCall(_ function: LuaReference, _ arguments: [LuaValue], on thread: OpaquePointer) throws -> [LuaValue] {
        let top = lua_gettop(thread)
        defer { lua_settop(thread, top) }
        try push(function, on: thread)
        return try callFunctionOnTop(arguments, on: thread)
    }

    /// Pushes `arguments`, pcalls the function below them and converts its results.
    private func callFunctionOnTop(_ arguments: [LuaValue], on thread: OpaquePointer) throws -> [LuaValue] {
        let base = lua_gettop(thread) - 1
        try push(arguments, on: thread)
        let status = kslua_pcall(thread, Int32(arguments.count), LUA_MULTRET)
        guard status == LUA_OK else {
            kslua_take_traceback(thread)
            let traceback = string(at: -1, on: thread)
            kslua_pop(thread, 1)
            throw error(status: status, on: thread, traceback: traceback)
        }
        return try values(from: base + 1, on: thread)
    }

    /// Loads a chunk onto the main stack or throws its syntax/memory error (stack unchanged).
    private func loadChunk(_ source: String, chunkID: String) throws {
        var source = source
        let status = source.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { kslua_load_text(L, $0.baseAddress, $0.count, chunkID) }
        }
        guard status == LUA_OK else {
            let failure = error(status: status, on: L, traceback: nil)
            kslua_pop(L, 1)
            throw failure
        }
    }

    /// The ``LuaError`` for a failed status, reading the error value on top of `thread`.
    func error(status: Int32, on thread: OpaquePointer, traceback: String?) -> LuaError {
        if limits.pointee.budget_exceeded != 0 {
            return .budget(limit: Int(limits.pointee.instruction_limit))
        }
        if status == LUA_ERRMEM {
            return .memory(limit: Int(limits.pointee.memory_limit))
        }
        let converted = try? value(at: -1, on: thread)
        let value = converted ?? .nil
        var message = errorMessage(at: -1, value: value, on: thread)
        if converted == nil, lua_type(thread, -1) != LUA_TNIL {
            // A value too large to copy into Swift is not nil: say what it is instead.
            let kind = String(cString: lua_typename(thread, lua_type(thread, -1)))
            message = "(error object is a \(kind) value too large to copy under the memory cap)"
        }
        if status == LUA_ERRSYNTAX { return .syntax(message: message) }
        return .runtime(message: message, traceback: traceback, value: value)
    }

    /// The text of an error value: the string, an error object's `__tostring` text, or a table's
    /// `code`/`message` fields.
    private func errorMessage(at index: Int32, value: LuaValue, on thread: OpaquePointer) -> String {
        switch value {
        case .string(let text):
            return text
        case .table(let table):
            if kslua_is_error_object(thread, index) != 0 {
                kslua_push_error_text(thread, index)
                defer { kslua_pop(thread, 1) }
                if let text = string(at: -1, on: thread) { return text }
            }
            switch (table["code"].stringValue, table["message"].stringValue) {
            case (let code?, let message?): return "\(code): \(message)"
            case (nil, let message?): return message
            case (let code?, nil): return code
            default: return "(error object is a table value)"
            }
        case .nil:
            return "(error object is a nil value)"
        default:
            return "(error object is a \(value.typeName) value)"
        }
    }

    /// Sets `registry[table][key]` to the value at `index` (raw; used for `package.loaded`).
    private func setRegistryField(_ table: String, key: String, valueAt index: Int32) {
        let value = lua_absindex(L, index)
        pushString(table, on: L)
        lua_rawget(L, kslua_registryindex())
        pushString(key, on: L)
        lua_pushvalue(L, value)
        lua_rawset(L, -3)
        kslua_pop(L, 1)
    }

    private static func checkIdentifier(_ name: String, what: String) throws {
        let isIdentifier =
            name.first.map { $0 == "_" || ($0.isASCII && $0.isLetter) } == true
            && name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
        guard isIdentifier else {
            throw LuaError.invalidUsage(
                "\(what) '\(name)' is not a Lua identifier: use letters, digits and '_', not starting with a digit")
        }
    }

    private static func source(of url: URL) throws -> String {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw LuaError.invalidUsage("cannot read Lua file '\(url.relativePath)': check that it exists and is readable")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
