/// How one step of one target ended, decoded once from whatever ran it.
package enum StepOutcome: Sendable, Hashable {
    /// The step passed; `changes` lists what it wrote (empty: already right).
    case succeeded(changes: [String], messages: [String])
    /// The step failed; `failure.changes` lists what it wrote before failing.
    case failed(TargetFailure, messages: [String])
    /// The target is not run at all (a hook refused the run, the key owner itself); no later step runs.
    case skipped(reason: String, messages: [String])

    /// The step's log lines.
    package var messages: [String] {
        switch self {
        case .succeeded(_, let messages), .failed(_, let messages), .skipped(_, let messages): messages
        }
    }

    /// What the step changed, whatever the outcome.
    package var changes: [String] {
        switch self {
        case .succeeded(let changes, _): changes
        case .failed(let failure, _): failure.changes
        case .skipped: []
        }
    }
}

/// Runs one step for one target; failures are outcomes, never thrown.
package protocol StepExecutor: Sendable {
    /// Runs `step` for `target`. `earlier` holds what the target's earlier steps changed (also in an
    /// earlier process, for a resumed run), so a step can tell whether anything changed before it;
    /// `retried` says an earlier attempt of this very step started (killed or failed), so it may
    /// have left something behind for this one to find.
    func run(_ step: StepDescriptor, of target: RolloutTarget, earlier: [String], retried: Bool) async -> StepOutcome
}
