import ArgumentParser
import CloudAPI
import Foundation
import Rollout
import Runner

/// `keyshare undo RUN`: the inverse of a journaled run, printed as a plan and applied with `--yes`
/// as an undo run of its own (journaled, resumable with `keyshare resume`).
struct Undo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Undo a run: remove the principals it added, delete the roles and policies it created.",
        discussion: """
            The inverse is built from what the journal recorded the cloud confirmed: principals the run \
            added leave the key policy, roles and policies it created are detached and deleted (never ones \
            that existed before), roles it corrected get their earlier trust and description back, \
            verification disks it left are deleted. What has no inverse is listed and left alone. Without \
            --yes the plan is printed and nothing changes. The backend is the run's own (its command line \
            is replayed in its folder). Exit codes: 0 nothing to undo, or the undo succeeded; 2 the plan \
            was printed but not applied (pass --yes), or the undo could not start; 1 some action failed \
            (`keyshare resume` continues the undo).
            """)

    @OptionGroup var choice: Runs.JournalChoice

    @Argument(help: "The run to undo (id, unique prefix, or `last`: the newest run that is not itself an undo).")
    var run: String

    @Flag(help: "Apply the undo (without it, only the plan is printed).")
    var yes = false

    @Option(help: "Accounts undone at once.")
    var concurrency = 10

    @Option(
        name: .customLong("rate"),
        help: ArgumentHelp(
            "Pace calls of API groups in requests per second per account, over the run's own --rate (see `keyshare run --help`).",
            valueName: "group=n[,group=n]"))
    var rate: [String] = []

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1, got \(concurrency)") }
        _ = try rateLimits()
    }

    /// The paces `--rate` gives, named in a `ValidationError` when bad.
    func rateLimits() throws -> RateLimits {
        do {
            return try RateLimits.parse(option: rate)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() async throws {
        let journal = try choice.open()
        let undo: UndoRun
        do {
            // `last` is the newest rollout: undoing an undo (a redo) takes its id, never a bare `last`.
            let id = try await journal.resolve(run, lastOfKind: "run")
            undo = try await UndoRun.load(id, from: journal)
        } catch let error as JournalError {
            throw StartFailure(error.message)
        } catch let error as RunError {
            throw StartFailure(error.message)
        }
        print(undo.text)
        if undo.plan.actionCount == 0 {
            print("nothing to undo")
            return
        }
        guard yes else {
            print("not applied: pass --yes to apply (keyshare undo \(undo.original.id) --yes)")
            throw ExitCode(2)
        }
        try await Self.apply(
            undo, as: .make(), resuming: false, journal: journal, concurrency: concurrency,
            rate: try rateLimits())
    }

    /// Resumes the undo run `record` (from `keyshare resume`).
    static func resume(_ record: RunRecord, journal: SQLiteJournal) async throws {
        guard let original = record.undoes else { throw StartFailure("undo run \(record.id) does not name the run it undoes") }
        let undo: UndoRun
        do {
            undo = try await UndoRun.load(original, from: journal)
        } catch let error as RunError {
            throw StartFailure(error.message)
        }
        try await apply(undo, as: record.id, resuming: true, journal: journal, concurrency: 10, rate: RateLimits())
    }

    /// Opens the original run's backend and applies the undo as run `id`, its calls paced at the
    /// run's `--rate` with `rate` over it.
    private static func apply(
        _ undo: UndoRun, as id: RunID, resuming: Bool, journal: SQLiteJournal,
        concurrency: Int, rate: RateLimits
    ) async throws {
        let original = undo.original
        guard FileManager.default.changeCurrentDirectoryPath(original.workingDirectory) else {
            throw StartFailure(
                "run \(original.id) was started in \(original.workingDirectory), which is gone; "
                    + "restore that folder (its relative paths name the state and world files)")
        }
        let command: Run
        do {
            command = try Run.parse(original.invocation)
        } catch {
            throw StartFailure("run \(original.id)'s command line no longer parses (\(Run.message(for: error)))")
        }
        let (backend, _, shutdown, launched) = try await command.makeCloud()
        let runRate = (try? command.options.staging.rateLimits()) ?? RateLimits()
        let cloud = await GovernedBackend.wrap(backend, rate: runRate.merging(rate))
        defer { withExtendedLifetime(launched?.lock) {} }
        defer { if let shutdown { Task { try? await shutdown() } } }
        let journaling = RunOptions.Journaling(
            open: { journal }, invocation: original.invocation,
            backend: command.backendDescription,
            workingDirectory: original.workingDirectory)
        StandardError.write(
            "keyshare: \(resuming ? "resuming undo" : "undo") \(id) of \(original.id), journal "
                + "\(journal.path.path) (if it stops: keyshare resume \(id) --journal \(journal.path.path))\n")
        let summary: RolloutSummary
        do {
            summary = try await undo.apply(
                as: id, resuming: resuming, cloud: cloud, journaling: journaling,
                concurrency: concurrency, events: UndoPrinter())
        } catch let error as RunError {
            throw StartFailure(error.message)
        } catch let error as RolloutError {
            throw StartFailure(error.message)
        }
        print(summary.line)
        if !summary.isSuccess { throw ExitCode.failure }
    }
}

/// Prints an undo's results, one line per account.
private struct UndoPrinter: RolloutEventSink {
    func handle(_ event: RolloutEvent) async {
        guard case .targetFinished(let result) = event else { return }
        switch result.outcome {
        case .succeeded(let changes):
            print("  \(changes.isEmpty ? "unchanged" : "undone   ") \(result.target.id) \(changes.joined(separator: "; "))")
        case .failed(let failure):
            print("  failed    \(result.target.id) \(failure.code): \(failure.message)")
        case .skipped(let reason):
            print("  skipped   \(result.target.id) \(reason)")
        case .cancelled(let reason):
            print("  cancelled \(result.target.id) \(reason)")
        }
    }
}
