/// The end of a rollout: every target's result, in plan order, and the counts reporters print.
package struct RolloutSummary: Sendable, Hashable {
    /// One result per planned target, in plan order.
    package var results: [TargetResult]
    /// Wall time of the whole rollout.
    package var duration: Duration
    /// The plan that ran (its stages, for reports); nil for a summary made without one.
    package var plan: RolloutPlan?
    /// Time the run's calls spent backing off after throttling answers, all targets and the run's
    /// own calls together (concurrent waits add up, so it may exceed `duration`).
    package var throttleWait: Duration

    /// Creates a summary.
    package init(results: [TargetResult], duration: Duration, plan: RolloutPlan? = nil, throttleWait: Duration = .zero) {
        self.results = results
        self.duration = duration
        self.plan = plan
        self.throttleWait = throttleWait
    }

    /// Targets whose steps wrote something.
    package var changed: Int { count("changed") }
    /// Targets that were already right.
    package var unchanged: Int { count("unchanged") }
    /// Targets that failed.
    package var failed: Int { count("failed") }
    /// Targets not attempted.
    package var skipped: Int { count("skipped") }
    /// Targets not started because the rollout stopped first.
    package var cancelled: Int { count("cancelled") }
    /// True when no target failed or was cancelled (a cancelled target still has work to do).
    package var isSuccess: Bool { failed == 0 && cancelled == 0 }

    /// `40 targets: 38 changed, 0 unchanged, 2 failed, 0 skipped, 0 cancelled`.
    package var line: String {
        "\(results.count) targets: \(changed) changed, \(unchanged) unchanged, \(failed) failed, \(skipped) skipped, "
            + "\(cancelled) cancelled"
    }

    private func count(_ status: String) -> Int { results.reduce(0) { $0 + ($1.outcome.status == status ? 1 : 0) } }
}
