/// A `faults:` section or `--faults` value the simulator cannot use; the message names the field
/// (`faults.kms-write.throttle`, `--faults latency.p99`) and says how to fix it.
package struct FaultPlanError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong and where.
    package var message: String

    /// Builds an error.
    package init(_ message: String) { self.message = message }

    package var description: String { message }
}
