import CloudSimulator
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// How a `keyshare` process that a test meant to kill ended.
struct KillOutcome: Sendable {
    /// Whether SIGKILL ended it (false: it exited on its own first, with `status`).
    var killed: Bool
    /// The exit status when it exited on its own.
    var status: Int32
    /// Whether every marker appeared before the kill.
    var sawMarker: Bool
    /// Everything it wrote, standard output and standard error interleaved.
    var errors: String
}

/// Starts `keyshare` and kills it with SIGKILL at a chosen moment: `delay` ms after every one of
/// `markers` appeared in its output (standard output and error together; none: after the start).
/// Blocking; call it through `onOwnThread`. A process that neither prints the markers nor ends
/// within `hangGuard` seconds is killed and reported as a hang.
func killKeyshare(
    _ arguments: [String], in directory: URL, after markers: [String], milliseconds delay: Int,
    hangGuard: Double = 120
) throws -> KillOutcome {
    let process = ChildProcess()
    process.executableURL = keyshareBinary
    process.arguments = arguments
    process.currentDirectoryURL = directory
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = errors
    try process.run()
    let text = StreamText()
    let arrived = DispatchSemaphore(value: 0)
    let reader = Thread {
        while true {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text.append(chunk)
            arrived.signal()
        }
        text.finish()
        arrived.signal()
    }
    reader.start()
    let deadline = Date().addingTimeInterval(hangGuard)
    var sawMarker = false
    if !markers.isEmpty {
        while Date() < deadline {
            let seen = text.value
            if markers.allSatisfy(seen.contains) {
                sawMarker = true
                break
            }
            if text.isFinished { break }
            _ = arrived.wait(timeout: .now() + 0.05)
        }
    }
    let hung = !markers.isEmpty && !sawMarker && !text.isFinished
    if !hung { Thread.sleep(forTimeInterval: Double(delay) / 1000) }
    if process.isRunning { _ = kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
    while !text.isFinished { _ = arrived.wait(timeout: .now() + 0.05) }
    if hung { throw KillHang(arguments: arguments, errors: text.value) }
    let killed = process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
    return KillOutcome(killed: killed, status: process.terminationStatus, sawMarker: sawMarker, errors: text.value)
}

/// A process that printed neither its marker nor ended within the hang guard.
struct KillHang: Error, CustomStringConvertible {
    /// The words it was started with.
    var arguments: [String]
    /// What it wrote to standard error.
    var errors: String
    var description: String { "keyshare \(arguments.joined(separator: " ")) hung: \(errors.suffix(800))" }
}

/// Text a reader thread accumulates from a pipe while the test thread watches it.
private final class StreamText: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private var finished = false

    func append(_ chunk: Data) { lock.withLock { data.append(chunk) } }
    func finish() { lock.withLock { finished = true } }
    var isFinished: Bool { lock.withLock { finished } }
    var value: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
}

/// A small seeded generator, so a failing kill schedule can be replayed from its seed.
typealias SeededGenerator = SplitMix64
