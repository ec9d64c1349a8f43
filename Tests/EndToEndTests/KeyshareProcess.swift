import Foundation

/// The package root, found by walking up from this file to Package.swift.
let packageRoot: URL = {
    var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
        url.deleteLastPathComponent()
    }
    return url
}()

/// The built CLI under test (`swift build` puts it there before `swift test`).
let keyshareBinary = packageRoot.appendingPathComponent(".build/debug/keyshare")

/// Whether the binary exists; suites skip with a message naming the build command when it does not.
let keyshareBinaryExists = FileManager.default.isExecutableFile(atPath: keyshareBinary.path)

/// What one run of the binary printed and how it ended.
struct KeyshareOutcome: Sendable {
    /// The exit status.
    var status: Int32
    /// Everything written to standard output.
    var output: String
    /// Everything written to standard error.
    var errors: String
}

/// Runs the binary the way a user does, on a Dispatch thread: waiting for a process must never block
/// Swift's cooperative pool, which every other suite's async tests share.
func keyshare(_ arguments: [String], environment: [String: String] = [:]) async throws -> KeyshareOutcome {
    try await keyshare(KeyshareInvocation(arguments: arguments, environment: environment))
}

/// One run of a binary to its end: what to start, from where, with which environment changes, and
/// (optionally) how long it may take before it counts as hung.
struct KeyshareInvocation: Sendable {
    /// The words after the program name.
    var arguments: [String]
    /// The working directory; nil keeps the test process's.
    var directory: URL? = nil
    /// Variables set on top of the inherited environment.
    var environment: [String: String] = [:]
    /// Inherited variables taken away.
    var removing: [String] = []
    /// The program; the built `keyshare` unless a test runs it through a link or a copy.
    var executable: URL = keyshareBinary
    /// Seconds after which the process is killed and the run reported as hung (nil waits forever).
    var timeout: Double? = nil
    /// A file standard input reads (e.g. /dev/null: surely not a terminal); nil inherits the test's.
    var inputFile: String? = nil
}

/// Runs `invocation` on a Dispatch thread; nil when it outlived its timeout and was killed (a hang).
func keyshareUnlessHung(_ invocation: KeyshareInvocation) async throws -> KeyshareOutcome? {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try run(invocation) }) }
    }
}

/// Runs `invocation` on a Dispatch thread; a timeout it outlives is an error.
func keyshare(_ invocation: KeyshareInvocation) async throws -> KeyshareOutcome {
    guard let outcome = try await keyshareUnlessHung(invocation) else { throw HungProcess(arguments: invocation.arguments) }
    return outcome
}

/// A run killed after its timeout where the caller wanted an outcome.
private struct HungProcess: Error, CustomStringConvertible {
    var arguments: [String]
    var description: String { "keyshare \(arguments.joined(separator: " ")) did not end in time" }
}

/// Blocks the calling thread until the process ends (or is killed after its timeout).
private func run(_ invocation: KeyshareInvocation) throws -> KeyshareOutcome? {
    let process = ChildProcess()
    process.executableURL = invocation.executable
    process.arguments = invocation.arguments
    if let directory = invocation.directory { process.currentDirectoryURL = directory }
    var environment = ProcessInfo.processInfo.environment.merging(invocation.environment) { _, new in new }
    for name in invocation.removing { environment[name] = nil }
    process.environment = environment
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    if let path = invocation.inputFile { process.standardInput = FileHandle(forReadingAtPath: path) }
    try process.run()
    // Read both pipes at once so a chatty child never blocks on a full pipe; on threads of their
    // own, so that many runs at once cannot starve Dispatch's few threads of their readers.
    let finished = DispatchSemaphore(value: 0)
    let outputData = PipeData()
    let errorData = PipeData()
    for (pipe, data) in [(output, outputData), (errors, errorData)] {
        Thread {
            data.value = pipe.fileHandleForReading.readDataToEndOfFile()
            finished.signal()
        }.start()
    }
    let deadline: DispatchTime = invocation.timeout.map { .now() + $0 } ?? .distantFuture
    var hung = false
    if finished.wait(timeout: deadline) == .timedOut {
        hung = true
        kill(process.processIdentifier, SIGKILL)
        finished.wait()
    }
    finished.wait()
    process.waitUntilExit()
    if hung { return nil }
    return KeyshareOutcome(
        status: process.terminationStatus, output: String(decoding: outputData.value, as: UTF8.self),
        errors: String(decoding: errorData.value, as: UTF8.self))
}

/// What one pipe held, written on the thread that read it.
private final class PipeData: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = Data()
    var value: Data {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

/// A fresh temporary folder for one test.
func temporaryFolder(_ prefix: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
