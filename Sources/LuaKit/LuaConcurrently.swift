import CLuaShim

/// `concurrently(f1, …, fn)`: runs functions of one driver coroutine as coroutines of their own, all
/// at once, and returns their first results once every one has ended. Register ``function`` under
/// the name scripts call it by (its messages use that name).
///
/// The children carry the caller's ``LuaCall/context`` and draw on its instruction budget (one
/// account for the caller and everything it starts, so nesting never adds budget). Results come
/// back copied, like a binding's: tables as copies without metatables, functions as themselves; a
/// function hands anything else back by assigning an upvalue of the caller.
public enum LuaConcurrently {
    /// Most functions one call runs.
    public static let maximumFunctions = 16
    /// How many calls may nest: a function run by `concurrently` may call it again, and its own
    /// functions may not, so one call starts at most 16 + 16 × 16 coroutines.
    public static let maximumDepth = 2

    /// The Lua function. It suspends its caller, so it works only in a driver coroutine, like any
    /// suspending binding; elsewhere it raises the same explanation.
    public static var function: LuaFunction {
        { arguments in
            let count = arguments.count
            guard count <= maximumFunctions else {
                throw LuaArgumentError(
                    position: maximumFunctions + 1,
                    message: "at most \(maximumFunctions) functions per call, got \(count): "
                        + "let one function do several things in turn")
            }
            let functions = try (0..<count).map { try arguments.function($0 + 1) }
            guard !functions.isEmpty else { return .none }
            try arguments.startChildren(functions)
            // The driver starts the children instead of running this; it never runs.
            return .suspend { [] }
        }
    }
}

/// One `concurrently` call in progress: its functions, and their outcomes as they end.
final class LuaFamily {
    /// The Lua name of the function that started it, for messages.
    let name: String
    /// The functions to run, in order.
    let functions: [LuaReference]
    /// Each function's first result or error, by position; nil while it runs.
    var results: [Result<LuaValue, LuaError>?]
    /// How many functions have not ended yet.
    var remaining: Int
    /// What copying the results has used, shared by all of them: together they stay under the cap.
    let copies: CopyBudget

    /// A call of `functions` named `name`, copying results under `memoryLimit` bytes (0: no cap).
    init(name: String, functions: [LuaReference], memoryLimit: Int) {
        self.name = name
        self.functions = functions
        results = Array(repeating: nil, count: functions.count)
        remaining = functions.count
        copies = CopyBudget(limit: memoryLimit)
    }

    /// The error the caller gets for function `position`'s `error`: the message names the call
    /// and the position; an error table keeps its fields and gains `function_index`.
    func failure(_ error: LuaError, at position: Int) -> LuaError {
        let message = "\(name): function #\(position + 1) failed: \(error.message)"
        if case .runtime(_, let traceback, .table(var fields)) = error {
            fields["function_index"] = .integer(Int64(position + 1))
            return .runtime(message: message, traceback: traceback, value: .table(fields))
        }
        return .runtime(message: message, traceback: error.traceback, value: .string(message))
    }
}

extension LuaArguments {
    /// How many `concurrently` calls the calling coroutine runs inside: 0 for the driver's own
    /// coroutines (and outside them). Bindings whose effects depend on call order refuse to run
    /// at more than 0.
    public var concurrentDepth: Int {
        guard let task = kslua_thread_task(thread) else { return 0 }
        return Unmanaged<LuaTask>.fromOpaque(task).takeUnretainedValue().depth
    }

    /// Leaves `functions` for the driver to start as children of the calling coroutine when the
    /// call yields; refuses where the caller cannot suspend or nests too deep.
    func startChildren(_ functions: [LuaReference]) throws {
        guard lua_isyieldable(thread) != 0, let pointer = kslua_thread_task(thread) else {
            throw LuaError.invalidUsage(LuaFunctionRecord<LuaFunction>.cannotSuspend(functionName))
        }
        let task = Unmanaged<LuaTask>.fromOpaque(pointer).takeUnretainedValue()
        guard task.depth < LuaConcurrently.maximumDepth else {
            throw LuaError.invalidUsage(
                "\(functionName) nests too deep: a function it runs may call it again, but no deeper "
                    + "(at most \(LuaConcurrently.maximumDepth) levels); run the inner work in turn instead")
        }
        task.family = LuaFamily(
            name: functionName, functions: functions, memoryLimit: Int(clamping: record.limits.pointee.memory_limit))
    }
}
