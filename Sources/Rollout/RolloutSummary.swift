/// The end of a rollout: every target's result, in plan order, and the counts reporters print.
package struct RolloutSummary: Sendable, Hashable {
    /// One result per planned target, in plan order.
    package var results: [TargetResult]
    /// Wall time of the whole rollout.
    package var duration: Duration

    /// Creates a summary.
    package init(results: [TargetResult], duration: Duration) {
        self.results = results
        self.duration = duration
    }

    /// Targets whose steps wrote something.
    package var changed: Int { count("changed") }
    /// Targets that were already right.
    package var unchanged: Int { count("unchanged") }
    /// Targets that failed.
    package var failed: Int { count("failed") }
    /// Targets not attempted.
    package var skipped: Int { count("skipped") }
    /// True when no target failed.
    package var isSuccess: Bool { failed == 0 }

    /// `40 targets: 38 changed, 0 unchanged, 2 failed, 0 skipped`.
    package var line: String {
        "\(results.count) targets: \(changed) changed, \(unchanged) unchanged, \(failed) failed, \(skipped) skipped"
    }

    private func count(_ status: String) -> Int { results.reduce(0) { $0 + ($1.outcome.status == status ? 1 : 0) } }
}
