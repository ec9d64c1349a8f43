import ArgumentParser
import Foundation
import Rollout

/// `keyshare runs`: what the journal recorded about past and running rollouts.
struct Runs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List the runs a journal recorded, or show one run target by target.",
        discussion: """
            Every `keyshare run` of a playbook is recorded in a journal (SQLite): by default \
            .keyshare/journal.sqlite beside the playbook, or FILE.journal.sqlite beside a simulator --state FILE. \
            Without --journal or --state, these commands read ./.keyshare/journal.sqlite. Exit codes: 0 shown; \
            2 no journal there, not a journal, or no such run. `keyshare runs` alone lists.
            """,
        subcommands: [List.self, Show.self],
        defaultSubcommand: List.self
    )

    /// Which journal to read: `--journal FILE`, else beside `--state FILE`, else `./.keyshare/journal.sqlite`.
    struct JournalChoice: ParsableArguments {
        @Option(
            help: ArgumentHelp(
                "The journal file (default: beside --state, else ./.keyshare/journal.sqlite).",
                valueName: "file"))
        /// `--journal`.
        var journal: String?

        @Option(
            help: ArgumentHelp(
                "A simulator state file: read the journal kept beside it (FILE.journal.sqlite).",
                valueName: "file"))
        /// `--state`.
        var state: String?

        func validate() throws {
            if journal?.isEmpty == true {
                throw ValidationError("--journal is empty; pass a journal file such as .keyshare/journal.sqlite.")
            }
            if state?.isEmpty == true { throw ValidationError("--state is empty; pass the simulator's state file.") }
        }

        /// The journal's path.
        var location: URL { JournalLocation.forQueries(journal: journal, state: state) }

        /// Opens the journal, never creating one.
        ///
        /// - Throws: `StartFailure` when nothing is there or it is not a usable journal.
        func open() throws -> SQLiteJournal {
            let url = location
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
            let isLink = (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) != nil
            guard exists || isLink else {
                throw StartFailure("no journal at \(url.path): runs are recorded there by `keyshare run`; pass --journal FILE")
            }
            do {
                return try SQLiteJournal(path: url, create: false)
            } catch let error as JournalError {
                throw StartFailure(error.message)
            }
        }
    }

    /// `keyshare runs list`: one line per run, newest first.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the runs in a journal, newest first.",
            discussion: """
                Columns: run id, kind (run or undo), status (running: still going or killed, then `keyshare resume` \
                continues it; succeeded; failed), start time (UTC), duration, playbook and summary. \
                --json prints {"journal": PATH, "runs": [RUN…]}, each RUN as in `keyshare runs show --json` \
                ("run" object) plus "targets" (count) and "target_statuses" ({status: count}).
                """)

        /// Which journal to read.
        @OptionGroup var choice: JournalChoice

        /// `--json`.
        @Flag(help: "Print JSON instead of a table.")
        var json = false

        func run() async throws {
            let journal = try choice.open()
            let runs = try await journal.runs()
            let counts = try await journal.targetCounts()
            if json {
                print(
                    try RunsJSON.text(
                        RunsJSON.Listing(
                            journal: journal.path.path,
                            runs: runs.map {
                                RunsJSON.ListedRun(run: $0, counts: counts[$0.id] ?? [:])
                            })))
                return
            }
            guard !runs.isEmpty else {
                print("no runs in \(journal.path.path) yet: `keyshare run` records its runs there")
                return
            }
            print(RunsText.table(runs, counts: counts))
        }
    }

    /// `keyshare runs show RUN`: the run's header and each target's steps.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one run: its header, then per target its status, steps, errors and mutations.",
            discussion: """
                RUN is a run id, a unique prefix of one (`r-` may be left out), its random tail, or `last`. \
                --json prints {"journal", "run": {id, kind, undoes, status, playbook, playbook_digest, backend, \
                invocation, working_directory, steps, started_at, finished_at, resumed_at, duration_seconds, \
                summary}, "targets": [{id, name, folder, tags, status, reason, mutations, steps: [{index, name, \
                status, changes, messages, error: {code, message, step, request_id, changes} or null, started_at, \
                finished_at}]}], "setup_mutations"}; times are ISO 8601 UTC, absent values null.
                """)

        /// Which journal to read.
        @OptionGroup var choice: JournalChoice

        /// What names the run (an id, a prefix, the random tail, `last`).
        @Argument(help: ArgumentHelp("The run: an id, a unique prefix, or `last`.", valueName: "run"))
        var runName: String

        /// `--json`.
        @Flag(help: "Print JSON instead of text.")
        var json = false

        func run() async throws {
            let journal = try choice.open()
            let id: RunID
            do {
                id = try await journal.resolve(runName)
            } catch let error as JournalError where error.kind == .unknownRun || error.kind == .ambiguousRun {
                throw StartFailure(error.message)
            }
            guard let record = try await journal.run(id) else {
                throw StartFailure(
                    "no run \(id) in \(journal.path.path); `keyshare runs list --journal \(journal.path.path)` lists them")
            }
            let details = RunDetails(
                record: record, steps: try await journal.steps(of: id),
                statuses: try await journal.targetStatuses(of: id),
                mutations: try await journal.mutations(of: id))
            if json {
                print(try RunsJSON.text(RunsJSON.Shown(journal: journal.path.path, details: details)))
            } else {
                print(RunsText.show(details), terminator: "")
            }
        }
    }
}

/// One run with everything `runs show` prints about it, grouped per target in plan order.
struct RunDetails {
    /// One target's part.
    struct Target {
        /// The target as planned.
        var target: RolloutTarget
        /// Its status in the journal (`pending` when never started).
        var status: TargetStatus
        /// Why it failed or was skipped.
        var reason: String?
        /// Its step records, in step order.
        var steps: [StepRecord]
        /// How many confirmed changes it made.
        var mutations: Int
    }

    /// The run's header.
    var record: RunRecord
    /// Its targets in plan order.
    var targets: [Target]
    /// Mutations no target made (the owner-side setup).
    var setupMutations: Int

    /// Groups the journal's rows by target, in the run's plan order.
    init(
        record: RunRecord, steps: [StepRecord], statuses: [(target: String, status: TargetStatus, reason: String?)],
        mutations: [MutationRecord]
    ) {
        self.record = record
        let stepsByTarget = Dictionary(grouping: steps, by: \.target)
        let statusByTarget = Dictionary(
            statuses.map { ($0.target, ($0.status, $0.reason)) }, uniquingKeysWith: { first, _ in first })
        var mutationCounts: [String: Int] = [:]
        var setup = 0
        // A call counts once (its intent and outcome are one change); a refused one not at all.
        for mutation in MutationRecord.settled(mutations) {
            if let target = mutation.target { mutationCounts[target, default: 0] += 1 } else { setup += 1 }
        }
        setupMutations = setup
        targets = record.targets.map { target in
            let status = statusByTarget[target.id]
            return Target(
                target: target, status: status?.0 ?? .pending, reason: status?.1 ?? nil,
                steps: stepsByTarget[target.id] ?? [], mutations: mutationCounts[target.id] ?? 0)
        }
    }
}
