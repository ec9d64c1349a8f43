import Foundation
import Testing

/// Commands whose product is their standard output (`sim init` prints the world) ended 0 when it
/// could not be written (`> /dev/full`, a full disk): `print` drops failed writes. They now say so
/// and exit 1, for small outputs (still buffered at exit) and large ones (lost mid-way) alike.
@Suite(
    "Standard output that cannot be written",
    .enabled(
        if: keyshareBinaryExists && FileManager.default.isWritableFile(atPath: "/dev/full"),
        "skipped: needs the binary and /dev/full"))
struct StandardOutputFailureTests {
    static let commands: [[String]] = [
        ["sim", "init", "--accounts", "2"],
        ["sim", "init", "--accounts", "3000"],
        ["sim", "divergences"],
        ["plugins", "list"],
        ["plugins", "show", "ecs-key-sharing"],
        ["plugins", "stubs"],
    ]

    /// Runs `arguments` with standard output sent to `device`; returns the status and standard error.
    private func run(_ arguments: [String], stdoutTo device: String) async throws -> (Int32, String) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(
                    with: Result {
                        let process = ChildProcess()
                        process.executableURL = keyshareBinary
                        process.arguments = arguments
                        guard let sink = FileHandle(forWritingAtPath: device) else { throw CocoaError(.fileNoSuchFile) }
                        let errors = Pipe()
                        process.standardOutput = sink
                        process.standardError = errors
                        try process.run()
                        let text = errors.fileHandleForReading.readDataToEndOfFile()
                        process.waitUntilExit()
                        try? sink.close()
                        return (process.terminationStatus, String(decoding: text, as: UTF8.self))
                    })
            }
        }
    }

    @Test(
        "each command exits 1 naming standard output when it cannot be written, and 0 when it can",
        arguments: commands)
    func lostOutput(_ arguments: [String]) async throws {
        let (status, errors) = try await run(arguments, stdoutTo: "/dev/full")
        #expect(status == 1, "\(errors)")
        #expect(errors.contains("could not write to standard output"), "\(errors)")
        let (fine, quiet) = try await run(arguments, stdoutTo: "/dev/null")
        #expect(fine == 0, "\(quiet)")
        #expect(!quiet.contains("could not write"))
    }
}
