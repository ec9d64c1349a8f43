import LuaKit

/// One Lua `for` loop whose body is the call being measured. The loops differ only in the callee,
/// so their difference is the cost of the call itself.
public enum LuaLoop: String, CaseIterable, Sendable {
    /// `f(i)` where `f` is a Swift function registered through LuaKit (the C trampoline).
    case swift
    /// `f(i)` where `f` is `math.abs`, a C function from Lua's standard library.
    case cabs
    /// The loop with an empty body: the baseline both calls are measured against.
    case empty

    /// A short label for tables.
    public var title: String {
        switch self {
        case .swift: "Swift binding call"
        case .cabs: "math.abs call"
        case .empty: "empty loop"
        }
    }

    /// The chunk: `...` is the iteration count; the callee is a local, as a tuned binding call would be.
    var source: String {
        switch self {
        case .swift: "local n = ... local f = bench.abs for i = 1, n do f(i) end"
        case .cabs: "local n = ... local f = math.abs for i = 1, n do f(i) end"
        case .empty: "local n = ... for i = 1, n do end"
        }
    }
}

/// A Lua state with the `bench` module and one loop compiled, ready to run many times.
///
/// The state has no instruction budget (no count hook), because a hook slows every loop alike and
/// would hide the call cost being compared; the memory cap stays on, as in keyshare.
public final class LuaLoopRunner {
    private let state: LuaState
    private let chunk: LuaReference

    /// Compiles `loop` in a fresh state.
    public init(_ loop: LuaLoop) throws {
        state = try LuaState(options: .init(instructionLimit: nil))
        try state.register(
            LuaModule(
                name: "bench",
                functions: [
                    "abs": { arguments in
                        let value = try arguments.integer(1)
                        return .value(.integer(value < 0 ? -value : value))
                    }
                ]))
        chunk = try state.load(loop.source, chunkName: "\(loop.rawValue).lua")
    }

    /// Runs the loop `count` times.
    public func run(count: Int) throws {
        _ = try state.call(chunk, arguments: [.integer(Int64(count))])
    }
}
