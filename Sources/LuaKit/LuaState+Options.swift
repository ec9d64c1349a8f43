import Foundation

extension LuaState {
    /// How much of Lua's standard library a state exposes.
    public enum Sandbox: Sendable, Equatable {
        /// The default: base (without `dofile`/`loadfile`, with a text-only `load`), `package`
        /// (`require` limited to the plugin folders), `coroutine`, `table`, `string`, `math`,
        /// `utf8`, and `os` limited to `time`/`date`/`clock`/`difftime`; `io` only as a read-only
        /// `io.open` of regular files below ``Options/readablePaths`` after every symlink, relative
        /// paths resolving against ``Options/baseDirectory``; no `debug`.
        case strict
        /// Also the full `io` and `os` libraries (files, processes, environment, `os.exit`). For
        /// scripts you wrote yourself. `debug`, `package.loadlib` and binary chunks stay out,
        /// because they can break the bridge's safety rather than only the sandbox.
        case trusted
    }

    /// Settings fixed when a state is created.
    public struct Options: Sendable {
        /// Which libraries the state gets.
        public var sandbox: Sandbox
        /// Cap on the bytes the state may allocate while Lua runs; nil for none.
        public var memoryLimit: Int?
        /// Lua instructions a run may execute (per ``LuaState/execute(_:chunkName:arguments:)``
        /// call, per coroutine of ``LuaState/runConcurrently(_:isolation:)``); nil for none.
        /// A budget installs a count hook, which makes pure-Lua code roughly 2× slower. In both
        /// sandboxes the budget also charges work Lua does in C (pattern matching, table and string
        /// loops, allocation), and `setmetatable` refuses `__gc`, since finalizers run unbudgeted.
        /// Bindings are charged their CPU time and one instruction per 16 bytes of the strings they
        /// take and return (as `print`, `warn` and `tonumber` are); once charges pass the budget,
        /// library calls raise on return and further growth is refused, so no work waits for the
        /// hook's next count; a run that caught the budget error still ends with it.
        public var instructionLimit: Int?
        /// Folders `require` searches: `require "a.b"` loads `<root>/a/b.lua` or
        /// `<root>/a/b/init.lua`, text only.
        public var pluginPaths: [URL]
        /// Folders below which the strict sandbox's `io.open` may read files (after every symlink).
        public var readablePaths: [URL]
        /// The folder relative `io.open` paths resolve against (never the working directory); nil
        /// means the first of ``readablePaths``.
        public var baseDirectory: URL?

        /// Default limits: 256 MiB of memory and 10⁹ instructions, strict sandbox, no folders.
        public init(
            sandbox: Sandbox = .strict,
            memoryLimit: Int? = 256 * 1_048_576,
            instructionLimit: Int? = 1_000_000_000,
            pluginPaths: [URL] = [],
            readablePaths: [URL] = [],
            baseDirectory: URL? = nil
        ) {
            self.sandbox = sandbox
            self.memoryLimit = memoryLimit
            self.instructionLimit = instructionLimit
            self.pluginPaths = pluginPaths
            self.readablePaths = readablePaths
            self.baseDirectory = baseDirectory
        }
    }
}
