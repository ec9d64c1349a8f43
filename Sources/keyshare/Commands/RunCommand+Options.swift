import ArgumentParser
import Foundation
import Logging

/// The options `keyshare run` and `keyshare plan` share (a plan takes every option of the run it
/// predicts): the backend, params, concurrency, reporters, plugin folders, Lua limits, the file and
/// a plain script's words.
struct PlaybookOptions: ParsableArguments {
    @OptionGroup var backend: BackendOptions

    @Option(name: .customLong("param"), help: ArgumentHelp("A playbook parameter (repeatable).", valueName: "name=value"))
    var params: [String] = []

    @Option(
        help: ArgumentHelp(
            "Targets in flight at once: a count or a percentage of the targets (default: the playbook's, else 10).",
            valueName: "n|n%"))
    var concurrency: String?

    @OptionGroup var staging: StagingFlags

    @Option(
        name: .customLong("reporter"),
        help: ArgumentHelp(
            "A reporter plugin, optionally writing to a file: console, json=run.jsonl, junit=report.xml (repeatable; default console).",
            valueName: "name[=file]"))
    var reporters: [String] = []

    @Option(
        name: .customLong("plugin-path"),
        help: ArgumentHelp(
            "An extra plugin folder, searched first (repeatable); then ./plugins, ~/.config/keyshare/plugins, the installation (see `keyshare plugins --help`).",
            valueName: "dir"))
    var pluginPaths: [String] = []

    @Option(name: .customLong("max-instructions"), help: "Lua instructions the script (each target's coroutine) may execute.")
    var maxInstructions: Int = 1_000_000_000

    @Option(name: .customLong("max-memory"), help: "Megabytes of memory the Lua state may use.")
    var maxMemory: Int = 256

    @Flag(
        name: .customLong("allow-empty"),
        help: "Accept an inventory with no targets (a run of nothing, exit 0) instead of refusing it (exit 2).")
    var allowEmpty = false

    @Flag(help: "Widen the sandbox: full io and os libraries (files, processes, environment).")
    var trusted = false

    @Option(name: .customLong("log-level"), help: "Lowest level shown: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    @Argument(help: "The playbook or Lua file to run.")
    var file: String

    // `.allUnrecognized`: `keyshare run PLAYBOOK --param k=v` must set the param, not hand it to the script.
    @Argument(parsing: .allUnrecognized, help: "Arguments passed to the script.")
    var arguments: [String] = []

    /// `run`'s and `plan`'s checks, in the order `run` always made them; `command` names the
    /// subcommand in messages (`keyshare run`), `type` gives its help for the nearest-option hint.
    func check(command: String, type: any ParsableCommand.Type) throws {
        guard maxInstructions > 0 else {
            throw ValidationError("--max-instructions must be a positive count, got \(maxInstructions)")
        }
        guard maxMemory > 0, maxMemory <= Int.max / 1_048_576 else {
            throw ValidationError("--max-memory must be a positive number of megabytes, got \(maxMemory)")
        }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError(
                "--log-level '\(logLevel)' is not a level: use trace, debug, info, notice, warning, error or critical")
        }
        _ = try staging.overrides(concurrency: concurrency)
        for param in params {
            guard let equals = param.firstIndex(of: "="), equals != param.startIndex else {
                throw ValidationError("--param '\(param)' is not name=value with a name (e.g. --param verify=false)")
            }
        }
        try Run.checkRegion(backend.region, environment: ProcessInfo.processInfo.environment)
        try Run.checkScriptWords(arguments, file: file, command: command, type: type)
        try Run.checkReporterOutputs(reporters)
        try Plugins.Paths.checkPluginPaths(pluginPaths)
    }
}
