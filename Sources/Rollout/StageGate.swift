/// Decides, between two stages of a rollout, whether the next one starts: a person at a terminal,
/// `--yes`, or a hook plugin. The engine calls it only where the plan pauses.
package protocol StageGate: Sendable {
    /// Whether to go on after `report`'s stage; anything but ``StageDecision/proceed`` stops the run.
    func decide(after report: StageReport) async -> StageDecision
}

/// A gate's answer.
package enum StageDecision: Sendable, Hashable {
    /// Start the next stage.
    case proceed
    /// Stop: what has not started is cancelled with this reason.
    case stop(reason: String)
}

/// A gate that always lets the run go on (`--yes`, and a plan, which predicts the whole run).
package struct ProceedingGate: StageGate {
    /// Creates the gate.
    package init() {}
    package func decide(after report: StageReport) async -> StageDecision { .proceed }
}

/// What a gate sees: the stage that ended, the one that would start, and the results so far.
package struct StageReport: Sendable, Hashable {
    /// One failed target and why.
    package struct Failure: Sendable, Hashable {
        /// The target.
        package var target: RolloutTarget
        /// The failure (`code: message`).
        package var reason: String
    }

    /// The stage that just ended.
    package var finished: RolloutStage
    /// The stage that would start next.
    package var next: RolloutStage
    /// Targets per status so far (`changed`, `unchanged`, `failed`, `skipped`, `cancelled`), over
    /// every stage that ran.
    package var counts: [String: Int]
    /// The failed targets so far, in plan order.
    package var failures: [Failure]
    /// Targets in the stages still to come (the next one included).
    package var remaining: Int

    /// Creates a report.
    package init(finished: RolloutStage, next: RolloutStage, counts: [String: Int], failures: [Failure], remaining: Int) {
        self.finished = finished
        self.next = next
        self.counts = counts
        self.failures = failures
        self.remaining = remaining
    }

    /// `canary done: 1 changed, 0 failed; next: batch 1 of 3 (12 targets), 40 targets left`.
    package var line: String {
        let parts = ["changed", "unchanged", "failed", "skipped"].map { "\(counts[$0] ?? 0) \($0)" }
        return "\(finished.name) done: \(parts.joined(separator: ", ")); next: \(next.name) "
            + "(\(next.positions.count) target\(next.positions.count == 1 ? "" : "s")), \(remaining) left"
    }
}

/// Bounds targets in flight by the failures a plan tolerates (StackSets' two modes), and says when
/// the tolerance is exceeded.
struct ToleranceController {
    /// Failures tolerated; nil: no limit.
    let tolerance: Int?
    /// Strict bounds targets in flight by the failures left; soft does not.
    let mode: ToleranceMode
    /// The plan's concurrency.
    let concurrency: Int
    /// Failures recorded so far.
    private(set) var failures = 0

    /// Whether another target may start while `inFlight` are running. Strict mode keeps
    /// failures + in flight ≤ tolerance + 1, so failures never pass tolerance + 1.
    func mayStart(inFlight: Int) -> Bool {
        guard inFlight < concurrency else { return false }
        guard let tolerance else { return true }
        guard failures <= tolerance else { return false }
        switch mode {
        case .strict: return failures + inFlight < tolerance + 1
        case .soft: return true
        }
    }

    /// Counts a finished target.
    mutating func record(_ outcome: TargetOutcome) {
        if case .failed = outcome { failures += 1 }
    }

    /// Why the run stops, once failures exceed the tolerance.
    var exceeded: String? {
        guard let tolerance, failures > tolerance else { return nil }
        return "\(failures) failure\(failures == 1 ? "" : "s") exceeded the failure tolerance of \(tolerance) (\(mode.rawValue))"
    }
}
