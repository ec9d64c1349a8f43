import Rollout

/// Command-line overrides of a playbook's staging (`--concurrency`, `--canary`, `--batches`,
/// `--pause`, `--tolerance`, `--tolerance-mode`) and how pauses are answered.
package struct StagingOptions: Sendable {
    /// How a pause is answered when the playbook names no `pause_hook`.
    package enum Answer: Sendable {
        /// Nobody can answer (not a terminal, no `--yes`): a run that would pause refuses to start.
        case unavailable
        /// `--yes`: every pause continues.
        case yes
        /// A plan predicts the whole run: every pause continues, no hook is asked.
        case predict
        /// Ask someone (a person at a terminal); the closure returns the decision.
        case ask(@Sendable (StageReport) async -> StageDecision)
    }

    /// `--concurrency` as a count or a percentage.
    package var concurrency: RolloutAmount?
    /// `--canary`.
    package var canary: RolloutCanary?
    /// `--batches`.
    package var batches: [RolloutAmount]?
    /// `--pause`.
    package var pause: RolloutPause?
    /// `--tolerance`.
    package var tolerance: RolloutAmount?
    /// `--tolerance-mode`.
    package var mode: ToleranceMode?
    /// How pauses are answered.
    package var answer: Answer = .unavailable

    /// Creates overrides that change nothing.
    package init() {}

    /// The playbook's staging with these overrides applied.
    package func applied(to playbook: RolloutStaging) -> RolloutStaging {
        var staging = playbook
        if let canary { staging.canary = canary }
        if let batches { staging.batches = batches }
        if let pause { staging.pause = pause }
        if let tolerance { staging.tolerance = tolerance }
        if let mode { staging.mode = mode }
        return staging
    }
}
