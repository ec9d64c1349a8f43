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
    /// Position of the call in the batch, or of the function among its siblings for a child.
    let index: Int
    /// The coroutine.
    let thread: OpaquePointer
    /// Registry slot anchoring the coroutine while it runs.
    let slot: Int32
    /// Set by a binding that returned ``LuaReturn/suspend(_:)``; taken by the driver.
    var pending: LuaOperation?
    /// Set by `concurrently` (``LuaConcurrently``): the children to start when this coroutine
    /// yields, then waited for; cleared when the last one ends and this coroutine resumes.
    var family: LuaFamily?
    /// The instruction budget this coroutine draws on: its own, or shared with the coroutine that
    /// started it, so children never add budget.
    let budget: LuaTaskBudget
    /// The call's ``LuaCall/context`` (a child's is its parent's).
    let context: (any Sendable)?
    /// The coroutine waiting for this one's result (nil for the driver's own calls).
    let parent: LuaTask?
    /// How many `concurrently` calls this coroutine runs inside (0 for the driver's own calls).
    let depth: Int

    /// Bookkeeping for call `index`, running on `thread` anchored at registry `slot`; a child of
    /// `parent` shares its budget and context.
    init(index: Int, thread: OpaquePointer, slot: Int32, context: (any Sendable)? = nil, parent: LuaTask? = nil) {
        self.index = index
        self.thread = thread
        self.slot = slot
        self.parent = parent
        self.context = parent?.context ?? context
        budget = parent?.budget ?? LuaTaskBudget()
        depth = parent.map { $0.depth + 1 } ?? 0
    }
}

/// Instructions spent from one budget: a driver call's, which its `concurrently` children share
/// (one coroutine runs at a time, so one counter serves them all).
final class LuaTaskBudget {
    /// Instructions spent so far.
    var spent: Int64 = 0
    /// Whether the budget ran out (the hook then fires on every instruction of every sharer).
    var exceeded = false
}
