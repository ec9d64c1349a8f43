import ArgumentParser
import Audit
import CloudSimulator
import Foundation
import Rollout
import Runner

/// `keyshare drift PLAYBOOK`: does the state the playbook declares still hold in every target?
/// Runs the playbook's real steps against a shadow of the backend as `plan` does (nothing is
/// written), tells every write a run would send in drift language per target, and checks every
/// declared grant with explain's rules for what a run would not restore (a foreign deny).
///
/// Exit codes: 0 no drift; 2 drift; 4 no drift but something unknown; 1 the backend or the
/// playbook could not be checked (a script that raised, a read that failed, every target
/// skipped); 64 bad input (unlike other commands' 2, which here means drift).
struct Drift: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract: "Check that the state a playbook declares still holds in every target, writing nothing.",
        discussion: """
            Takes every option of `keyshare plan` and runs the playbook's real steps against a shadow \
            of the backend (the simulator and --state are copied into memory; the http backend is only \
            read). Every write a run would send is a difference: a role missing or its trust policy \
            changed, a policy detached or changed, a principal missing from a key policy, a target \
            never applied. Then every principal the key policies grant for a target is checked with \
            explain's rules for kms:DescribeKey, kms:Encrypt, kms:Decrypt and kms:GenerateDataKey, so a \
            foreign key-policy statement or a RAM policy that denies, or a key that refuses, is drift \
            too, named by its Sid; what hangs on an unmodelled condition is unknown. Prints only the \
            targets that are not clean, then a summary; --json prints the JSON instead, --out FILE \
            also writes it. No journal run is recorded. Exit codes: 0 no drift; 2 drift; 4 no drift, \
            some access unknown; 1 could not check (the backend could not be read, the script raised, \
            every target skipped); 64 bad input (an option, a file, a param), nothing checked.
            """
    )

    /// The code for input drift cannot start with: 2 means drift here, so bad input cannot be 2.
    static let badInputExitCode: Int32 = 64

    @OptionGroup var options: PlaybookOptions

    @Flag(help: "Print the report as JSON (field names in README, Detect drift).")
    var json = false

    @Option(help: ArgumentHelp("Also write the report as JSON to this file.", valueName: "drift.json"))
    var out: String?

    @OptionGroup var journaling: AcceptedJournalOptions

    func validate() throws {
        try options.check(command: "drift", type: Drift.self)
        if let out { try Plan.checkOut(out) }
    }

    func run() async throws {
        let start = try options.start(defaultReporters: [])
        let (shadow, defaultAccount, shutdown, described) = try await openShadow()
        defer { if let shutdown { Task { try? await shutdown() } } }
        let recorder = DriftRecorder(over: shadow)
        let (outcome, reportFailures) = try await options.executeOnShadow(
            start, cloud: recorder, overlay: shadow.overlay, defaultAccount: defaultAccount, badInputCode: Self.badInputExitCode)
        let report = await DriftChecker(recorder: recorder, cloud: shadow)
            .report(playbook: options.file, backend: described, targets: Self.targets(outcome), caveats: await shadow.caveats)
        if json {
            do {
                print(String(decoding: try report.json(), as: UTF8.self), terminator: "")
            } catch {
                StandardError.write("keyshare: the drift report could not be encoded: \(error)\n")
                throw ExitCode.failure
            }
        } else {
            print(report.text, terminator: "")
        }
        if let out { try write(report, to: out) }
        StandardOutputCheck.exitIfLost()
        for failure in reportFailures { StandardError.write("keyshare: \(failure)\n") }
        let code = reportFailures.isEmpty ? report.exitCode : 1
        if code != 0 { throw ExitCode(code) }
    }

    /// Writes the JSON copy to `--out`, through a symlink to its target (see `OutputFile`).
    private func write(_ report: DriftReport, to out: String) throws {
        do {
            try report.json().write(to: try OutputFile.regularFile(out, option: "--out"), options: .atomic)
        } catch {
            StandardError.write(
                "keyshare: --out \(out): cannot write the drift report: \(OutputFile.reason(error)); "
                    + "the report above is complete, its JSON copy is not.\n")
            StandardOutputCheck.exitIfLost()
            throw ExitCode.failure
        }
    }

    /// The run's targets as drift reads them; a failure is the backend's when its class says the
    /// call could not be made (throttling, 5xx, permissions, credentials), not what it found.
    static func targets(_ outcome: RunOutcome) -> [DriftTarget] {
        guard case .rollout(let summary) = outcome else { return [] }
        return summary.results.map { result in
            let outcome: DriftTarget.Outcome
            switch result.outcome {
            case .succeeded:
                outcome = .completed
            case .failed(let failure):
                let readProblem: Set<CallFailureClass> = [.throttling, .transient, .authentication, .permission]
                outcome = .failed(
                    code: failure.code, message: failure.message, step: failure.step,
                    couldNotRead: readProblem.contains(CallFailureClass(code: failure.code)))
            case .skipped(let reason):
                outcome = .skipped(reason: reason)
            case .cancelled(let reason):
                outcome = .cancelled(reason: reason)
            }
            return DriftTarget(account: result.target.id, name: result.target.name, outcome: outcome)
        }
    }
}

extension Keyshare {
    /// The exit code for input a command cannot start with: 2, except for `drift`, whose 2 means
    /// drift (cron and CI must tell the two apart).
    static func badInputExitCode(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Int32 {
        arguments.first == Drift.configuration.commandName ? Drift.badInputExitCode : 2
    }
}
