/// A Swift class whose instances Lua sees as full userdata with a per-type metatable.
///
/// Lua holds one retain per userdata and releases it exactly once from `__gc`. Methods are called
/// with colon syntax (`obj:name(…)`); argument 1 is the object itself, as in Lua's C API, so
/// argument errors number arguments the way Lua users expect.
///
/// ```swift
/// final class Counter: LuaObject {
///     static let luaTypeName = "Counter"
///     static var luaMethods: [String: LuaMethod<Counter>] {
///         ["value": { counter, _ in .value(.integer(counter.value)) }]
///     }
///     let value: Int64 = 0
/// }
/// ```
public protocol LuaObject: AnyObject, Sendable {
    /// The metatable's `__name`: shown by `tostring` and in argument errors (`Counter expected`).
    static var luaTypeName: String { get }
    /// Methods reachable through `__index`, by Lua name.
    static var luaMethods: [String: LuaMethod<Self>] { get }
    /// What `tostring(obj)` returns.
    var luaDescription: String { get }
}

/// A method of a ``LuaObject`` type: the receiver plus the call's arguments (receiver at #1).
public typealias LuaMethod<Object> = (Object, inout LuaArguments) throws -> LuaReturn

extension LuaObject {
    /// No methods unless the type provides some.
    public static var luaMethods: [String: LuaMethod<Self>] { [:] }
    /// The type name, as Lua prints userdata it knows nothing about.
    public var luaDescription: String { Self.luaTypeName }
}
