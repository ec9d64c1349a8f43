import Foundation
import GRDB

extension SQLiteJournal {
    package func run(_ run: RunID) async throws -> RunRecord? {
        try await read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [run.rawValue]) else {
                return nil
            }
            return try Self.runRecord(row, targets: Self.targets(db, of: run.rawValue))
        }
    }

    /// Every run, newest first (by start time, then id), with its targets in plan order.
    package func runs() async throws -> [RunRecord] {
        try await read { db in
            var targets: [String: [RolloutTarget]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM targets ORDER BY run, position") {
                try targets[row.decode(String.self, forColumn: "run"), default: []].append(Self.target(row))
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM runs ORDER BY started_at DESC, id DESC").map { row in
                try Self.runRecord(row, targets: targets[row.decode(String.self, forColumn: "id")] ?? [])
            }
        }
    }

    package func steps(of run: RunID) async throws -> [StepRecord] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT steps.* FROM steps JOIN targets ON targets.run = steps.run AND targets.id = steps.target
                    WHERE steps.run = ? ORDER BY targets.position, steps.step_index
                    """, arguments: [run.rawValue]
            ).map(Self.stepRecord)
        }
    }

    package func mutations(of run: RunID) async throws -> [MutationRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM mutations WHERE run = ? ORDER BY seq", arguments: [run.rawValue]).map {
                row in
                MutationRecord(
                    run: run, target: try row.decode(forColumn: "target"), step: try row.decode(forColumn: "step"),
                    account: try row.decode(forColumn: "account"), action: try row.decode(forColumn: "action"),
                    resource: try row.decode(forColumn: "resource"),
                    details: JournalCoding.value(try row.decode(forColumn: "details"), as: [String: String].self, fallback: [:]),
                    at: Date(timeIntervalSince1970: try row.decode(forColumn: "at")))
            }
        }
    }

    /// Each target of `run` in plan order: its status and, when it failed or was skipped, why.
    package func targetStatuses(of run: RunID) async throws -> [(target: String, status: TargetStatus, reason: String?)] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT id, status, reason FROM targets WHERE run = ? ORDER BY position",
                arguments: [run.rawValue]
            ).map { row in
                (
                    target: try row.decode(String.self, forColumn: "id"),
                    status: TargetStatus(rawValue: try row.decode(forColumn: "status")) ?? .pending,
                    reason: try row.decode(String?.self, forColumn: "reason")
                )
            }
        }
    }

    /// How many targets of each run stand in each status (a running run's progress, in one query).
    package func targetCounts() async throws -> [RunID: [TargetStatus: Int]] {
        try await read { db in
            var counts: [RunID: [TargetStatus: Int]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT run, status, count(*) AS n FROM targets GROUP BY run, status") {
                guard let run = RunID(try row.decode(forColumn: "run")),
                    let status = TargetStatus(rawValue: try row.decode(forColumn: "status"))
                else { continue }
                counts[run, default: [:]][status] = try row.decode(Int.self, forColumn: "n")
            }
            return counts
        }
    }

    /// The run `text` names: a full id, a unique prefix of one (`r-` may be left out), (a prefix of) its
    /// random tail (`3f9a1c`, `3f9a`), or `last` (the newest run; with `kind`, the newest of that
    /// kind, so `undo last` after an undo names the run, not the undo).
    ///
    /// - Throws: `JournalError.unknownRun` naming the journal and how to list its runs, or
    ///   `.ambiguousRun` naming the candidates.
    package func resolve(_ text: String, lastOfKind kind: String? = nil) async throws -> RunID {
        let rows = try await read { db in
            try Row.fetchAll(db, sql: "SELECT id, kind FROM runs ORDER BY started_at DESC, id DESC").map { row in
                (id: try row.decode(String.self, forColumn: "id"), kind: try row.decode(String.self, forColumn: "kind"))
            }
        }
        let ids = rows.map(\.id)
        let listing = "`keyshare runs list --journal \(path.path)` lists them"
        let wanted = text.trimmingCharacters(in: .whitespaces)
        if wanted.lowercased() == "last" {
            guard let newest = rows.first(where: { kind == nil || $0.kind == kind }), let id = RunID(newest.id) else {
                let what = kind.map { "no \($0) runs" } ?? "no runs"
                throw JournalError(.unknownRun, "\(what) in \(path.path) yet: runs are recorded there by `keyshare run`")
            }
            return id
        }
        guard !wanted.isEmpty else {
            throw JournalError(.unknownRun, "no run named: pass a run id, a prefix of one, or `last`; \(listing)")
        }
        let prefix = wanted.hasPrefix("r-") ? wanted : "r-" + wanted
        if ids.contains(prefix), let id = RunID(prefix) { return id }
        var matches = ids.filter { $0.hasPrefix(prefix) }
        // The random tail alone (`3f9a1c`) is what people copy from a long id.
        if matches.isEmpty, wanted.count >= 4 {
            matches = ids.filter { id in id.lastIndex(of: "-").map { id[id.index(after: $0)...].hasPrefix(wanted) } ?? false }
        }
        guard matches.count <= 1 else {
            let shown = matches.prefix(5).joined(separator: ", ") + (matches.count > 5 ? ", …" : "")
            throw JournalError(
                .ambiguousRun,
                "\(String(reflecting: wanted)) matches \(matches.count) runs in \(path.path) "
                    + "(\(shown)); give more of the id")
        }
        guard let match = matches.first, let id = RunID(match) else {
            let shown = String(String(reflecting: wanted).prefix(80))
            throw JournalError(.unknownRun, "no run \(shown) in \(path.path); \(listing)")
        }
        return id
    }

    /// Runs `body` on one of GRDB's reader threads (never the cooperative pool), describing a
    /// failure without SQLite's dump.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        // What this process logged is read as committed.
        try await foldNow()
        do {
            return try await database.read(body)
        } catch let error as JournalError {
            throw error
        } catch {
            throw JournalError(.storage, "could not read the journal \(path.path): \(Self.describe(error))")
        }
    }

    private static func targets(_ db: Database, of run: String) throws -> [RolloutTarget] {
        try Row.fetchAll(db, sql: "SELECT * FROM targets WHERE run = ? ORDER BY position", arguments: [run]).map(target)
    }

    private static func target(_ row: Row) throws -> RolloutTarget {
        RolloutTarget(
            id: try row.decode(forColumn: "id"), name: try row.decode(forColumn: "name"),
            folder: try row.decode(forColumn: "folder"),
            tags: JournalCoding.value(try row.decode(forColumn: "tags"), as: [String: String].self, fallback: [:]))
    }

    private static func runRecord(_ row: Row, targets: [RolloutTarget]) throws -> RunRecord {
        let id: String = try row.decode(forColumn: "id")
        guard let runID = RunID(id) else {
            throw JournalError(.storage, "the journal holds a run id that is not one (\(String(reflecting: id).prefix(80)))")
        }
        return RunRecord(
            id: runID, kind: try row.decode(forColumn: "kind"),
            undoes: try row.decode(String?.self, forColumn: "undoes").flatMap(RunID.init),
            playbook: try row.decode(forColumn: "playbook"), playbookDigest: try row.decode(forColumn: "playbook_digest"),
            invocation: JournalCoding.value(try row.decode(forColumn: "invocation"), as: [String].self, fallback: []),
            workingDirectory: try row.decode(forColumn: "working_directory"), backend: try row.decode(forColumn: "backend"),
            targets: targets, steps: JournalCoding.value(try row.decode(forColumn: "steps"), as: [String].self, fallback: []),
            status: RunStatus(rawValue: try row.decode(forColumn: "status")) ?? .running,
            summary: try row.decode(forColumn: "summary"),
            startedAt: Date(timeIntervalSince1970: try row.decode(forColumn: "started_at")),
            finishedAt: try row.decode(Double?.self, forColumn: "finished_at").map(Date.init(timeIntervalSince1970:)),
            resumedAt: try row.decode(Double?.self, forColumn: "resumed_at").map(Date.init(timeIntervalSince1970:)))
    }

    private static func stepRecord(_ row: Row) throws -> StepRecord {
        let failure: TargetFailure? = try row.decode(String?.self, forColumn: "failure_code").map { code in
            TargetFailure(
                code: code, message: try row.decode(String?.self, forColumn: "failure_message") ?? "",
                step: try row.decode(forColumn: "failure_step"),
                requestID: try row.decode(forColumn: "failure_request_id"),
                changes: JournalCoding.value(try row.decode(forColumn: "failure_changes"), as: [String].self, fallback: []))
        }
        return StepRecord(
            target: try row.decode(forColumn: "target"),
            step: StepDescriptor(index: try row.decode(forColumn: "step_index"), name: try row.decode(forColumn: "name")),
            status: StepStatus(rawValue: try row.decode(forColumn: "status")) ?? .running,
            changes: JournalCoding.value(try row.decode(forColumn: "changes"), as: [String].self, fallback: []),
            messages: JournalCoding.value(try row.decode(forColumn: "messages"), as: [String].self, fallback: []),
            failure: failure,
            startedAt: Date(timeIntervalSince1970: try row.decode(forColumn: "started_at")),
            finishedAt: try row.decode(Double?.self, forColumn: "finished_at").map(Date.init(timeIntervalSince1970:)))
    }
}
