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
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Result { try runKeyshare(arguments, environment: environment) })
        }
    }
}

private func runKeyshare(_ arguments: [String], environment: [String: String]) throws -> KeyshareOutcome {
    let process = Process()
    process.executableURL = keyshareBinary
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    // Read both pipes at once so a chatty child never blocks on a full pipe.
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
}

/// A fresh temporary folder for one test.
func temporaryFolder(_ prefix: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
