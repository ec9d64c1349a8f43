/// The work a rollout runs for one target; it reports failures as outcomes, never by throwing.
package typealias TargetWork = @Sendable (RolloutTarget) async -> TargetOutcome

/// Decides when each target of a plan runs. Canary, batches and failure tolerance are further
/// schedulers over the same plan, work and sink, so the Runner never changes when they arrive.
package protocol Scheduler: Sendable {
    /// Runs `work` for every target of `plan`, reporting to `events`, and returns the summary.
    func run(_ plan: RolloutPlan, events: any RolloutEventSink, work: @escaping TargetWork) async -> RolloutSummary
}
