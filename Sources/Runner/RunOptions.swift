import CloudModel
import Foundation
import LuaKit
import Rollout

/// How `keyshare run` runs: plugin folders, the default caller, overrides from the command line,
/// reporters and the clock steps wait on.
package struct RunOptions: Sendable {
    /// A reporter plugin and where its output goes (nil: standard output).
    package struct Reporter: Sendable, Hashable {
        /// The reporter plugin's name.
        package var name: String
        /// The output file; nil for standard output.
        package var output: URL?
        /// Creates a choice.
        package init(name: String, output: URL? = nil) {
            self.name = name
            self.output = output
        }
        /// Parses `NAME` or `NAME=FILE`.
        package init(parsing text: String) {
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            self.init(name: parts[0], output: parts.count > 1 ? URL(fileURLWithPath: parts[1]) : nil)
        }
    }

    /// Where plugins are found.
    package var searchPath: PluginSearchPath
    /// Who raw binding calls act as, and the owner when a playbook names none.
    package var defaultAccount: AccountID
    /// The region when the playbook names none.
    package var region: RegionID
    /// `--param name=value` pairs.
    package var params: [String: String]
    /// `--concurrency`, overriding the playbook.
    package var concurrency: Int?
    /// Staging overrides (`--canary`, `--batches`, …, a percentage `--concurrency`) and who answers pauses.
    package var staging = StagingOptions()
    /// Reporters (default: console on standard output).
    package var reporters: [Reporter]
    /// What `keyshare.sleep` does: real time by default, the simulated clock in tests.
    package var sleep: @Sendable (Duration) async -> Void
    /// The Lua sandbox of the run.
    package var sandbox: LuaState.Sandbox
    /// Memory cap of the Lua state in bytes (nil: none).
    package var memoryLimit: Int?
    /// Instruction budget per coroutine (nil: none).
    package var instructionLimit: Int?
    /// Extra folders the strict sandbox's `io.open` may read (the playbook's folder, for inventories).
    package var readablePaths: [URL] = []
    /// `--allow-empty`: an inventory yielding no targets is a run of nothing, not an error (exit 2).
    package var allowEmpty = false
    /// Called once on the new state, before plugins load: extra modules and globals (`log`, `arg`).
    package var prepareState: (@Sendable (LuaState) throws -> Void)?
    /// Whether the backend is this process's alone (the embedded simulator, whose state file it
    /// locks; a plan's in-memory shadow): key-policy writes then need no read-back.
    package var soleWriter = false
    /// Where a playbook's run is journaled, and whether it continues an earlier run (nil: not journaled).
    package var journaling: Journaling?
    /// `--rate` paces, over the playbook's `rate` field.
    package var rate = RateLimits()
    /// The governor of the cloud the runner was given (a `GovernedCloud`): the runner sets its paces
    /// from the playbook and `rate`, and the engine reads its throttling meter and brake (nil: the
    /// cloud is not governed, as in tests that call a backend directly).
    package var governor: CallGovernor?

    /// A run's journal and what it records about the run besides its steps.
    package struct Journaling: Sendable {
        /// Opens the journal; called once a file turns out to be a playbook (a plain script
        /// records nothing, so it creates no journal file). Throws naming the file and the fix.
        package var open: @Sendable () throws -> any RolloutJournal
        /// The command line words after `keyshare run`, secrets removed.
        package var invocation: [String]
        /// The backend, described without secrets.
        package var backend: String
        /// The working directory the run started in.
        package var workingDirectory: String
        /// The run to continue (`keyshare resume`), or nil for a new run.
        package var resume: RunID?
        /// Told the run's id once the journal holds the run (to print how to resume it if killed).
        package var announce: @Sendable (RunID) -> Void = { _ in }

        /// Creates the settings.
        package init(
            open: @escaping @Sendable () throws -> any RolloutJournal, invocation: [String], backend: String,
            workingDirectory: String, resume: RunID? = nil
        ) {
            self.open = open
            self.invocation = invocation
            self.backend = backend
            self.workingDirectory = workingDirectory
            self.resume = resume
        }
    }

    /// Creates options with the defaults of `keyshare run`.
    package init(
        searchPath: PluginSearchPath = PluginSearchPath(), defaultAccount: AccountID,
        region: RegionID = .hangzhou, params: [String: String] = [:], concurrency: Int? = nil,
        reporters: [Reporter] = [Reporter(name: "console")],
        sleep: @escaping @Sendable (Duration) async -> Void = { try? await Task.sleep(for: $0) },
        sandbox: LuaState.Sandbox = .strict, memoryLimit: Int? = 256 * 1_048_576,
        instructionLimit: Int? = 1_000_000_000
    ) {
        self.searchPath = searchPath
        self.defaultAccount = defaultAccount
        self.region = region
        self.params = params
        self.concurrency = concurrency
        self.reporters = reporters
        self.sleep = sleep
        self.sandbox = sandbox
        self.memoryLimit = memoryLimit
        self.instructionLimit = instructionLimit
    }
}

/// What a run produced: a plain script's results, or a rollout's summary.
package enum RunOutcome: Sendable {
    /// The file was a plain script; these are its return values.
    case script([LuaValue])
    /// The file was a playbook.
    case rollout(RolloutSummary)
}
