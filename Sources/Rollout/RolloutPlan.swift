/// What a rollout will do: the targets, in order, and how many may run at once.
///
/// Canary cohorts, batches, failure tolerance and per-API rate limits will be further fields read
/// by schedulers; a plan stays a value so it can be printed, journaled and compared before running.
package struct RolloutPlan: Sendable, Hashable {
    /// The targets, in the order they start.
    package var targets: [RolloutTarget]
    /// The most targets in flight at once (≥ 1).
    package var concurrency: Int

    /// Creates a plan.
    ///
    /// - Throws: ``RolloutError`` when `concurrency` is below 1 or two targets share an id.
    package init(targets: [RolloutTarget], concurrency: Int) throws {
        guard concurrency >= 1 else {
            throw RolloutError("concurrency \(concurrency) is below 1: pass --concurrency N with N ≥ 1")
        }
        var seen = Set<String>()
        for target in targets where !seen.insert(target.id).inserted {
            throw RolloutError("target \(target.id) is listed twice: inventories must name each account once")
        }
        self.targets = targets
        self.concurrency = concurrency
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
