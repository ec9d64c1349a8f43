import Foundation

/// How the simulator tells time and makes identifiers: the real clock with random ids (`live`),
/// or a manual clock with ids drawn from a seeded generator (`deterministic`), for tests.
package struct SimulatorEnvironment: Sendable {
    /// Whether the clock only moves through `SimulatedCloud.advanceClock(by:)` and ids are seeded.
    package var isDeterministic: Bool
    /// The seed of the id generator (used only when deterministic).
    package var seed: UInt64
    /// The simulated time at start (deterministic clocks only).
    package var start: Date
    /// How long asynchronous resources (disks, snapshots, images) stay `Creating`, in seconds.
    package var provisioningDelay: TimeInterval

    /// Builds an environment; prefer `.live` and `.deterministic(seed:start:)`.
    package init(isDeterministic: Bool, seed: UInt64, start: Date, provisioningDelay: TimeInterval = 1) {
        self.isDeterministic = isDeterministic
        self.seed = seed
        self.start = start
        self.provisioningDelay = provisioningDelay
    }

    /// The real clock and random identifiers.
    package static let live = SimulatorEnvironment(isDeterministic: false, seed: 0, start: Date(timeIntervalSince1970: 0))

    /// 2026-01-01T00:00:00Z, the default start of deterministic runs.
    package static let defaultStart = Date(timeIntervalSince1970: 1_767_225_600)

    /// A manual clock starting at `start` and identifiers reproducible from `seed`.
    package static func deterministic(seed: UInt64 = 0, start: Date = defaultStart) -> SimulatorEnvironment {
        SimulatorEnvironment(isDeterministic: true, seed: seed, start: start)
    }
}
