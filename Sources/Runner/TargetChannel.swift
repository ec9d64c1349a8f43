import LuaKit
import Rollout

/// Hands targets from the Rollout scheduler to the Lua worker coroutines and their results back.
///
/// LuaKit's driver runs one batch of coroutines per call; overlapping calls on one state are not
/// safe (measured: 1,000 concurrent `run` calls crash, one `runConcurrently` of 1,000 does not).
/// So a run starts one batch of `concurrency` worker coroutines that pull targets from here, and
/// the scheduler still decides what runs when.
package actor TargetChannel {
    private var queue: [(id: Int, target: RolloutTarget)] = []
    private var waitingWorkers: [CheckedContinuation<(id: Int, target: RolloutTarget)?, Never>] = []
    private var pendingResults: [Int: CheckedContinuation<LuaTable, Never>] = [:]
    private var nextID = 0
    private var closed = false
    /// Set when the worker batch starts: before it (a plain script, an inventory, a hook) nobody
    /// will ever submit, so `next` answers nil at once instead of waiting forever.
    private var started = false
    /// The job each worker coroutine runs (by `LuaArguments.coroutineIdentity`), so a step can
    /// neither take a second job from inside its target (every worker then waits for a target
    /// the scheduler never submits: a deadlock) nor finish one it does not run (a forged result).
    /// A job's handle is a random token rather than its index, so a step cannot guess the one of
    /// its own job (hidden in the worker loop) and report its target before the target finished.
    private var holders: [UInt: (id: Int, token: Int)] = [:]

    /// Creates an open channel.
    package init() {}

    /// Queues `target` for a worker and waits for its result table (`status`, `changes`, …).
    package func submit(_ target: RolloutTarget) async -> LuaTable {
        await withCheckedContinuation { continuation in
            guard !closed else {
                continuation.resume(returning: Self.failure("the Lua workers stopped before this target ran"))
                return
            }
            let id = nextID
            nextID += 1
            pendingResults[id] = continuation
            if !waitingWorkers.isEmpty {
                waitingWorkers.removeFirst().resume(returning: (id, target))
            } else {
                queue.append((id, target))
            }
        }
    }

    /// The worker batch is starting: from now on `next` waits for submitted targets.
    package func start() {
        started = true
    }

    /// Whether coroutine `worker` runs a job it has not finished.
    package func isRunningJob(_ worker: UInt) -> Bool {
        holders[worker] != nil
    }

    /// The next target for coroutine `worker` with the token that finishes it; nil once the channel
    /// is closed and drained, or when no worker batch runs (nothing would ever be submitted).
    package func next(for worker: UInt) async -> (token: Int, target: RolloutTarget)? {
        let job: (id: Int, target: RolloutTarget)?
        if !queue.isEmpty {
            job = queue.removeFirst()
        } else if closed || !started {
            return nil
        } else {
            job = await withCheckedContinuation { waitingWorkers.append($0) }
        }
        guard let job else { return nil }
        let token = Int.random(in: 1...Int.max)
        holders[worker] = (job.id, token)
        return (token, job.target)
    }

    /// Coroutine `worker`'s result for the job of `token`; false (nothing recorded) when it does
    /// not run that job.
    package func finish(_ token: Int, result: LuaTable, from worker: UInt) -> Bool {
        guard let job = holders[worker], job.token == token else { return false }
        holders[worker] = nil
        pendingResults.removeValue(forKey: job.id)?.resume(returning: result)
        return true
    }

    /// No more targets: idle workers end.
    package func close() {
        closed = true
        for worker in waitingWorkers { worker.resume(returning: nil) }
        waitingWorkers = []
    }

    /// The workers ended (normally or not): every target still waiting fails instead of hanging.
    package func abandon(reason: String) {
        close()
        for (_, continuation) in pendingResults { continuation.resume(returning: Self.failure(reason)) }
        pendingResults = [:]
        queue = []
    }

    private static func failure(_ message: String) -> LuaTable {
        var error = LuaTable()
        error["code"] = "keyshare.LuaError"
        error["message"] = .string(message)
        var result = LuaTable()
        result["status"] = "failed"
        result["error"] = .table(error)
        return result
    }
}
