import Foundation

/// A long-running `keyshare` process (e.g. `serve --state S --port 0`) started in the background;
/// it is ready once its first line appears on standard output. Stopped (SIGTERM, or SIGKILL with
/// `kill()`) by the test, and at the latest when the value is dropped.
final class BackgroundKeyshare: @unchecked Sendable {
    /// The process; its termination status is there once it stopped.
    let process = ChildProcess()
    /// The first line the process printed.
    private(set) var firstLine = ""

    private init(_ arguments: [String], errorLog: FileHandle? = nil) throws {
        process.executableURL = keyshareBinary
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errorLog ?? FileHandle.nullDevice
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

    /// Starts `keyshare arguments` off Swift's cooperative pool and waits for its first line;
    /// its standard error goes to `errorLog` (e.g. a server's request log), else nowhere.
    static func start(_ arguments: [String], errorLog: FileHandle? = nil) async throws -> BackgroundKeyshare {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try BackgroundKeyshare(arguments, errorLog: errorLog) })
            }
        }
    }

    /// The process id.
    var pid: Int32 { process.processIdentifier }

    /// Stops it with SIGTERM and waits.
    func stop() async {
        await waitForExit { self.stopNow() }
    }

    /// Kills it with SIGKILL (no clean-up of its own) and waits.
    func kill() async {
        await waitForExit {
            if self.process.isRunning { _ = Foundation.kill(self.process.processIdentifier, SIGKILL) }
            self.process.waitUntilExit()
        }
    }

    /// Stops it with SIGTERM and waits, blocking the calling thread: for `defer` blocks and deinit,
    /// where a stopped process ends at once.
    func stopNow() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    private func waitForExit(_ body: @escaping @Sendable () -> Void) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                body()
                continuation.resume()
            }
        }
    }

    deinit {
        if process.isRunning { stopNow() }
    }
}
