import CloudAPI

/// The behaviour every `Cloud` backend must share, as named checks over any cloud: the seed
/// procedure and its failures, idempotent calls, and each product's error codes and statuses.
///
/// A check declares the world it needs (`ConformanceWorld`); the runner loads a fresh backend from
/// that world, runs the check, and keeps the transcript so two backends can be compared
/// (same outcomes, and the same `CloudError` code, message and status after the round trip).
package enum CloudConformance {
    /// Every check, in a stable order.
    package static let checks: [ConformanceCheck] =
        seedChecks + kmsChecks + ramChecks + policyVersionChecks + stsChecks + ecsChecks + resourceManagerChecks

    /// The check called `name`, if any.
    package static func check(named name: String) -> ConformanceCheck? {
        checks.first { $0.name == name }
    }

    /// Runs `check` against `cloud` (loaded from `check.world`) and returns its transcript;
    /// throws `ConformanceFailure` at the first step that disagrees with the reference.
    package static func run(_ check: ConformanceCheck, against cloud: any Cloud) async throws -> [ConformanceStep] {
        let run = ConformanceRun(cloud: cloud, fixture: check.world.fixture)
        try await check.body(run)
        return run.transcript
    }

    /// Runs `check` and returns its transcript even when it fails, with the failure (if any).
    package static func transcript(of check: ConformanceCheck, against cloud: any Cloud) async
        -> (steps: [ConformanceStep], failure: (any Error)?)
    {
        let run = ConformanceRun(cloud: cloud, fixture: check.world.fixture)
        do {
            try await check.body(run)
            return (run.transcript, nil)
        } catch {
            return (run.transcript, error)
        }
    }
}

/// One named conformance check and the world it starts from.
package struct ConformanceCheck: Sendable, CustomStringConvertible {
    /// A sentence saying what must hold.
    package let name: String
    /// The organisation the backend must be loaded with.
    package let world: ConformanceWorld
    /// The calls and their expected outcomes.
    package let body: @Sendable (ConformanceRun) async throws -> Void

    /// Creates a check.
    package init(
        _ name: String, world: ConformanceWorld = ConformanceWorld(),
        _ body: @escaping @Sendable (ConformanceRun) async throws -> Void
    ) {
        self.name = name
        self.world = world
        self.body = body
    }

    package var description: String { name }
}
