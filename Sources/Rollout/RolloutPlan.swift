/// What a rollout will do: the targets, in order, how many may run at once, and in which stages
/// (a canary, then batches), with the pauses between them and the failures tolerated.
///
/// A plan stays a value so it can be printed, journaled and compared before running.
package struct RolloutPlan: Sendable, Hashable {
    /// The targets, in the order they start (the canary's first).
    package var targets: [RolloutTarget]
    /// The most targets in flight at once (≥ 1).
    package var concurrency: Int
    /// The stages, in order; together they hold every target exactly once.
    package var stages: [RolloutStage]
    /// When the rollout waits for a confirmation.
    package var pause: RolloutPause
    /// Failures tolerated before what has not started is cancelled; nil: no limit.
    package var tolerance: Int?
    /// How the tolerance bounds targets in flight.
    package var mode: ToleranceMode

    /// Creates a plan of one batch, no pause and no failure limit.
    ///
    /// - Throws: ``RolloutError`` when `concurrency` is below 1 or two targets share an id.
    package init(targets: [RolloutTarget], concurrency: Int) throws {
        try self.init(targets: targets, concurrency: .count(concurrency), staging: RolloutStaging())
    }

    /// Creates a plan, resolving percentages against the number of targets and moving the canary's
    /// targets to the front (in their plan order).
    ///
    /// - Throws: ``RolloutError`` when the concurrency is below 1, two targets share an id, or the
    ///   canary names an account that is not a target.
    package init(targets: [RolloutTarget], concurrency: RolloutAmount, staging: RolloutStaging) throws {
        if case .count(let count) = concurrency, count < 1 {
            throw RolloutError("concurrency \(count) is below 1: pass --concurrency N with N ≥ 1 (or a percentage such as 10%)")
        }
        var seen = Set<String>()
        for target in targets where !seen.insert(target.id).inserted {
            throw RolloutError("target \(target.id) is listed twice: inventories must name each account once")
        }
        var canary: [RolloutTarget] = []
        var rest = targets
        switch staging.canary {
        case nil: break
        case .amount(let amount):
            let size = targets.isEmpty ? 0 : amount.resolve(of: targets.count, minimum: 1)
            canary = Array(targets.prefix(size))
            rest = Array(targets.dropFirst(size))
        case .accounts(let ids):
            if let missing = ids.first(where: { !seen.contains($0) }) {
                throw RolloutError(
                    "canary account \(missing) is not a target of this run: name accounts the inventory lists "
                        + "(or give the canary as a count or a percentage)")
            }
            let chosen = Set(ids)
            canary = targets.filter { chosen.contains($0.id) }
            rest = targets.filter { !chosen.contains($0.id) }
        }
        self.targets = canary + rest
        // A count is taken as given (it is printed and journaled so); a percentage needs the targets.
        if case .count(let count) = concurrency {
            self.concurrency = count
        } else {
            self.concurrency = concurrency.resolve(of: targets.count, minimum: 1)
        }
        pause = staging.pause
        tolerance = staging.tolerance.map { $0.resolve(of: targets.count) }
        mode = staging.mode
        stages = Self.stages(canary: canary.count, rest: rest.count, total: targets.count, batches: staging.batches)
    }

    /// The canary (when it has targets), then batches of the sizes given, the last size repeating.
    private static func stages(canary: Int, rest: Int, total: Int, batches: [RolloutAmount]) -> [RolloutStage] {
        var sizes: [Int] = []
        var left = rest
        var index = 0
        while left > 0 {
            let amount = batches.isEmpty ? RolloutAmount.count(left) : batches[min(index, batches.count - 1)]
            let size = min(left, amount.resolve(of: total, minimum: 1))
            sizes.append(size)
            left -= size
            index += 1
        }
        var stages: [RolloutStage] = []
        if canary > 0 { stages.append(RolloutStage(kind: .canary, positions: Array(0..<canary))) }
        var start = canary
        for (number, size) in sizes.enumerated() {
            stages.append(
                RolloutStage(kind: .batch(number: number + 1, of: sizes.count), positions: Array(start..<(start + size))))
            start += size
        }
        return stages
    }
}

/// A rollout that cannot start, with the input to fix.
package struct RolloutError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong and how to fix it.
    package var message: String
    /// Creates the error.
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}
