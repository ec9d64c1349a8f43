/// What happened to one target: the outcome and how long it took.
package struct TargetResult: Sendable, Hashable {
    /// The target.
    package var target: RolloutTarget
    /// How it ended.
    package var outcome: TargetOutcome
    /// Wall time from start to finish (zero for skipped targets).
    package var duration: Duration

    /// Creates a result.
    package init(target: RolloutTarget, outcome: TargetOutcome, duration: Duration = .zero) {
        self.target = target
        self.outcome = outcome
        self.duration = duration
    }
}
