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
        // Everything the group decides is local to its body and returned: a release build trapped in
        // `Array.subscript.modify` when a nested function captured outer variables across the group's awaits.
        let (finished, overBudget) = await withTaskGroup(
            of: (Int, Result<LuaValue, any Error>).self, returning: ([(Int, Result<LuaValue, any Error>)], Bool).self
        ) { group in
            var budget = budget
            var finished: [(Int, Result<LuaValue, any Error>)] = []
            finished.reserveCapacity(requests.count)
            var overBudget = false
            var next = 0
            while !overBudget {
                while next < requests.count, next - finished.count < Self.concurrency {
                    let index = next
                    let params = requests[index]
                    next += 1
                    group.addTask {
                        do {
                            return (index, .success(try await binding.call(params, context: context, scope: scope, cloud: cloud)))
                        } catch {
                            return (index, .failure(error))
                        }
                    }
                }
                guard let (index, outcome) = await group.next() else { break }
                if case .success(let value) = outcome, let remaining = budget.remaining {
                    do {
                        try budget.charge(value.luaCost(limit: remaining))
                    } catch {
                        // Answers already held are dropped and no more are asked for.
                        overBudget = true
                        continue
                    }
                }
                finished.append((index, outcome))
            }
            // Every request sent finishes before the batch answers (none is left running).
            while await group.next() != nil {}
            return (finished, overBudget)
        }
        if overBudget { throw budgetError(available: available ?? 0, requests: requests.count) }
        var outcomes = [Result<LuaValue, any Error>?](repeating: nil, count: requests.count)
        for (index, outcome) in finished where outcomes.indices.contains(index) { outcomes[index] = outcome }
        var answers: [LuaValue] = []
        answers.reserveCapacity(requests.count)
        for (offset, outcome) in outcomes.enumerated() {
            switch outcome {
            case .success(let value): answers.append(value)
            case .failure(let error): throw raised(error, at: offset + 1)
            case nil: answers.append(.nil)
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
