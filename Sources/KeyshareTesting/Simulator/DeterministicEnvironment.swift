import CloudSimulator
import Foundation

/// The simulator environment tests use: a manual clock starting at 2026-01-01T00:00:00Z and
/// reproducible ids, so two runs from the same seed produce the same resources.
package enum DeterministicEnvironment {
    /// Where the simulated clock starts (the contract's default start).
    package static let start = Date(timeIntervalSince1970: 1_767_225_600)

    /// A deterministic environment for `seed`.
    package static func make(seed: UInt64 = 0) -> SimulatorEnvironment {
        .deterministic(seed: seed, start: start)
    }

    /// An environment whose disks, snapshots and images are ready at once, for conformance checks
    /// that chain them without moving a clock (they must also run against a live server).
    package static func instantResources(realClock: Bool, seed: UInt64 = 0) -> SimulatorEnvironment {
        SimulatorEnvironment(isDeterministic: !realClock, seed: seed, start: start, provisioningDelay: 0)
    }
}
