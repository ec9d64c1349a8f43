import Synchronization

/// Starts Lua calls as coroutines of one state whenever Swift asks, from any task, while
/// ``LuaState/withCoroutineHost(isolation:_:)`` runs: a scheduler decides what runs when, and the
/// host's single driver loop runs every coroutine on the state's isolation.
///
/// One driver per state at a time is what keeps a shared state safe (overlapping drivers on one
/// state corrupt it); the host is how many concurrent Swift tasks share that one driver.
public final class LuaCoroutineHost: Sendable {
    /// A call waiting for the driver, and who waits for its result.
    struct Submission: Sendable {
        var call: LuaCall
        var reply: CheckedContinuation<Result<[LuaValue], LuaError>, Never>
    }

    private struct Mailbox {
        var queue: [Submission] = []
        var waiter: CheckedContinuation<Submission?, Never>?
        var closed = false
    }

    private let mailbox = Mutex(Mailbox())

    init() {}

    /// Runs `call` as its own coroutine and returns its results (or its error) when it ends. Calls
    /// made after the host's body returned fail at once.
    public func run(_ call: LuaCall) async -> Result<[LuaValue], LuaError> {
        await withCheckedContinuation { reply in
            let submission = Submission(call: call, reply: reply)
            let refused = mailbox.withLock { box -> Bool in
                if box.closed { return true }
                if let waiter = box.waiter {
                    box.waiter = nil
                    waiter.resume(returning: submission)
                } else {
                    box.queue.append(submission)
                }
                return false
            }
            if refused {
                reply.resume(
                    returning: .failure(
                        .invalidUsage(
                            "the coroutine host has stopped: start calls only "
                                + "while withCoroutineHost's body runs")))
            }
        }
    }

    /// The next submitted call, waiting for one; nil once the host is closed and drained.
    func next() async -> Submission? {
        await withCheckedContinuation { continuation in
            mailbox.withLock { box in
                if !box.queue.isEmpty {
                    continuation.resume(returning: box.queue.removeFirst())
                } else if box.closed {
                    continuation.resume(returning: nil)
                } else {
                    box.waiter = continuation
                }
            }
        }
    }

    /// Stops accepting calls; calls still queued fail, and a waiting `next` returns nil.
    func close() {
        let (queued, waiter) = mailbox.withLock { box in
            box.closed = true
            defer {
                box.queue = []
                box.waiter = nil
            }
            return (box.queue, box.waiter)
        }
        waiter?.resume(returning: nil)
        for submission in queued {
            submission.reply.resume(returning: .failure(.invalidUsage("the coroutine host stopped before this call ran")))
        }
    }
}

extension LuaState {
    private enum HostEvent: Sendable {
        case submitted(LuaCoroutineHost.Submission)
        case operation(Int, Result<LuaResults, any Error>)
        case submissionsEnded
        case bodyEnded
    }

    /// Runs `body` with a host that starts Lua calls as coroutines of this state, as many at once as
    /// `body` asks; returns `body`'s result once it and every coroutine it started have ended.
    ///
    /// Coroutines run one at a time on the caller's isolation, each until it ends or a binding
    /// suspends it; `body` itself runs concurrently (it must not touch the state directly). Each
    /// call gets its own instruction budget, as with ``runConcurrently(_:isolation:)``.
    public func withCoroutineHost<Outcome: Sendable>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: @escaping @Sendable (LuaCoroutineHost) async -> Outcome
    ) async -> Outcome {
        releaseDroppedReferences()
        let host = LuaCoroutineHost()
        var replies: [Int: CheckedContinuation<Result<[LuaValue], LuaError>, Never>] = [:]
        // The body runs beside the driver loop; the loop ends once the body has and every
        // coroutine it started has ended, then the body's value is read.
        let bodyTask = Task { await body(host) }
        await withTaskCancellationHandler {
            await drive(host, bodyTask: bodyTask, replies: &replies, isolation: isolation)
        } onCancel: {
            bodyTask.cancel()
        }
        for (_, reply) in replies {
            reply.resume(returning: .failure(.invalidUsage("the coroutine host lost a call (a LuaKit bug)")))
        }
        return await bodyTask.value
    }

    private func drive<Outcome: Sendable>(
        _ host: LuaCoroutineHost, bodyTask: Task<Outcome, Never>,
        replies: inout [Int: CheckedContinuation<Result<[LuaValue], LuaError>, Never>],
        isolation: isolated (any Actor)?
    ) async {
        let pool = LuaOperationPool<HostEvent> { .operation($0, $1) }
        await withDiscardingTaskGroup(isolation: isolation) { group in
            group.addTask {
                _ = await bodyTask.value
                pool.post(.bodyEnded)
            }
            group.addTask {
                while let submission = await host.next() { pool.post(.submitted(submission)) }
                pool.post(.submissionsEnded)
            }
            var nextIndex = 0
            // Coroutines waiting on an operation, by the key its outcome comes back under.
            var waiting: [Int: LuaTask] = [:]
            var serial = 0
            var submissionsEnded = false
            // Replies to the calls that ended; runs the operations coroutines suspended on.
            func carry(_ progress: Progress) {
                for (task, result) in progress.ended { replies.removeValue(forKey: task.index)?.resume(returning: result) }
                for (task, operation) in progress.waits {
                    serial += 1
                    waiting[serial] = task
                    if pool.submit(.init(key: serial, operation: operation)) { group.addTask { await pool.work() } }
                }
            }
            // Ends once the body has (which closes the host) and every coroutine it started has.
            while !(submissionsEnded && waiting.isEmpty) {
                for event in await pool.take() {
                    // Capturing `isolation` keeps this body on the caller's executor (see runConcurrently).
                    isolation?.assertIsolated("the LuaKit host left its caller's isolation (a LuaKit bug)")
                    switch event {
                    case .bodyEnded:
                        host.close()
                    case .submissionsEnded:
                        submissionsEnded = true
                    case .submitted(let submission):
                        let index = nextIndex
                        nextIndex += 1
                        let task: LuaTask
                        do {
                            task = try startTask(index, submission.call)
                        } catch {
                            submission.reply.resume(
                                returning: .failure(error as? LuaError ?? .invalidUsage(String(describing: error))))
                            continue
                        }
                        replies[index] = submission.reply
                        carry(advance(task, resume(task, argumentCount: Int32(submission.call.arguments.count))))
                    case .operation(let key, let result):
                        guard let task = waiting.removeValue(forKey: key) else { continue }
                        carry(advance(task, resume(task, argumentCount: deliver(result, to: task))))
                    }
                }
            }
            pool.close()
        }
    }
}
