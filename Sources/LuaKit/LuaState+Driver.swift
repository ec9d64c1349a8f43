import CLuaShim

/// The coroutine driver: runs many Lua functions as coroutines of this one state, suspending each
/// on its bindings' async operations and resuming it when the operation finishes.
extension LuaState {
    /// Runs every call as its own coroutine and returns their outcomes in the calls' order.
    ///
    /// Coroutines run one at a time on the caller's isolation (`isolation` defaults to it), each
    /// until it finishes or a binding suspends it; the suspended operations run concurrently on
    /// worker tasks (``LuaOperationPool``), so a thousand coroutines waiting on the network take
    /// about as long as one.
    /// Each call gets its own instruction budget (its `concurrently` children share it). The main
    /// thread's stack is balanced at every suspension point, so other work on the same isolation
    /// may use the state meanwhile.
    public func runConcurrently(
        _ calls: [LuaCall],
        isolation: isolated (any Actor)? = #isolation
    ) async -> [Result<[LuaValue], LuaError>] {
        releaseDroppedReferences()
        var results = [Result<[LuaValue], LuaError>?](repeating: nil, count: calls.count)
        let pool = LuaOperationPool<(Int, Result<LuaResults, any Error>)> { ($0, $1) }
        await withDiscardingTaskGroup(isolation: isolation) { group in
            // The body must capture `isolation`: a closure inherits an isolated parameter only when
            // it captures it. Without this the body is nonisolated, so after its first `await` it
            // ran on the global executor, touching the state in parallel with the caller's actor
            // (other drivers, `call`) and corrupting the stack and registry.
            // (The assertion below also captures it, and checks it in debug builds.)
            // Coroutines waiting on an operation, by the key its outcome comes back under.
            var waiting: [Int: LuaTask] = [:]
            var serial = 0
            func carry(_ progress: Progress) {
                for (task, result) in progress.ended { results[task.index] = result }
                for (task, operation) in progress.waits {
                    serial += 1
                    waiting[serial] = task
                    if pool.submit(.init(key: serial, operation: operation)) { group.addTask { await pool.work() } }
                }
            }
            for (index, call) in calls.enumerated() {
                let task: LuaTask
                do {
                    task = try startTask(index, call)
                } catch {
                    results[index] = .failure(error as? LuaError ?? .invalidUsage(String(describing: error)))
                    continue
                }
                carry(advance(task, resume(task, argumentCount: Int32(call.arguments.count))))
            }
            while !waiting.isEmpty {
                for (key, outcome) in await pool.take() {
                    isolation?.assertIsolated("the LuaKit driver left its caller's isolation (a LuaKit bug)")
                    guard let task = waiting.removeValue(forKey: key) else { continue }
                    carry(advance(task, resume(task, argumentCount: deliver(outcome, to: task))))
                }
            }
            pool.close()
        }
        return results.map { $0 ?? .failure(.invalidUsage("the coroutine driver lost a call (a LuaKit bug)")) }
    }

    /// Runs one function as a coroutine (so its bindings may suspend) and returns its results.
    public func run(
        _ function: LuaReference,
        arguments: [LuaValue] = [],
        isolation: isolated (any Actor)? = #isolation
    ) async throws(LuaError) -> [LuaValue] {
        let results = await runConcurrently([LuaCall(function, arguments: arguments)], isolation: isolation)
        return try results[0].get()
    }

    /// What one resumption of a coroutine ended in.
    enum Step {
        /// It returned or failed.
        case finished(Result<[LuaValue], LuaError>)
        /// A binding suspended it on this operation.
        case suspended(LuaOperation)
        /// `concurrently` suspended it until these children have ended.
        case spawning(LuaFamily)
    }

    static func outcome(of operation: LuaOperation) async -> Result<LuaResults, any Error> {
        do {
            return .success(try await operation())
        } catch {
            return .failure(error)
        }
    }

