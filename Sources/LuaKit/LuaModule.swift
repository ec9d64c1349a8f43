/// A Swift function callable from Lua. It reads its arguments through ``LuaArguments`` and returns
/// values, or suspends its coroutine on an async operation; throwing raises a Lua error at the
/// caller (after this Swift frame has returned, so `defer` and `deinit` run).
public typealias LuaFunction = (inout LuaArguments) throws -> LuaReturn

/// A named table of Swift functions, registered as a global *and* in `package.loaded`, so
/// `require "kms"` works and argument errors name the function `kms.create_key`.
public struct LuaModule {
    /// The global and module name (a Lua identifier).
    public var name: String
    /// The module's functions by Lua name (Lua identifiers, snake_case by convention).
    public var functions: [String: LuaFunction]

    /// A module from its name and function table.
    public init(name: String, functions: [String: LuaFunction]) {
        self.name = name
        self.functions = functions
    }
}

/// What a ``LuaFunction`` hands back to Lua.
public enum LuaReturn {
    /// No results.
    case none
    /// One result (no array allocation: the cheap path for hot bindings).
    case value(LuaValue)
    /// Several results, in order.
    case values([LuaValue])
    /// Suspend the calling coroutine until the operation finishes: its results become the
    /// function's results, its error is raised at the call site. Only valid inside a coroutine
    /// run by ``LuaState/runConcurrently(_:isolation:)``; elsewhere the call fails with a Lua error
    /// that explains where to call it from.
    case suspend(@Sendable () async throws -> [LuaValue])
    /// Like ``suspend(_:)``, for an operation that hands back one value packed off the state's
    /// executor (``LuaPackedValue``), which the driver pushes without building a ``LuaValue``.
    case suspendPacked(@Sendable () async throws -> LuaPackedValue)
}

/// What a suspended operation hands the driver to push: values, or one packed value.
enum LuaResults: Sendable {
    case values([LuaValue])
    case packed(LuaPackedValue)
}

/// A suspended binding's operation, as the driver runs it.
typealias LuaOperation = @Sendable () async throws -> LuaResults
