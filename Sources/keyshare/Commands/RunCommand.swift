import ArgumentParser
import Foundation
import LuaKit
import Logging

/// `keyshare run FILE.lua [args…]`: runs a Lua file in the sandbox with `print` and `log`.
///
/// The file runs as a coroutine of the LuaKit driver, so bindings that suspend work at its top
/// level. Exit code 0 on success, 1 on a Lua error (printed as `file:line: message` + traceback).
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a Lua file in the keyshare sandbox.",
        discussion: """
            The script gets its arguments as `...` and in the global `arg` table (arg[0] is the file). \
            Besides Lua's safe libraries it has `print` and `log.debug/info/warn/error(...)` \
            (to standard error). Options of `run` go before FILE: everything after FILE is passed to \
            the script unchanged.
            """
    )

    @Option(name: .customLong("max-instructions"), help: "Lua instructions the script may execute.")
    var maxInstructions: Int = 1_000_000_000

    @Option(name: .customLong("max-memory"), help: "Megabytes of memory the Lua state may use.")
    var maxMemory: Int = 256

    @Flag(help: "Widen the sandbox: full io and os libraries (files, processes, environment).")
    var trusted = false

    @Option(name: .customLong("log-level"), help: "Lowest level shown: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    @Argument(help: "The Lua file to run.")
    var file: String

    @Argument(parsing: .captureForPassthrough, help: "Arguments passed to the script.")
    var arguments: [String] = []

    func validate() throws {
        guard maxInstructions > 0 else {
            throw ValidationError("--max-instructions must be a positive count, got \(maxInstructions)")
        }
        guard maxMemory > 0, maxMemory <= Int.max / 1_048_576 else {
            throw ValidationError("--max-memory must be a positive number of megabytes, got \(maxMemory)")
        }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level '\(logLevel)' is not a level: use trace, debug, info, notice, warning, error or critical")
        }
    }

    func run() async throws {
        var logger = Logger(label: "keyshare.run") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        if trusted {
            logger.warning("--trusted widens the sandbox: the script may read and write files, run programs and read the environment")
        }
        let scriptLogger = Logger(label: "lua") { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = logger.logLevel
            return handler
        }

        do {
            let state = try LuaState(options: .init(
                sandbox: trusted ? .trusted : .strict,
                memoryLimit: maxMemory * 1_048_576,
                instructionLimit: maxInstructions,
                pluginPaths: []
            ))
            try state.register(LogModule.make(logger: scriptLogger))
            let scriptArguments = arguments.map(LuaValue.string)
            var argTable = LuaTable(array: scriptArguments)
            argTable[.integer(0)] = .string(file)
            try state.setGlobal("arg", .table(argTable))
            let chunk = try state.loadFile(URL(fileURLWithPath: file, relativeTo: nil))
            _ = try await state.run(chunk, arguments: scriptArguments)
        } catch let error as LuaError {
            FileHandle.standardError.write(Data("keyshare: \(error.description)\n".utf8))
            throw ExitCode.failure
        }
    }
}
