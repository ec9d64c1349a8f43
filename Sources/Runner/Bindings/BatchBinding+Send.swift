import CloudAPI
import LuaKit

extension BatchBinding {
    /// Sends `requests` through `binding`'s single-call path, at most ``concurrency`` at a time, and
    /// returns the answers in order. Every request finishes before anything is raised; then the
    /// first failure by position is raised, as its single call raises it, with the position added.
    func send(
        _ requests: [LuaTable], with binding: CloudBinding, context: CallContext, scope: StepScope?,
        cloud: any Cloud, budget: LuaOutputBudget
    ) async throws -> [LuaValue] {
        let available = budget.remaining
        var budget = budget
        var outcomes: [Result<LuaValue, any Error>] = []
        outcomes.reserveCapacity(requests.count)
        var overBudget = false
        // Up to ``concurrency`` requests at a time, each a task of its own, their answers taken in
        // list order. (A task group here, whose children returned their index with the answer,
        // mixed answers up and trapped in release builds of Swift 6.3.)
        var start = 0
        while start < requests.count, !overBudget {
            let chunk = requests[start..<min(start + Self.concurrency, requests.count)]
            start += chunk.count
            let tasks = chunk.map { params in
                Task { try await binding.call(params, context: context, scope: scope, cloud: cloud) }
            }
            let results = await withTaskCancellationHandler {
                var results: [Result<LuaValue, any Error>] = []
                for task in tasks { results.append(await task.result) }
                return results
            } onCancel: {
                for task in tasks { task.cancel() }
            }
            for outcome in results {
                if case .success(let value) = outcome, let remaining = budget.remaining, !overBudget {
                    do {
                        try budget.charge(value.luaCost(limit: remaining))
                    } catch {
                        // Answers already held are dropped and no more are asked for.
                        overBudget = true
                    }
                }
                outcomes.append(outcome)
            }
        }
        if overBudget { throw budgetError(available: available ?? 0, requests: requests.count) }
        var answers: [LuaValue] = []
        answers.reserveCapacity(requests.count)
        for (offset, outcome) in outcomes.enumerated() {
            switch outcome {
            case .success(let value): answers.append(value)
            case .failure(let error): throw raised(error, at: offset + 1)
            }
        }
        return answers
    }

    /// A failed entry's error as the batch raises it: argument errors as argument 2 with the entry
    /// first, cloud errors with their `index`, anything else (a cancellation) unchanged.
    private func raised(_ error: any Error, at position: Int) -> any Error {
        switch error {
        case let error as LuaArgumentError:
            var named = entryError(error, at: position)
            named.function = fullName
            return named
        case let error as any LuaErrorObject:
            return BatchEntryError(error, index: position, function: fullName)
        default:
            return error
        }
    }

    /// The refusal of answers larger than the memory left under the cap when the call was made.
    private func budgetError(available: Int, requests: Int) -> LuaArgumentError {
        let size = available >= 1_048_576 ? "\(available / 1_048_576) MB" : "\(available) bytes"
        return LuaArgumentError(
            position: 2,
            message: "the answers to \(requests) requests need more than the \(size) left under the memory cap "
                + "(--max-memory): send fewer requests per call, or raise the cap",
            function: fullName)
    }
}

extension LuaValue {
    /// Bytes this value takes once pushed to Lua (see ``LuaOutputBudget``), counted until past `limit`.
    func luaCost(limit: Int) -> Int {
        var total = 0
        var pending: [LuaValue] = [self]
        while let value = pending.popLast(), total <= limit {
            switch value {
            case .string(let text): total += LuaOutputBudget.valueCost + text.utf8.count
            case .table(let table):
                total += LuaOutputBudget.tableCost
                for (key, element) in table.fields {
                    if case .string(let name) = key { total += name.utf8.count }
                    pending.append(element)
                }
                pending.append(contentsOf: table.array)
            default: total += LuaOutputBudget.valueCost
            }
        }
        return total
    }
}
