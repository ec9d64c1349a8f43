import Foundation
import Testing

@testable import LuaKit

/// `io.open` and `require` in the strict sandbox: relative paths resolve against the base folder
/// (never the working directory), every symlink is resolved before the root check, and only
/// regular files open, without blocking on FIFOs or devices.
@Suite("Sandbox file access", .serialized)
struct SandboxFileAccessTests {
    /// A playbook folder with files and hostile links next to a folder it must not read.
    struct Tree {
        let root: URL
        var book: URL { root.appendingPathComponent("book") }
        var outside: URL { root.appendingPathComponent("outside") }
        var plugins: URL { root.appendingPathComponent("plugins") }

        init() throws {
            root = try makeTemporaryFolder()
            let manager = FileManager.default
            for folder in ["book/sub", "outside/mods", "plugins/lib"] {
                try manager.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
            }
            try write("ok", to: "book/data.txt")
            try write("sub", to: "book/sub/x.txt")
            try write("TOP-SECRET-CONTENT", to: "outside/secret.txt")
            try write("return 'outside module'", to: "outside/evil.lua")
            try write("return 'outside init'", to: "outside/mods/init.lua")
            try write("return 'good module'", to: "plugins/lib/good.lua")
            try write("return 'inside target'", to: "plugins/lib/target.lua")
            let links: [(String, String)] = [
                ("book/link", "../outside/secret.txt"), ("book/dirlink", "../outside"), ("book/chain", "link"),
                ("book/dangling", "nowhere.txt"), ("book/loop1", "loop2"), ("book/loop2", "loop1"),
                ("book/zero", "/dev/zero"), ("book/inside", "data.txt"), ("book/absolute", root.path + "/outside/secret.txt"),
                ("plugins/lib/evil.lua", "../../outside/evil.lua"), ("plugins/mods", "../outside/mods"),
                ("plugins/lib/alias.lua", "target.lua"),
            ]
            for (path, target) in links {
                try manager.createSymbolicLink(atPath: root.appendingPathComponent(path).path, withDestinationPath: target)
            }
            for fifo in ["book/fifo", "plugins/lib/fifo.lua"] {
                guard mkfifo(root.appendingPathComponent(fifo).path, 0o644) == 0 else {
                    throw LuaError.invalidUsage("mkfifo \(fifo) failed")
                }
            }
        }

        private func write(_ text: String, to path: String) throws {
            try text.write(to: root.appendingPathComponent(path), atomically: true, encoding: .utf8)
        }
    }

    /// What `io.open(path)` gives in a sandbox reading `book` (the base folder): the file's text,
    /// or the error message. Runs on a watchdog thread so a blocking open fails the test.
    private func open(_ path: String, in tree: Tree, base: URL? = nil) async -> String {
        let book = tree.book
        let outcome = await finishing(within: 60) { () -> String in
            do {
                let state = try LuaState(options: .init(readablePaths: [book], baseDirectory: base))
                let results = try state.execute(
                    "local f, err = io.open(...) if not f then return 'ERR ' .. err end local s = f:read('a') f:close() return s",
                    chunkName: "open.lua", arguments: [.string(path)])
                return results.first?.stringValue ?? "(nothing)"
            } catch {
                return "THROWN \(error)"
            }
        }
        return outcome ?? "TIMEOUT: io.open('\(path)') blocked"
    }

