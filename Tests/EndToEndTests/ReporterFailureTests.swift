import Foundation
import Testing

private let sharePlaybook = packageRoot.appendingPathComponent("plugins/ecs-key-sharing/examples/share-disk-key.lua").path

/// A reporter that cannot write (a full disk, `/dev/full`, a closed pipe) neither crashes the run
/// nor loses the report silently: every target runs, stderr names the reporter and the file, and
/// the run exits 1.
@Suite(
    "Reporters that cannot write",
    .enabled(
        if: keyshareBinaryExists && FileManager.default.fileExists(atPath: "/dev/full"),
        "skipped: needs the built binary and /dev/full"))
struct ReporterFailureTests {
    /// A reporter choice that fails, and what stderr must name.
    struct Failing: CustomTestStringConvertible, Sendable {
        var reporters: [String]
        var names: [String]
        var testDescription: String { reporters.joined(separator: " ") }
    }

    static let failing: [Failing] = [
        Failing(reporters: ["--reporter", "json=/dev/full"], names: ["reporter json", "/dev/full"]),
        Failing(reporters: ["--reporter", "junit=/dev/full"], names: ["reporter junit", "/dev/full"]),
        Failing(reporters: ["--reporter", "console", "--reporter", "json=/dev/full"], names: ["reporter json", "/dev/full"]),
        Failing(
            reporters: ["--reporter", "json=/dev/full", "--reporter", "junit=/dev/full"],
            names: ["reporter json", "reporter junit"]),
    ]

    @Test("the run completes, stderr names the reporter and the file, the exit code is 1", arguments: failing)
    func fullDevice(_ choice: Failing) async throws {
        let folder = try temporaryFolder("keyshare-reporter-full")
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("state.sqlite").path
        let outcome = try await keyshare(["run", sharePlaybook, "--state", state] + choice.reporters)
        #expect(outcome.status == 1, "\(outcome.errors)")
        for name in choice.names { #expect(outcome.errors.contains(name), "stderr: \(outcome.errors)") }
        #expect(!outcome.errors.contains("Fatal error"), "\(outcome.errors)")
        // Every grant was written: a second run finds all 20 targets unchanged.
        let again = try await keyshare(["run", sharePlaybook, "--state", state])
        #expect(again.status == 0, "\(again.errors)")
        #expect(again.output.contains("20 targets: 0 changed, 20 unchanged"), "\(again.output)")
        // /dev/full is still the device, not a file a reporter put in its place.
        let type = try FileManager.default.attributesOfItem(atPath: "/dev/full")[.type] as? FileAttributeType
        #expect(type == .typeCharacterSpecial)
    }

    @Test("console output to a full device or a closed pipe ends the run with 1 and a message, not a crash")
    func standardOutput() async throws {
        for target in ["/dev/full", "pipe"] {
            let process = ChildProcess()
            process.executableURL = keyshareBinary
            process.arguments = ["run", sharePlaybook]
            let errors = Pipe()
            process.standardError = errors
            let closed = Pipe()
            if target == "pipe" {
                process.standardOutput = closed
                try closed.fileHandleForReading.close()
            } else {
                process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/full"))
            }
            let message = try await onOwnThread {
                try process.run()
                let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                return text
            }
            #expect(process.terminationReason == .exit, "\(target): killed by a signal")
            #expect(process.terminationStatus == 1, "\(target): \(message)")
            #expect(message.contains("reporter console could not write to standard output"), "\(target): \(message)")
        }
    }

    @Test("a reporter file whose folder is missing is refused at start, before any target runs")
    func missingFolder() async throws {
        let folder = try temporaryFolder("keyshare-reporter-missing")
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = folder.appendingPathComponent("no/such/run.jsonl").path
        let state = folder.appendingPathComponent("state.sqlite")
        let outcome = try await keyshare(["run", sharePlaybook, "--reporter", "json=\(report)", "--state", state.path])
        #expect(outcome.status == 2, "\(outcome.errors)")
        #expect(outcome.errors.contains(folder.appendingPathComponent("no/such").path), "\(outcome.errors)")
        #expect(!FileManager.default.fileExists(atPath: state.path))
    }
}
