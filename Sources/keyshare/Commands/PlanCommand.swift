import ArgumentParser
import CloudAPI
import CloudSimulator
import Foundation
import Runner

/// `keyshare plan FILE.lua`: runs the playbook against a shadow of the backend (every call lands in
/// a simulated overlay seeded from the backend; nothing is written to it) and prints per target what
/// would change or fail, and per key the capacity after the change.
///
/// Exit codes: 0 nothing would change; 2 changes (or, like `run`, input it cannot start with, with
/// the same messages); 3 nothing would run (a hook refused it, as `run` exits 3); 1 a target would
/// fail, or the plan could not run.
struct Plan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what a run of a playbook would change and what would fail, writing nothing.",
        discussion: """
            Takes every option of `keyshare run` and runs the playbook's real steps against a shadow of \
            the backend: the embedded simulator (and --state) is copied into memory, the http backend is \
            read through read-only calls; every write lands in the copy, so the backend and its state \
            file are left exactly as they were. Prints per target the predicted outcome (roles and \
            policies created or corrected, principals added to keys), what would fail and why, and per \
            key the KMS instance's access-management quota and the policy size after the change. \
            --out FILE writes the same as JSON. Reporters are off unless --reporter names one, which \
            then receives the shadow run's events; --fresh-state plans on a fresh seed of the world and \
            leaves --state as it is; --journal and --no-journal are accepted, and nothing is journaled. \
            Exit codes: 0 nothing would change; 2 changes would be made (also: bad input, as for run); \
            3 nothing would run (a hook refused the run, as run exits 3); 1 some target would fail, or the \
            plan could not run.
            """
    )

    @OptionGroup var options: PlaybookOptions

    @Option(help: ArgumentHelp("Also write the plan as JSON to this file.", valueName: "plan.json"))
    var out: String?

    @OptionGroup var journaling: AcceptedJournalOptions

    func validate() throws {
        try options.check(command: "plan", type: Plan.self)
        if let out { try Self.checkOut(out) }
    }

    func run() async throws {
        let start = try options.start(defaultReporters: [])
        let (shadow, defaultAccount, shutdown, described) = try await makeShadow()
        defer { if let shutdown { Task { try? await shutdown() } } }
        let (outcome, reportFailures) = try await options.executeOnShadow(
            start, cloud: shadow, overlay: shadow.overlay, defaultAccount: defaultAccount, badInputCode: 2)
        let report = await PlanReport.make(playbook: options.file, backend: described, outcome: outcome, shadow: shadow)
        print(report.text, terminator: "")
        if let out {
            do {
                // Through a symlink to its target, which stays a link (see `OutputFile`).
                try report.json().write(to: try OutputFile.regularFile(out, option: "--out"), options: .atomic)
            } catch {
                StandardError.write(
                    "keyshare: --out \(out): cannot write the plan: \(OutputFile.reason(error)); "
                        + "the plan above is complete, its JSON copy is not.\n")
                StandardOutputCheck.exitIfLost()
                throw ExitCode.failure
            }
        }
        StandardOutputCheck.exitIfLost()
        for failure in reportFailures { StandardError.write("keyshare: \(failure)\n") }
        if report.exitCode != 0 || !reportFailures.isEmpty { throw ExitCode(reportFailures.isEmpty ? report.exitCode : 1) }
    }

    /// Refuses an `--out` that cannot be written (a folder, a missing or unwritable folder, a
    /// device, a dangling link) before anything runs.
    static func checkOut(_ path: String) throws {
        let url: URL
        do {
            url = try OutputFile.regularFile(path, option: "--out")
        } catch let failure as StartFailure {
            throw ValidationError(failure.message)
        }
        if FileManager.default.fileExists(atPath: url.path) {
            guard FileManager.default.isWritableFile(atPath: url.path) else {
                throw ValidationError("--out \(path) is not writable; check its permissions or choose another file.")
            }
            return
        }
        let folder = url.deletingLastPathComponent()
        guard FileManager.default.isWritableFile(atPath: folder.path) else {
            throw ValidationError("--out \(path): the folder \(folder.path) is not writable; choose another file.")
        }
    }
}
