/// Why running Lua failed, as seen from Swift.
///
/// Limit errors name the limit and the `keyshare` flag that raises it, because the person reading
/// them is usually running a playbook from the command line.
public enum LuaError: Error, Sendable, Equatable {
    /// The source does not parse; the message starts with `chunk:line:`.
    case syntax(message: String)
    /// A Lua error: the message (`chunk:line: text` for string errors, the `__tostring` text for
    /// error objects), the traceback when one was taken, and the raised value itself, so error
    /// tables keep their fields (`code`, `message`, …).
    case runtime(message: String, traceback: String?, value: LuaValue)
    /// The state needed more memory than its cap (bytes).
    case memory(limit: Int)
    /// The run executed more Lua instructions than its budget.
    case budget(limit: Int)
    /// LuaKit was used wrongly (a bad option, a reference from another state, an unreadable file);
    /// the message names the input and the fix.
    case invalidUsage(String)

    /// The error's one-line message (no traceback).
    public var message: String {
        switch self {
        case .syntax(let message), .runtime(let message, _, _), .invalidUsage(let message):
            message
        case .memory(let limit):
            "memory limit exceeded: the Lua state needed more than \(LuaError.size(limit)) "
                + "(raise the limit with --max-memory MB)"
        case .budget(let limit):
            "instruction budget exceeded: the script ran more than \(limit) Lua instructions "
                + "(raise the limit with --max-instructions N)"
        }
    }

    /// The traceback of a runtime error, if one was taken.
    public var traceback: String? {
        if case .runtime(_, let traceback, _) = self { return traceback }
        return nil
    }

    /// The fields of a structured error value (an error table), or nil for string errors.
    public var fields: LuaTable? {
        if case .runtime(_, _, .table(let table)) = self { return table }
        return nil
    }

    /// Whole mebibytes as `N MB` (the unit of `--max-memory`), anything else in bytes.
    static func size(_ bytes: Int) -> String {
        bytes % 1_048_576 == 0 ? "\(bytes / 1_048_576) MB" : "\(bytes) bytes"
    }
}

extension LuaError: CustomStringConvertible {
    /// The message followed by the traceback, when there is one.
    public var description: String {
        guard let traceback, !traceback.isEmpty else { return message }
        return "\(message)\n\(traceback)"
    }
}

/// A Swift error that Lua receives as a table rather than a string, so scripts can branch on
/// `err.code` after `pcall`. The table gets a metatable whose `__tostring` returns ``luaMessage``;
/// when it escapes back to Swift it arrives as ``LuaError/runtime(message:traceback:value:)`` with
/// the same fields, and raising that `LuaError` again re-creates the same table.
public protocol LuaErrorObject: Error {
    /// The fields of the error table (for example `code`, `message`, `request_id`).
    var luaFields: LuaTable { get }
    /// What `tostring(err)` returns.
    var luaMessage: String { get }
}

extension LuaErrorObject {
    /// The Swift description, unless the type says otherwise.
    public var luaMessage: String { String(describing: self) }
}

/// A bad argument, reported in Lua's own words by `luaL_argerror`, for example
/// `bad argument #2 to 'kms.create_key' (table expected, got nil)`.
public struct LuaArgumentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based argument position.
    public var position: Int
    /// The text inside the parentheses, such as `table expected, got nil`.
    public var message: String
    /// The function's name, for errors raised after a suspension, when Lua no longer knows it.
    public var function: String?

    /// An argument error at `position` with Lua-style `message`.
    public init(position: Int, message: String, function: String? = nil) {
        self.position = position
        self.message = message
        self.function = function
    }

    /// The standard type-mismatch wording: `<expected> expected, got <actual>`.
    public static func typeMismatch(position: Int, expected: String, got actual: String) -> LuaArgumentError {
        LuaArgumentError(position: position, message: "\(expected) expected, got \(actual)")
    }

    /// `bad argument #N (message)`; Lua adds the function name when it raises it.
    public var description: String { "bad argument #\(position)\(function.map { " to '\($0)'" } ?? "") (\(message))" }
}