    /// Creates the coroutine with the function and arguments on its stack.
    func startTask(_ index: Int, _ call: LuaCall, parent: LuaTask? = nil) throws -> LuaTask {
        guard let thread = lua_newthread(L) else { throw LuaError.memory(limit: Int(limits.pointee.memory_limit)) }
        let slot = luaL_ref(L, kslua_registryindex())
        let task = LuaTask(index: index, thread: thread, slot: slot, context: call.context, parent: parent)
        do {
            try push(call.function, on: thread)
            try push(call.arguments, on: thread)
        } catch {
            luaL_unref(L, kslua_registryindex(), slot)
            throw error
        }
        kslua_set_thread_task(thread, Unmanaged.passUnretained(task).toOpaque())
        return task
    }

    /// Pushes an operation's outcome onto the suspended coroutine: its values, or the raise marker
    /// and the error value for the binding's continuation to raise. Returns the count pushed.
    func deliver(_ outcome: Result<LuaResults, any Error>, to task: LuaTask) -> Int32 {
        switch outcome {
        case .success(.values(let values)):
            do {
                try push(values, on: task.thread)
                return Int32(values.count)
            } catch {
                return deliver(.failure(error), to: task)
            }
        case .success(.packed(let packed)):
            do {
                try push(packed, on: task.thread)
                return 1
            } catch {
                return deliver(.failure(error), to: task)
            }
        case .failure(let error):
            _ = lua_checkstack(task.thread, 4)
            kslua_push_raise_marker(task.thread)
            if pushRaisable(error, on: task.thread) == KSLUA_STATUS_ARGERROR {
                let message = string(at: -1, on: task.thread) ?? ""
                let position = lua_tointegerx(task.thread, -2, nil)
                kslua_pop(task.thread, 2)
                let name = (error as? LuaArgumentError)?.function.map { " to '\($0)'" } ?? ""
                pushString("bad argument #\(position)\(name) (\(message))", on: task.thread)
            }
            return 2
        }
    }

    /// Resumes the coroutine with its budget (a child's is its caller's) and classifies what happened.
    func resume(_ task: LuaTask, argumentCount: Int32) -> Step {
        beginRun(on: task.thread, spent: task.budget.spent, exceeded: task.budget.exceeded)
        var resultCount: Int32 = 0
        let status = kslua_resume(task.thread, L, argumentCount, &resultCount)
        task.budget.spent = limits.pointee.instructions_spent
        task.budget.exceeded = limits.pointee.budget_exceeded != 0
        switch status {
        case LUA_OK:
            let result: Result<[LuaValue], LuaError>
            let first = lua_gettop(task.thread) - resultCount + 1
            do {
                if let family = task.parent?.family {
                    // A child hands its caller its first result, copied under the budget its siblings share.
                    result = .success([resultCount > 0 ? try value(at: first, on: task.thread, budget: family.copies) : .nil])
                } else {
                    result = .success(try values(from: first, on: task.thread))
                }
            } catch {
                result = .failure(error as? LuaError ?? .invalidUsage(String(describing: error)))
            }
            finish(task)
            return .finished(result)
        case LUA_YIELD:
            kslua_pop(task.thread, resultCount)
            if let family = task.family {
                task.pending = nil
                return .spawning(family)
            }
            if let operation = task.pending {
                task.pending = nil
                return .suspended(operation)
            }
            finish(task)
            return .finished(
                .failure(
                    .runtime(
                        message: "coroutine.yield reached the LuaKit driver: a playbook's own function must not yield; "
                            + "yield only inside coroutines the script created and resumes itself",
                        traceback: nil, value: .nil)))
        default:
            kslua_push_thread_traceback(L, task.thread)
            let traceback = string(at: -1, on: L)
            kslua_pop(L, 1)
            let failure = error(status: status, on: task.thread, traceback: traceback)
            finish(task)
            return .finished(.failure(failure))
        }
    }

    /// Closes the coroutine's pending to-be-closed variables and drops it.
    private func finish(_ task: LuaTask) {
        kslua_set_thread_task(task.thread, nil)
        _ = kslua_closethread(task.thread, L)
        luaL_unref(L, kslua_registryindex(), task.slot)
    }
}
