import CLuaShim

/// The driver's side of `concurrently` (``LuaConcurrently``), shared by both driver loops: starting
/// children when their caller yields for them, and resuming the caller once the last one ended.
extension LuaState {
    /// What advancing coroutines left for the driver loop: operations to run, and driver calls
    /// (never children, whose ends go to their callers) that ended.
    struct Progress {
        /// Coroutines suspended on an operation.
        var waits: [(task: LuaTask, operation: LuaOperation)] = []
        /// Driver calls that returned or failed.
        var ended: [(task: LuaTask, result: Result<[LuaValue], LuaError>)] = []
    }

    /// Carries `task` on from `step` as far as it goes without waiting: a child that ended counts
    /// toward its caller, a caller whose children all ended resumes, new children start and run.
    func advance(_ task: LuaTask, _ step: Step) -> Progress {
        var progress = Progress()
        advance(task, step, into: &progress)
        return progress
    }

    private func advance(_ task: LuaTask, _ step: Step, into progress: inout Progress) {
        switch step {
        case .suspended(let operation):
            progress.waits.append((task, operation))
        case .finished(let result):
            guard let parent = task.parent, let family = parent.family else {
                progress.ended.append((task, result))
                return
            }
            childEnded(parent, family, at: task.index, result.map { $0.first ?? .nil }, into: &progress)
        case .spawning(let family):
            // `remaining` reaches 0 only once the last function has ended, so the caller resumes
            // at the earliest in this loop's last turn.
            for (position, function) in family.functions.enumerated() {
                let child: LuaTask
                do {
                    child = try startTask(position, LuaCall(function), parent: task)
                } catch {
                    let failure = error as? LuaError ?? .invalidUsage(String(describing: error))
                    childEnded(task, family, at: position, .failure(failure), into: &progress)
                    continue
                }
                advance(child, resume(child, argumentCount: 0), into: &progress)
            }
        }
    }

    /// Records how child `position` of `parent` ended; the last one resumes `parent`.
    private func childEnded(
        _ parent: LuaTask, _ family: LuaFamily, at position: Int, _ result: Result<LuaValue, LuaError>,
        into progress: inout Progress
    ) {
        family.results[position] = result
        family.remaining -= 1
        guard family.remaining == 0 else { return }
        parent.family = nil
        advance(parent, resume(parent, argumentCount: deliver(family, to: parent)), into: &progress)
    }

    /// Pushes what the caller of `concurrently` gets: every first result, or the first failure by
    /// position. Returns the count pushed.
    private func deliver(_ family: LuaFamily, to task: LuaTask) -> Int32 {
        var values: [LuaValue] = []
        for (position, result) in family.results.enumerated() {
            switch result {
            case .success(let value): values.append(value)
            case .failure(let error): return deliver(.failure(family.failure(error, at: position)), to: task)
            case nil: return deliver(.failure(LuaError.invalidUsage("\(family.name) lost a function (a LuaKit bug)")), to: task)
            }
        }
        // The copies were bounded by the cap together; what is left under it right now bounds them too,
        // since pushing them happens with the cap lifted.
        let limit = Int(clamping: limits.pointee.memory_limit)
        let available = limit - Int(clamping: limits.pointee.memory_used)
        if limit > 0, family.copies.spent > available {
            let message =
                "\(family.name): the results of its functions (\(family.copies.spent) bytes) do not fit in the "
                + "\(max(0, available)) bytes left under the memory cap: return less, or assign large values "
                + "to an upvalue of the caller"
            return deliver(.failure(LuaError.runtime(message: message, traceback: nil, value: .string(message))), to: task)
        }
        return deliver(.success(.values(values)), to: task)
    }
}
