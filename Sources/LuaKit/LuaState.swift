import CLuaShim
import Foundation

/// One Lua 5.4 state, sandboxed and limited, with Swift modules registered into it.
///
/// A `LuaState` is not Sendable: it belongs to the isolation domain that created it (an actor, the
/// main actor, or a task) and Swift 6's region checking keeps it there. The async driver
/// ``runConcurrently(_:isolation:)`` runs on the caller's isolation too, so many coroutines of the
/// state interleave on one executor and never run in parallel.
///
/// Every call into Lua goes through `lua_pcall` or `lua_resume`; Swift functions registered with
/// ``register(_:)`` return a status to a C trampoline, which raises or yields only after the Swift
/// frame has returned.
public final class LuaState {
    /// The main thread of the state.
    let L: OpaquePointer
    /// Allocator and hook bookkeeping shared with C (allocated here, freed after `lua_close`).
    let limits: UnsafeMutablePointer<kslua_limits>
    /// The options the state was created with.
    public let options: Options
    /// Collects registry slots of dropped references.
    let referenceOwner = LuaReferenceOwner()
    /// Every registered function's record, alive as long as Lua may call it.
    var functionRecords: [LuaFunctionRecord<LuaFunction>] = []
    /// Registry slots of the metatables made for ``LuaObject`` types.
    var objectMetatables: [ObjectIdentifier: Int32] = [:]

    /// Creates a state with the sandbox and limits of `options`.
    ///
    /// - Throws: ``LuaError/invalidUsage(_:)`` for a non-positive limit or a plugin path, readable
    ///   path or base directory that is not a folder.
    public init(options: Options = Options()) throws {
        if let limit = options.memoryLimit, limit <= 0 {
            throw LuaError.invalidUsage("memory limit \(limit) is not positive: pass a size in bytes, or nil for no cap")
        }
        if let limit = options.instructionLimit, limit <= 0 {
            throw LuaError.invalidUsage("instruction limit \(limit) is not positive: pass a count, or nil for no budget")
        }
        let pluginRoots = try Self.resolvedFolders(options.pluginPaths, purpose: "plugin path")
        let readableRoots = try Self.resolvedFolders(options.readablePaths, purpose: "readable path")
        let baseFolder =
            try options.baseDirectory.map { try Self.resolvedFolders([$0], purpose: "base directory")[0] }
            ?? readableRoots.first

        self.options = options
        limits = .allocate(capacity: 1)
        limits.initialize(to: kslua_limits())
        limits.pointee.in_host = 1
        guard let state = kslua_newstate(limits) else {
            limits.deallocate()
            throw LuaError.memory(limit: 0)
        }
        L = state

        pushStringArray(pluginRoots)
        pushStringArray(readableRoots)
        if let baseFolder { pushString(baseFolder, on: L) } else { lua_pushnil(L) }
        let status = kslua_open_sandbox(L, options.sandbox == .trusted ? 1 : 0)
        if status != LUA_OK {
            let message = string(at: -1, on: L) ?? "unknown error"
            kslua_pop(L, 1)
            throw LuaError.invalidUsage("could not set up the Lua sandbox: \(message)")
        }
        limits.pointee.memory_limit = options.memoryLimit.map { $0 } ?? 0
        limits.pointee.instruction_limit = Int64(options.instructionLimit ?? 0)
    }

    deinit {
        referenceOwner.close()
        lua_close(L)
        limits.deallocate()
    }

    /// The current stack height of the main thread; every LuaKit operation leaves it unchanged.
    package var stackTop: Int32 { lua_gettop(L) }

    /// Bytes the state has allocated right now.
    public var memoryInUse: Int { Int(limits.pointee.memory_used) }

    /// Absolute, symlink-free paths of folders, or an error naming the bad one.
    private static func resolvedFolders(_ urls: [URL], purpose: String) throws -> [String] {
        try urls.map { url in
            // realpath, as the C side uses, so the sandbox compares canonical paths with canonical roots.
            var isFolder: ObjCBool = false
            guard let canonical = realpath(url.standardizedFileURL.path, nil) else {
                throw LuaError.invalidUsage("\(purpose) '\(url.path)' is not a folder: pass an existing directory")
            }
            defer { free(canonical) }
            let path = String(cString: canonical)
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
                throw LuaError.invalidUsage("\(purpose) '\(url.path)' is not a folder: pass an existing directory")
            }
            return path
        }
    }

    private func pushStringArray(_ strings: [String]) {
        lua_createtable(L, Int32(strings.count), 0)
        for (index, string) in strings.enumerated() {
            pushString(string, on: L)
            lua_rawseti(L, -2, lua_Integer(index + 1))
        }
    }

    /// Sets global `name` to a table of the stock Lua functions the budget guards replaced (string
    /// find/match/gmatch/gsub/rep, table insert/remove/move/concat/unpack/sort, utf8 len/offset as
    /// `utf8_len`/`utf8_offset`), so tests can compare them with the guarded ones. Returns false
    /// when Lua could not do it (out of memory).
    func exposeStockFunctions(as name: String) -> Bool {
        kslua_expose_stock(L, name) == LUA_OK
    }

    /// Frees registry slots of references dropped since the last operation.
    func releaseDroppedReferences() {
        for slot in referenceOwner.takeReleased() {
            luaL_unref(L, kslua_registryindex(), slot)
        }
    }

    /// Resets the limit counters for a new run on `thread`.
    func beginRun(on thread: OpaquePointer, spent: Int64 = 0, exceeded: Bool = false) {
        limits.pointee.instructions_spent = spent
        limits.pointee.budget_exceeded = exceeded ? 1 : 0
        limits.pointee.memory_refused = 0
        kslua_arm_budget(thread)
    }
}
