import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A child process started with `posix_spawn`, with the part of `Foundation.Process`'s API the
/// end-to-end tests use. Why not `Process`: on Linux (Swift 6.3.1) its `run()` scans /proc/self/fd
/// copying whole `dirent` names, an over-read that now and then crashes the whole test process
/// (swift-corelibs-foundation PR 5472); that crash took down a full suite run here.
final class ChildProcess: @unchecked Sendable {
    /// How the child ended.
    enum TerminationReason: Sendable { case exit, uncaughtSignal }

    /// The program to start.
    var executableURL: URL?
    /// The words after the program name.
    var arguments: [String] = []
    /// The child's whole environment; nil inherits the test process's.
    var environment: [String: String]?
    /// The child's working directory; nil inherits the test process's.
    var currentDirectoryURL: URL?
    /// A `Pipe` or a `FileHandle` for the child's standard input; nil inherits.
    var standardInput: Any?
    /// A `Pipe` or a `FileHandle` for the child's standard output; nil inherits.
    var standardOutput: Any?
    /// A `Pipe` or a `FileHandle` for the child's standard error; nil inherits.
    var standardError: Any?

    private let lock = NSLock()
    private let reaped = DispatchGroup()
    private var pid: pid_t = 0
    private var waitStatus: Int32?

    /// The child's process id (0 before `run()`).
    var processIdentifier: Int32 { lock.withLock { pid } }

    /// Starts the child; a reaper thread waits for its end. Throws when it cannot be spawned.
    func run() throws {
        guard let executable = executableURL else { throw CocoaError(.fileNoSuchFile) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var parentCloses: [FileHandle] = []
        for (stream, descriptor) in [(standardInput, Int32(0)), (standardOutput, 1), (standardError, 2)] {
            if let pipe = stream as? Pipe {
                let childEnd = descriptor == 0 ? pipe.fileHandleForReading : pipe.fileHandleForWriting
                posix_spawn_file_actions_adddup2(&actions, childEnd.fileDescriptor, descriptor)
                parentCloses.append(childEnd)
            } else if let handle = stream as? FileHandle {
                posix_spawn_file_actions_adddup2(&actions, handle.fileDescriptor, descriptor)
            }
        }
        // Other tests' pipes are open in this process too: a child holding their write ends would
        // keep their readers from ever seeing end of file.
        guard let closeFrom = Self.closeFrom, let changeDirectory = Self.changeDirectory else {
            throw CocoaError(.featureUnsupported, userInfo: [NSLocalizedDescriptionKey: "glibc 2.34 or later is needed"])
        }
        _ = closeFrom(&actions, 3)
        if let directory = currentDirectoryURL { _ = changeDirectory(&actions, directory.path) }
        let words = [executable.path] + arguments
        let variables =
            environment.map { $0.map { "\($0.key)=\($0.value)" } }
            ?? ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
        let argv = words.map { strdup($0) } + [nil]
        let envp = variables.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var spawned: pid_t = 0
        let status = posix_spawn(&spawned, executable.path, &actions, nil, argv, envp)
        let child = spawned
        guard status == 0 else {
            throw CocoaError(
                .fileReadNoPermission,
                userInfo: [
                    NSLocalizedDescriptionKey: "cannot start \(executable.path): \(String(cString: strerror(status)))"
                ])
        }
        for handle in parentCloses { try? handle.close() }
        lock.withLock { pid = child }
        reaped.enter()
        Thread { [self] in
            var raw: Int32 = 0
            while waitpid(child, &raw, 0) == -1 && errno == EINTR {}
            lock.withLock { waitStatus = raw }
            reaped.leave()
        }.start()
    }

    // glibc's `_np` spawn actions are not imported into Swift: looked up once by name.
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private typealias ChangeDirectory =
        @convention(c) (
            UnsafeMutablePointer<posix_spawn_file_actions_t>,
            UnsafePointer<CChar>
        ) -> Int32
    private static let closeFrom: CloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np")
    private static let changeDirectory: ChangeDirectory? = symbol("posix_spawn_file_actions_addchdir_np")

    private static func symbol<T>(_ name: String) -> T? {
        guard let handle = dlopen(nil, RTLD_NOW), let address = dlsym(handle, name) else { return nil }
        return unsafeBitCast(address, to: T.self)
    }

    /// Whether the child has not ended yet.
    var isRunning: Bool { lock.withLock { pid != 0 && waitStatus == nil } }

    /// Blocks until the child has ended.
    func waitUntilExit() {
        guard processIdentifier != 0 else { return }
        reaped.wait()
    }

    /// Sends SIGTERM.
    func terminate() {
        let child = processIdentifier
        if child != 0 && isRunning { _ = kill(child, SIGTERM) }
    }

    /// The exit code, or the signal number when a signal ended it (as `Process` reports them).
    var terminationStatus: Int32 {
        let raw = lock.withLock { waitStatus } ?? 0
        return raw & 0x7f == 0 ? (raw >> 8) & 0xff : raw & 0x7f
    }

    /// Whether the child exited or was ended by a signal.
    var terminationReason: TerminationReason {
        let raw = lock.withLock { waitStatus } ?? 0
        return raw & 0x7f == 0 ? .exit : .uncaughtSignal
    }
}

/// Runs blocking process work on a thread of its own, never on Swift's cooperative pool, whose two
/// threads here also serve every other suite's async tests (and in-process servers).
func onOwnThread<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
