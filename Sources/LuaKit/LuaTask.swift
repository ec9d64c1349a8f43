/// A Lua function and the arguments to run it with as one coroutine of the driver.
public struct LuaCall: Sendable {
    /// The function to run (from ``LuaState/load(_:chunkName:)``, a global, or a returned value).
    public var function: LuaReference
    /// Its arguments.
    public var arguments: [LuaValue]
    /// What the caller attaches to this coroutine: bindings it calls read it as
    /// ``LuaArguments/callContext`` (which target and step a cloud call belongs to).
    public var context: (any Sendable)?

    /// A call of `function` with `arguments`, optionally carrying `context` for its bindings.
    public init(_ function: LuaReference, arguments: [LuaValue] = [], context: (any Sendable)? = nil) {
        self.function = function
        self.arguments = arguments
        self.context = context
    }
}

/// The driver's bookkeeping for one coroutine. Its address sits in the thread's extra space, which
/// is how a suspending binding finds where to leave its pending operation (and how it tells the
/// driver's coroutines from ones the script created: those copy the main thread's NULL).
final class LuaTask {
    /// Position of the call in the batch.
    let index: Int
    /// The coroutine.
    let thread: OpaquePointer
    /// Registry slot anchoring the coroutine while it runs.
    let slot: Int32
    /// Set by a binding that returned ``LuaReturn/suspend(_:)``; taken by the driver.
    var pending: (@Sendable () async throws -> [LuaValue])?
    /// Instructions this coroutine has spent so far (its own budget).
    var instructionsSpent: Int64 = 0
    /// Whether this coroutine ran out of budget (the hook then fires on every instruction).
    var budgetExceeded = false
    /// The call's ``LuaCall/context``.
    let context: (any Sendable)?

    /// Bookkeeping for call `index`, running on `thread` anchored at registry `slot`.
    init(index: Int, thread: OpaquePointer, slot: Int32, context: (any Sendable)? = nil) {
        self.index = index
        self.thread = thread
        self.slot = slot
        self.context = context
    }
}
