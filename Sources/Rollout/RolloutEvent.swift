/// What reporters hear while a rollout runs, in the order it happens.
package enum RolloutEvent: Sendable, Hashable {
    /// The rollout begins with this plan.
    case started(RolloutPlan)
    /// A stage (the canary or a batch) begins; its targets follow.
    case stageStarted(RolloutStage)
    /// The rollout stopped: what had not started is cancelled with this reason.
    case stopped(reason: String)
    /// A target's work begins.
    case targetStarted(RolloutTarget)
    /// A step of a target logged a line.
    case targetMessage(RolloutTarget, level: String, message: String)
    /// A target finished (or was skipped).
    case targetFinished(TargetResult)
    /// The rollout ended.
    case finished(RolloutSummary)
}

/// Receives rollout events; conformers are usually actors (several targets report at once).
package protocol RolloutEventSink: Sendable {
    /// Handles one event; the scheduler waits for it, so slow sinks slow the rollout down.
    func handle(_ event: RolloutEvent) async
}

/// A sink that drops everything, for callers that only want the summary.
package struct DiscardingEventSink: RolloutEventSink {
    /// Creates the sink.
    package init() {}
    package func handle(_ event: RolloutEvent) async {}
}
