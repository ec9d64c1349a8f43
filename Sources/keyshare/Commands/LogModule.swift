import Logging
import LuaKit

/// The `log` Lua module: `log.debug/info/warn/error(...)` write their arguments, converted like
/// `print` does (`tostring`, tab-separated), through swift-log.
enum LogModule {
    /// A `log` module writing to `logger`, tagged with the calling script's position.
    static func make(logger: Logger) -> LuaModule {
        LuaModule(
            name: "log",
            functions: [
                "debug": entry(.debug, logger),
                "info": entry(.info, logger),
                "warn": entry(.warning, logger),
                "error": entry(.error, logger),
            ])
    }

    private static func entry(_ level: Logger.Level, _ logger: Logger) -> LuaFunction {
        { arguments in
            guard logger.logLevel <= level else { return .none }
            let parts = try (0..<arguments.count).map { try arguments.displayString($0 + 1) }
            let metadata: Logger.Metadata? = arguments.callerPosition.map { ["at": .string($0)] }
            logger.log(level: level, "\(parts.joined(separator: "\t"))", metadata: metadata)
            return .none
        }
    }
}