    @Test(
        "io.open refuses every way out of the readable folder, naming the path, the reason and --trusted",
        arguments: [
            ("/etc/passwd", "resolves to '/etc/passwd', outside the folders the sandbox may read"),
            ("../outside/secret.txt", "outside the folders the sandbox may read"),
            ("sub/../../outside/secret.txt", "outside the folders the sandbox may read"),
            ("link", "outside/secret.txt', outside the folders the sandbox may read"),
            ("dirlink/secret.txt", "outside the folders the sandbox may read"),
            ("chain", "outside the folders the sandbox may read"),
            ("absolute", "outside the folders the sandbox may read"),
            ("zero", "resolves to '/dev/zero', outside"),
            ("/dev/zero", "resolves to '/dev/zero', outside"),
            ("/proc/self/environ", "outside the folders the sandbox may read"),
        ])
    func escapesRefused(path: String, reason: String) async throws {
        let tree = try Tree()
        defer { try? FileManager.default.removeItem(at: tree.root) }
        let result = await open(path, in: tree)
        #expect(result.hasPrefix("ERR \(path): "), "\(path): \(result)")
        #expect(result.contains(reason), "\(path): \(result)")
        #expect(result.contains("--trusted"), "\(path): \(result)")
        #expect(!result.contains("TOP-SECRET-CONTENT"), "\(path): \(result)")
    }

    @Test(
        "io.open refuses what is not a regular file, quickly and with the reason",
        arguments: [
            ("fifo", "a FIFO, and the sandbox opens only regular files"),
            ("sub", "a directory, and the sandbox opens only regular files"),
            (".", "a directory"),
            ("", "a directory"),
            ("dangling", "No such file or directory (or a symlink whose target is missing)"),
            ("loop1", "symlink loop"),
            ("missing.txt", "No such file or directory"),
            ("/dev/stdin", "/dev/stdin: "),
            ("data.txt\0../outside/secret.txt", "contains a NUL byte"),
            ("sub/x.txt\0", "contains a NUL byte"),
            (String(repeating: "a/", count: 3000) + "x", "too long"),
        ])
    func nonRegularRefused(path: String, reason: String) async throws {
        let tree = try Tree()
        defer { try? FileManager.default.removeItem(at: tree.root) }
        let result = await open(path, in: tree)
        #expect(result.hasPrefix("ERR "), "\(path.prefix(40)): \(result.prefix(300))")
        #expect(result.contains(reason), "\(path.prefix(40)): \(result.prefix(300))")
    }

    @Test(
        "files below the base folder open by relative and absolute paths, also through inner symlinks",
        arguments: [
            ("data.txt", "ok"), ("./data.txt", "ok"), ("sub/x.txt", "sub"), ("sub/../data.txt", "ok"),
            ("inside", "ok"), ("sub//x.txt", "sub"),
        ])
    func insideOpens(path: String, text: String) async throws {
        let tree = try Tree()
        defer { try? FileManager.default.removeItem(at: tree.root) }
        #expect(await open(path, in: tree) == text)
        #expect(await open(tree.book.path + "/" + path, in: tree) == text)
    }

