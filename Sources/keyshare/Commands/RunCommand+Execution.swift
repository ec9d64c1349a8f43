import ACSClient
import ArgumentParser
import CloudAPI
import CloudModel
import Foundation
import Logging
import LuaKit
import Rollout
import Runner

extension PlaybookOptions {
    /// What a run or a plan settles before it opens a cloud: loggers, the file, plugins, reporters.
    struct Start {
        /// keyshare's own log.
        var logger: Logger
        /// The log of the script's `log.*` calls.
        var scriptLogger: Logger
        /// The playbook or script.
        var url: URL
        /// Where plugins are found.
        var searchPath: PluginSearchPath
        /// The reporters chosen (or the command's default).
        var reporters: [RunOptions.Reporter]
        /// The words a plain script receives.
        var scriptArguments: [LuaValue]
    }

    /// Refuses, before any cloud is opened, what can be refused without one (an unreadable file,
    /// an unknown reporter), so a command that cannot start creates no state file and makes no call.
    ///
    /// - Parameter defaultReporters: the reporters used without `--reporter`.
    /// - Throws: `StartFailure` (exit 2) with the reason.
    func start(defaultReporters: [RunOptions.Reporter]) throws -> Start {
        var logger = Logger(label: "keyshare.run") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        if trusted {
            logger.warning(
                "--trusted widens the sandbox: the script may read and write files, run programs and read the environment")
        }
        let level = logger.logLevel
        let scriptLogger = Logger(label: "lua") { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let url = URL(fileURLWithPath: file)
        let searchPath = PluginSearchPath.discover(extra: pluginPaths.map { URL(fileURLWithPath: $0) })
        let reporterChoices = reporters.isEmpty ? defaultReporters : reporters.map(RunOptions.Reporter.init(parsing:))
        do {
            try RunPreflight.checkScript(url)
            try RunPreflight.checkReporters(reporterChoices, catalog: PluginInspector.catalog(searchPath))
        } catch let error as RunError {
            throw StartFailure(error.message)
        }
        return Start(
            logger: logger, scriptLogger: scriptLogger, url: url, searchPath: searchPath,
            reporters: reporterChoices, scriptArguments: Run.scriptArguments(arguments).map(LuaValue.string))
    }

    /// The runner's options for these flags, acting as `defaultAccount`, waiting through `sleep`.
    func runOptions(_ start: Start, defaultAccount: AccountID, sleep: @escaping @Sendable (Duration) async -> Void)
        -> RunOptions
    {
        let scriptArguments = start.scriptArguments
        let scriptFile = file
        let scriptLogger = start.scriptLogger
        var options = RunOptions(
            searchPath: start.searchPath,
            defaultAccount: defaultAccount, region: backend.regionID(),
            params: Run.parameterPairs(params),
            concurrency: nil,
            reporters: start.reporters,
            sleep: sleep, sandbox: trusted ? .trusted : .strict, memoryLimit: maxMemory * 1_048_576,
            instructionLimit: maxInstructions)
        options.readablePaths = [start.url.deletingLastPathComponent()]
        options.allowEmpty = allowEmpty
        // `check` refused bad values before this runs, so the overrides parse here.
        options.staging = (try? staging.overrides(concurrency: concurrency)) ?? StagingOptions()
        options.staging.answer = staging.yes ? .yes : TerminalPause.answer() ?? .unavailable
        options.prepareState = { state in
            try state.register(LogModule.make(logger: scriptLogger))
            var argTable = LuaTable(array: scriptArguments)
            argTable[.integer(0)] = .string(scriptFile)
            try state.setGlobal("arg", .table(argTable))
        }
        return options
    }

    /// Runs the file through a `PluginRunner` on `cloud`: the outcome and the reporters that could
    /// not write. A script that raised exits 1; input the runner refused goes to `couldNotStart`.
    static func execute(
        cloud: any Cloud, options: RunOptions, url: URL, arguments: [LuaValue],
        couldNotStart: (String) -> ExitCode
    ) async throws -> (RunOutcome, [String]) {
        do {
            let runner = try PluginRunner(cloud: cloud, options: options)
            let outcome = try await runner.run(url, arguments: arguments)
            return (outcome, await runner.reportFailures)
        } catch let error as LuaError {
            StandardError.write("keyshare: \(error.description)\n")
            throw ExitCode.failure
        } catch let error as DiagnosticsError {
            throw couldNotStart("keyshare: the playbook cannot run:\n\(error)\n")
        } catch let error as RunError {
            throw couldNotStart("keyshare: \(error)\n")
        } catch let error as RolloutError {
            throw couldNotStart("keyshare: \(error)\n")
        }
    }

    /// The http backend and the account its credentials belong to (GetCallerIdentity, a read).
    ///
    /// - Throws: `StartFailure` when credentials cannot be found or read, or the cloud cannot say
    ///   who they are: nothing ran, exit 2 like any other input a command cannot start with.
    func openRemoteCloud() async throws -> (RemoteCloud, AccountID) {
        let cloud: RemoteCloud
        do {
            cloud = try backend.makeRemoteCloud()
        } catch {
            throw StartFailure("\(error)")
        }
        do {
            return (cloud, try await cloud.broker.ownAccountID())
        } catch {
            try? await cloud.shutdown()
            throw StartFailure(
                "the http backend could not identify its credentials (GetCallerIdentity); "
                    + "nothing ran: \(error). Check --endpoint, --profile and the network.")
        }
    }
}
