/// What happened to one target: the outcome and how long it took.
package struct TargetResult: Sendable, Hashable {
    /// The target.
    package var target: RolloutTarget
    /// How it ended.
    package var outcome: TargetOutcome
    /// Wall time from start to finish (zero for skipped targets).
    package var duration: Duration
    /// The stage it belonged to: 0 for the canary, else its batch's number from 1 (nil: unstaged).
    package var batch: Int?
    /// 1, or 2 when a step this attempt ran had been started by an earlier one (a resume after a
    /// kill or a failure: `ctx.retried`); the journal does not count attempts beyond that.
    package var attempt: Int
    /// Time its calls spent backing off after throttling answers (part of `duration`).
    package var throttleWait: Duration

    /// Creates a result.
    package init(
        target: RolloutTarget, outcome: TargetOutcome, duration: Duration = .zero, batch: Int? = nil,
        attempt: Int = 1, throttleWait: Duration = .zero
    ) {
        self.target = target
        self.outcome = outcome
        self.duration = duration
        self.batch = batch
        self.attempt = attempt
        self.throttleWait = throttleWait
    }
}
