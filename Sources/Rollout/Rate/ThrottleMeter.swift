import Synchronization

/// Time a run spent waiting on throttling (the back-off after a throttling answer), per target and
/// in total, for reporters (`throttle_wait_ms`, "waited on throttling").
package final class ThrottleMeter: Sendable {
    private let waits = Mutex<(total: Duration, perTarget: [String: Duration])>((.zero, [:]))

    /// An empty meter.
    package init() {}

    /// The target whose calls the current task makes (set by the binding around a step's calls;
    /// nil for the run's own calls, which count in the total only).
    @TaskLocal package static var target: String?

    /// Adds `wait` to the total and to the current task's target.
    package func add(_ wait: Duration) {
        let target = Self.target
        waits.withLock { waits in
            waits.total += wait
            if let target { waits.perTarget[target, default: .zero] += wait }
        }
    }

    /// The run's total wait so far.
    package var total: Duration { waits.withLock { $0.total } }

    /// What `target`'s calls waited so far.
    package func waited(_ target: String) -> Duration {
        waits.withLock { $0.perTarget[target] ?? .zero }
    }
}

/// A run-wide stop, pulled by whoever learns that nothing more can work (the credentials were
/// refused): the engine then starts no further target and cancels the rest with the reason.
package final class RunBrake: Sendable {
    private let state = Mutex<String?>(nil)

    /// A released brake.
    package init() {}

    /// Pulls the brake; the first reason stays.
    package func pull(_ reason: String) {
        state.withLock { if $0 == nil { $0 = reason } }
    }

    /// Why the run must stop, once pulled.
    package var reason: String? { state.withLock { $0 } }
}