    @Test("relative paths resolve against the base folder, never the working directory")
    func relativeToBaseNotWorkingDirectory() async throws {
        let tree = try Tree()
        defer { try? FileManager.default.removeItem(at: tree.root) }
        // The test process runs in the package root, which has a Package.swift; the base has none.
        let cwdFile = "Package.swift"
        #expect(
            FileManager.default.fileExists(atPath: cwdFile)
                == FileManager.default.fileExists(
                    atPath: FileManager.default.currentDirectoryPath + "/" + cwdFile))
        #expect(await open(cwdFile, in: tree).hasPrefix("ERR Package.swift: No such file or directory"))
        // An explicit base inside the readable folder moves relative paths with it.
        #expect(await open("x.txt", in: tree, base: tree.book.appendingPathComponent("sub")) == "sub")
        #expect(
            await open("data.txt", in: tree, base: tree.book.appendingPathComponent("sub")).hasPrefix(
                "ERR data.txt: No such file"))
    }

    @Test("a base directory that is not a folder is refused with its path")
    func badBaseDirectory() throws {
        #expect(throws: LuaError.invalidUsage("base directory '/nonexistent/book' is not a folder: pass an existing directory")) {
            try LuaState(
                options: .init(
                    readablePaths: [URL(fileURLWithPath: "/tmp")],
                    baseDirectory: URL(fileURLWithPath: "/nonexistent/book")))
        }
    }

    @Test("without readable paths there is no io at all")
    func noReadablePathsNoIO() throws {
        let state = try LuaState()
        #expect(try state.first("return io") == .nil)
    }

    @Test(
        "io.open stays read-only: write, append and update modes are refused",
        arguments: ["w", "a", "r+", "w+", "rw", "wb"])
    func readOnly(mode: String) throws {
        let tree = try Tree()
        defer { try? FileManager.default.removeItem(at: tree.root) }
        let state = try LuaState(options: .init(readablePaths: [tree.book]))
        let results = try state.execute("return io.open('data.txt', ...)", chunkName: "w.lua", arguments: [.string(mode)])
        #expect(results.last?.stringValue == "data.txt: the sandbox opens files for reading only (mode \"r\"), not \"\(mode)\"")
    }

    @Test("an opened file handle reads lines and seeks, and its metatable is locked")
    func handleWorks() throws {
        let tree = try Tree()
        defer { try? FileManager.default.removeItem(at: tree.root) }
        let state = try LuaState(options: .init(readablePaths: [tree.book]))
        let results = try state.execute(
            """
            local f = assert(io.open('data.txt'))
            local first = f:read(1)
            f:seek('set', 0)
            local all = f:read('a')
            local closed = f:close()
            return first, all, closed, tostring(f), getmetatable(f), (pcall(setmetatable, f, {}))
            """, chunkName: "handle.lua")
        #expect(results == ["o", "ok", true, "file (closed)", "FILE*", false])
    }

    /// What `require(name)` gives with `plugins` as the plugin root: the module's value or the error.
    private func require(_ name: String, in tree: Tree) async -> String {
        let plugins = tree.plugins
        return await finishing(within: 60) { () -> String in
            do {
                let state = try LuaState(options: .init(pluginPaths: [plugins]))
                let results = try state.execute(
                    "local ok, v = pcall(require, ...) return (ok and '' or 'ERR ') .. tostring(v)",
                    chunkName: "require.lua", arguments: [.string(name)])
                return results.first?.stringValue ?? "(nothing)"
            } catch {
                return "THROWN \(error)"
            }
        } ?? "TIMEOUT: require('\(name)') blocked"
    }

    @Test(
        "require refuses modules that leave the plugin folder through a symlink, and non-regular files",
        arguments: [
            ("lib.evil", "resolves to '", "outside the plugin folders; require does not follow symlinks"),
            ("mods", "mods/init.lua", "outside the plugin folders"),
            ("lib.fifo", "lib/fifo.lua", "a FIFO, and the sandbox opens only regular files"),
            ("lib.missing", "no file '", "lib/missing.lua'"),
        ])
    func requireRefused(name: String, path: String, reason: String) async throws {
        let tree = try Tree()
        defer { try? FileManager.default.removeItem(at: tree.root) }
        let result = await require(name, in: tree)
        #expect(result.hasPrefix("ERR "), "\(name): \(result)")
        #expect(result.contains(path) && result.contains(reason), "\(name): \(result)")
        #expect(!result.contains("outside module") && !result.contains("outside init"), "\(name): \(result)")
    }

    @Test(
        "require loads modules inside the plugin folder, also through a symlink that stays inside",
        arguments: [("lib.good", "good module"), ("lib.alias", "inside target"), ("lib.target", "inside target")])
    func requireAllowed(name: String, value: String) async throws {
        let tree = try Tree()
        defer { try? FileManager.default.removeItem(at: tree.root) }
        #expect(await require(name, in: tree) == value)
    }

    @Test("a module's errors name its path inside the plugin folder")
    func moduleChunkName() async throws {
        let tree = try Tree()
        defer { try? FileManager.default.removeItem(at: tree.root) }
        try "error('boom')".write(to: tree.plugins.appendingPathComponent("lib/bad.lua"), atomically: true, encoding: .utf8)
        let result = await require("lib.bad", in: tree)
        #expect(result.hasPrefix("ERR "))
        #expect(result.contains("lib/bad.lua:1: boom"), "\(result)")
    }
}
