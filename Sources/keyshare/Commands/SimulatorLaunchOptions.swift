import ArgumentParser
import CloudSimulator

/// The flags that say which simulated cloud `keyshare run` (sim backend) and `keyshare serve` open:
/// the world, the state file kept between runs, and how to treat a state file already there or held.
struct SimulatorLaunchOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The simulator's world file, as `keyshare sim init` writes it (sim backend and serve).",
            valueName: "file"))
    var world: String?

    @Option(
        help: ArgumentHelp(
            "The simulator's state file (SQLite), kept between runs (sim backend and serve). One process owns it at a time; with --world it must have been seeded from that world.",
            valueName: "file"))
    var state: String?

    @Flag(
        name: .customLong("fresh-state"),
        help: "Discard the simulated cloud in --state and seed it again from --world (or the starter world).")
    var freshState = false

    @Option(
        name: .customLong("wait-state"),
        help: ArgumentHelp(
            "Seconds to wait for another keyshare process that holds --state (default 0: refuse at once).",
            valueName: "seconds"))
    var waitState: Double = 0

    @Option(
        help: ArgumentHelp(
            "Faults the simulator injects, replacing the world's faults: section (sim backend and serve): a YAML file with that section's fields, or inline settings such as throttle=10%,5xx=5%,drop=1%,latency=100ms,seed=7 (see README, Faults).",
            valueName: "file-or-settings"))
    var faults: String?

    /// Whether any of these flags was given (they make no sense without a simulator).
    var isUsed: Bool { world != nil || state != nil || freshState || waitState != 0 || faults != nil }

    /// The `--faults` plan, nil when the option is absent.
    ///
    /// - Throws: `ValidationError` naming the field and the fix (the CLI exits 2).
    func faultPlan() throws -> FaultPlan? {
        guard let faults else { return nil }
        do {
            return try FaultPlan.parse(option: faults)
        } catch let error as FaultPlanError {
            throw ValidationError(error.message)
        }
    }

    /// Refuses --fresh-state without --state and a --wait-state out of 0…86400 seconds. Not
    /// `validate()`: each command calls it after its own earlier checks, so its errors keep their order.
    func check() throws {
        if freshState && state == nil {
            throw ValidationError("--fresh-state re-seeds a --state file; add --state FILE or drop --fresh-state.")
        }
        guard waitState.isFinite, (0...86_400).contains(waitState) else {
            throw ValidationError("--wait-state must be a number of seconds between 0 and 86400, got \(waitState)")
        }
        _ = try faultPlan()
    }

    /// How to open the simulator (the starter world has `starterAccounts` members).
    func launch(starterAccounts: Int) -> SimulatorLaunch {
        SimulatorLaunch(
            worldPath: world, starterAccounts: starterAccounts, statePath: state, freshState: freshState,
            waitState: waitState, faults: faults)
    }
}
