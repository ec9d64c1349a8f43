import Foundation

/// Runs the binary like `keyshare(_:environment:)`, but from `directory` (the working directory a
/// user ran it from) and optionally without some inherited environment variables.
func keyshare(_ arguments: [String], in directory: URL, environment: [String: String] = [:],
              removing removed: [String] = [], executable: URL = keyshareBinary) async throws -> KeyshareOutcome {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Result {
                let process = Process()
                process.executableURL = executable
                process.arguments = arguments
                process.currentDirectoryURL = directory
                var merged = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
                for name in removed { merged[name] = nil }
                process.environment = merged
                let output = Pipe()
                let errors = Pipe()
                process.standardOutput = output
                process.standardError = errors
                try process.run()
                let group = DispatchGroup()
                nonisolated(unsafe) var errorData = Data()
                group.enter()
                DispatchQueue.global().async {
                    errorData = errors.fileHandleForReading.readDataToEndOfFile()
                    group.leave()
                }
                let outputData = output.fileHandleForReading.readDataToEndOfFile()
                group.wait()
                process.waitUntilExit()
                return KeyshareOutcome(status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
                                       errors: String(decoding: errorData, as: UTF8.self))
            })
        }
    }
}

/// A long-running `keyshare` process (e.g. `serve --state S --port 0`) started in the background;
/// it is ready once its first line appears on standard output. Stopped (SIGTERM, or SIGKILL with
/// `kill()`) by the test, and at the latest when the value is dropped.
final class BackgroundKeyshare: @unchecked Sendable {
    let process = Process()
    /// The first line the process printed.
    private(set) var firstLine = ""

    private init(_ arguments: [String]) throws {
        process.executableURL = keyshareBinary
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var seen = Data()
        let deadline = Date().addingTimeInterval(60)
        while !seen.contains(UInt8(ascii: "\n")) && Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        firstLine = String(decoding: seen, as: UTF8.self)
    }

    /// Starts `keyshare arguments` off Swift's cooperative pool and waits for its first line.
    static func start(_ arguments: [String]) async throws -> BackgroundKeyshare {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try BackgroundKeyshare(arguments) }) }
        }
    }

    /// The process id.
    var pid: Int32 { process.processIdentifier }

    /// Stops it with SIGTERM and waits.
    func stop() async {
        if process.isRunning { process.terminate() }
        await waitForExit()
    }

    /// Kills it with SIGKILL (no clean-up of its own) and waits.
    func kill() async {
        if process.isRunning { _ = Foundation.kill(process.processIdentifier, SIGKILL) }
        await waitForExit()
    }

    private func waitForExit() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                self.process.waitUntilExit()
                continuation.resume()
            }
        }
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}
