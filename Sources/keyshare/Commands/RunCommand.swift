import ACSClient
import ArgumentParser
import CloudAPI
import CloudModel
import CloudSimulator
import Foundation
import Logging
import LuaKit
import Rollout
import Runner

/// `keyshare run FILE.lua`: runs a playbook (a file returning a table with `steps`) as a rollout
/// over its targets, or a plain Lua script in the sandbox with `print`, `log` and the bindings.
///
/// The default backend is the in-process simulator with a 40-account starter world, so the first
/// run shows a real rollout without credentials. Exit codes: 0 all targets succeeded, 1 a target
/// failed, the script raised or a reporter could not write, 2 the run could not start (bad options,
/// files, params, plugins, reporters, inventory or state file; nothing ran), 3 a hook refused the
/// run (every target skipped, nothing changed).
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a playbook (a rollout over many accounts) or a Lua script.",
        discussion: """
            A playbook returns a table naming the owner, the key, the inventory, params and steps \
            (see plugins/ecs-key-sharing/examples). Targets run concurrently as coroutines, bounded by \
            --concurrency. A plain script gets its arguments as `...` and in `arg`, plus `print`, \
            `log.debug/info/warn/error(...)` and the cloud bindings (kms, ram, sts, ecs, …). Options of \
            `run` may come before or after FILE; plain words after FILE go to a plain script, a word \
            that looks like an unknown option is refused (put it after `--`, where every word goes to \
            the script), and a playbook takes no words. On the embedded simulator, waits \
            (keyshare.sleep) move the simulator's clock instead of passing real time. Exit codes: 0 \
            success; 1 a target failed, the script raised or a reporter could not write; 2 nothing ran \
            (bad input: options, files, params, plugins, reporters, the state file); 3 a hook refused.
            """
    )

    @OptionGroup var options: PlaybookOptions

    @Option(
        name: .customLong("journal"),
        help: ArgumentHelp(
            "The journal recording the run, for `keyshare resume`, `undo` and `runs` (default: .keyshare/journal.sqlite beside the playbook; with --state, beside the state file; none for an in-memory simulator).",
            valueName: "file"))
    var journal: String?

    @Flag(name: .customLong("no-journal"), help: "Record nothing: the run cannot be resumed or undone.")
    var noJournal = false

    /// Set by `keyshare resume`: the run to continue.
    @Option(name: .customLong("resume-run"), help: .hidden)
    var resumeRun: String?

    func validate() throws {
        try options.check(command: "run", type: Run.self)
        if noJournal, journal != nil {
            throw ValidationError("--journal and --no-journal contradict each other: pass one")
        }
        if let resumeRun, RunID(resumeRun) == nil {
            throw ValidationError("--resume-run '\(resumeRun)' is not a run id (r-…): use `keyshare resume RUN`")
        }
    }

    func run() async throws {
        let start = try options.start(defaultReporters: [RunOptions.Reporter(name: "console")])
        BindingCatalog.warmShapes()
        let (cloud, defaultAccount, shutdown, launched) = try await makeCloud()
        // The state file stays this process's until the run ends.
        defer { withExtendedLifetime(launched?.lock) {} }
        // The embedded simulator's clock is ours: a playbook's wait moves it instead of waiting.
        let sleep: @Sendable (Duration) async -> Void
        if let simulator = cloud as? SimulatedCloud {
            sleep = { duration in await simulator.advanceClock(by: duration) }
        } else {
            sleep = { duration in try? await Task.sleep(for: duration) }
        }
        defer { if let shutdown { Task { try? await shutdown() } } }
        // A run that cannot start leaves no state file behind it (a resumed one is unchanged).
        let couldNotStart = { (message: String) -> ExitCode in
            StandardError.write(message)
            if let created = launched?.createdStateFile { SimulatorLaunch.remove(created) }
            return ExitCode(2)
        }
        var runOptions = options.runOptions(start, defaultAccount: defaultAccount, sleep: sleep)
        runOptions.journaling = journaling(playbook: start.url)
        // The embedded simulator is this process's alone (its state file is locked while we run).
        runOptions.soleWriter = cloud is SimulatedCloud
        // Every call of the run is paced and retried in one place (`validate` checked --rate).
        runOptions.rate = (try? options.staging.rateLimits()) ?? RateLimits()
        let governed = await GovernedBackend.wrap(cloud, rate: runOptions.rate)
        runOptions.governor = governed.governor
        let (outcome, reportFailures) = try await PlaybookOptions.execute(
            cloud: governed, options: runOptions, url: start.url, arguments: start.scriptArguments, couldNotStart: couldNotStart)
        // A report that could not be written is a failed run, though every target went on.
        switch outcome {
        case .script:
            if !reportFailures.isEmpty { throw ExitCode.failure }
        case .rollout(let summary):
            if !summary.isSuccess || !reportFailures.isEmpty { throw ExitCode.failure }
            if !summary.results.isEmpty, summary.skipped == summary.results.count,
                case .skipped(let reason) = summary.results[0].outcome
            {
                StandardError.write("keyshare: nothing ran: \(reason)\n")
                throw ExitCode(3)
            }
        }
    }

    /// Refuses a default region that is not shaped like a region ID (`x y`, `../x`, control
    /// characters), from `--region` or, without it, `ALIBABA_CLOUD_REGION_ID`: it would otherwise
    /// reach endpoints and ARNs. The value is shown escaped.
    static func checkRegion(_ region: String?, environment: [String: String]) throws {
        let (value, source) =
            region.map { ($0, "--region") }
            ?? (environment["ALIBABA_CLOUD_REGION_ID"].map { ($0, "ALIBABA_CLOUD_REGION_ID") } ?? ("", ""))
        guard !value.isEmpty || region != nil else { return }
        guard !isRegionID(value) else { return }
        let shown = String(String(reflecting: value).prefix(80))
        let fix = source == "--region" ? "pass a region ID such as cn-hangzhou" : "fix or unset it, or pass --region"
        throw ValidationError(
            "\(source) \(shown) is not a region ID (lowercase letters, digits and '-', "
                + "e.g. cn-hangzhou); \(fix).")
    }

    /// `cn-hangzhou`, `ap-southeast-1`, `cn-shanghai-finance-1`: a lowercase letter, then lowercase
    /// letters, digits and single hyphens, at most 64 characters.
    static func isRegionID(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard (2...64).contains(bytes.count), let first = bytes.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first),
            bytes.last != UInt8(ascii: "-")
        else { return false }
        var previous: UInt8 = 0
        for byte in bytes {
            let allowed =
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || (byte == UInt8(ascii: "-") && previous != UInt8(ascii: "-"))
            guard allowed else { return false }
            previous = byte
        }
        return true
    }

    /// `--param name=value` words as pairs, split at the first `=` (a value may hold more); the last
    /// of a repeated name wins. `validate()` has refused words without a name, so none is dropped.
    static func parameterPairs(_ params: [String]) -> [String: String] {
        var pairs: [String: String] = [:]
        for param in params {
            guard let equals = param.firstIndex(of: "="), equals != param.startIndex else { continue }
            pairs[String(param[..<equals])] = String(param[param.index(after: equals)...])
        }
        return pairs
    }

    /// The words the script receives: `.allUnrecognized` keeps the `--` that ends run's own options,
    /// which is a separator, not an argument.
    static func scriptArguments(_ words: [String]) -> [String] {
        guard let separator = words.firstIndex(of: "--") else { return words }
        var words = words
        words.remove(at: separator)
        return words
    }

    /// Where and how this run is journaled: nil with --no-journal, and by default for an in-memory
    /// simulator, whose cloud ends with the process (nothing would be left to resume or undo).
    func journaling(playbook: URL) -> RunOptions.Journaling? {
        let state = options.backend.simulator.state
        let inMemory = options.backend.backend == .sim && state == nil
        guard !noJournal, journal != nil || !inMemory || resumeRun != nil else { return nil }
        let path = JournalLocation.forRun(
            journal: journal, state: options.backend.backend == .sim ? state : nil,
            playbook: playbook)
        let arguments = CommandLine.arguments
        let words = arguments.count > 1 && arguments[1] == "run" ? Array(arguments.dropFirst(2)) : []
        var journaling = RunOptions.Journaling(
            open: { try SQLiteJournal(path: path) }, invocation: InvocationRedaction.redact(words),
            backend: backendDescription, workingDirectory: FileManager.default.currentDirectoryPath,
            resume: resumeRun.flatMap(RunID.init))
        let resuming = resumeRun != nil
        journaling.announce = { run in
            StandardError.write(
                "keyshare: \(resuming ? "resuming" : "run") \(run), journal \(path.path) "
                    + "(if it stops: keyshare resume \(run) --journal \(path.path))\n")
        }
        return journaling
    }

    /// The backend in words, without secrets: what `runs show` prints and `resume` checks.
    var backendDescription: String {
        switch options.backend.backend {
        case .sim:
            let state =
                options.backend.simulator.state.map { "state \(URL(fileURLWithPath: $0).standardizedFileURL.path)" }
                ?? "in memory"
            return "sim (\(state)\(options.backend.simulator.world.map { ", world \($0)" } ?? ""))"
        case .http:
            return
                "http (\(options.backend.endpoint ?? "public endpoints")\(options.backend.profile.map { ", profile \($0)" } ?? ""))"
        }
    }

    /// The composition root's choice: the simulator (starter world of 40 accounts unless --world)
    /// or the real cloud over HTTP, plus the account raw calls act as by default.
    func makeCloud() async throws
        -> (any Cloud, AccountID, (@Sendable () async throws -> Void)?, SimulatorLaunch.Opened?)
    {
        switch options.backend.backend {
        case .sim:
            // Disks, snapshots and images stay Creating for 2 simulated seconds; waits move the
            // clock (see `sleep` in run()), so verification costs no real time.
            let environment = SimulatorEnvironment(isDeterministic: false, seed: 0, start: Date(), provisioningDelay: 2)
            let launched = try await options.backend.simulatorLaunch(starterAccounts: World.starterMembers).open(
                environment: environment)
            guard let account = await launched.cloud.defaultAccount() else {
                if let created = launched.createdStateFile { SimulatorLaunch.remove(created) }
                throw StartFailure("--world \(options.backend.world ?? ""): the world has no accounts; add one under `accounts:`")
            }
            return (launched.cloud, account, nil, launched)
        case .http:
            let (cloud, account) = try await options.openRemoteCloud()
            return (cloud, account, { try await cloud.shutdown() }, nil)
        }
    }
}
