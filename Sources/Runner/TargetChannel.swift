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

    /// The next target for a worker; nil once the channel is closed and drained.
    package func next() async -> (id: Int, target: RolloutTarget)? {
        if !queue.isEmpty { return queue.removeFirst() }
        if closed { return nil }
        return await withCheckedContinuation { waitingWorkers.append($0) }
    }

    /// A worker's result for job `id`.
    package func finish(_ id: Int, result: LuaTable) {
        pendingResults.removeValue(forKey: id)?.resume(returning: result)
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
