import GRDB
import GRDBSQLite

/// Applies log records to SQLite. A fold holds a few hundred records, so it first drops the rows a
/// later record of the same fold makes redundant, then writes steps and mutations many rows per
/// statement: the statement, not the row, was most of a fold's cost.
struct JournalFold {
    /// Rows per multi-row `INSERT` (at most 14 arguments each: far under SQLite's limit).
    static let rowsPerInsert = 32
    /// The `INSERT` of n mutation rows at index n.
    private static let mutationSQL = rowStatements(
        "INSERT INTO mutations (run, target, step, account, action, resource, details, at)", columns: 8)
    /// The `INSERT OR REPLACE` of n step rows at index n: a later row of a step replaces an earlier one.
    private static let stepSQL = rowStatements(
        """
        INSERT OR REPLACE INTO steps (run, target, step_index, name, status, changes, messages, failure_code,
                                      failure_message, failure_step, failure_request_id, failure_changes,
                                      started_at, finished_at)
        """, columns: 14)

    /// `head` followed by n rows of `columns` placeholders, at index n.
    private static func rowStatements(_ head: String, columns: Int) -> [String] {
        let row = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
        return (0...rowsPerInsert).map { count in
            head + " VALUES " + Array(repeating: row, count: count).joined(separator: ", ")
        }
    }

    private let db: Database
    private let targetRunning: Statement
    private let targetEnd: Statement

    /// The statements of a fold into `db`, looked up once per fold rather than per record.
    init(_ db: Database) throws {
        self.db = db
        targetRunning = try db.cachedStatement(
            sql: "UPDATE targets SET status = 'running' WHERE run = ? AND id = ? AND status = 'pending'")
        targetEnd = try db.cachedStatement(
            sql: "UPDATE targets SET status = ?, reason = ?, finished_at = ? WHERE run = ? AND id = ?")
    }

    /// Applies `records` as SQLite would hold them after applying each in order.
    /// - Parameter compact: false applies every record alone (the retry of a fold SQLite refused,
    ///   which must drop only the refused record).
    func apply(_ records: [JournalLogRecord], compact: Bool = true) throws {
        let skipped = compact ? Self.superseded(records) : []
        // Each table's rows keep their order; the tables are written one after the other, since a
        // step's row and its target's status refer to nothing the other writes.
        var steps = Rows(columns: 14)
        var mutations = Rows(columns: 8)
        var running = Set<TargetKey>()
        for (index, record) in records.enumerated() where !skipped.contains(index) {
            let values = record.values
            switch record.kind {
            case .stepStarted:
                // run, target, index, name, started: a row of a step still running.
                steps.append(values, 0..<4)
                steps.append([.text("running"), .text("[]"), .text("[]"), .null, .null, .null, .null, .null])
                steps.append(values, 4..<5)
                steps.append([.null])
                // Setting a target running twice in one fold changes nothing the first did not.
                if let target = TargetKey(values), !running.insert(target).inserted { continue }
                try execute(targetRunning, values, 0..<2)
            case .stepFinished:
                // run, target, index, name, status, changes, messages, failure ×5, started, finished, then the
                // target's end: status, reason, at (null when the step does not end it)
                steps.append(values, 0..<14)
                if values.count > 14, values[14] != .null {
                    try execute(targetEnd, Self.padded(values, 14..<17) + Self.padded(values, 0..<2))
                }
            case .targetFinished:
                // status, reason, at, run, target
                try execute(targetEnd, values, 0..<5)
            case .mutation:
                // run, target, step, account, action, resource, details, at (then the call, not stored).
                // No row of another table refers to a mutation, and `seq` follows this order.
                mutations.append(values, 0..<8)
            }
        }
        try insert(steps, into: Self.stepSQL)
        try insert(mutations, into: Self.mutationSQL)
    }

    /// Rows of one table, flattened, each `columns` values.
    private struct Rows {
        let columns: Int
        var values: [JournalLogRecord.Value] = []

        var count: Int { values.count / columns }

        /// Appends `range` of `values`, null past their end.
        mutating func append(_ values: [JournalLogRecord.Value], _ range: Range<Int>) {
            for index in range { self.values.append(index < values.count ? values[index] : .null) }
        }

        /// Appends `values` as they are.
        mutating func append(_ values: [JournalLogRecord.Value]) {
            self.values += values
        }
    }

    /// Writes `rows` in order, ``rowsPerInsert`` per statement; `sql[n]` writes n rows.
    private func insert(_ rows: Rows, into sql: [String]) throws {
        var start = 0
        while start < rows.count {
            let end = min(start + Self.rowsPerInsert, rows.count)
            try execute(try db.cachedStatement(sql: sql[end - start]), rows.values, start * rows.columns..<end * rows.columns)
            start = end
        }
    }

    /// Runs `statement` with `range` of `values` as its arguments, in order.
    private func execute(_ statement: Statement, _ values: [JournalLogRecord.Value], _ range: Range<Int>) throws {
        try execute(statement, Self.padded(values, range))
    }

    /// `range` of `values`, null past their end.
    private static func padded(_ values: [JournalLogRecord.Value], _ range: Range<Int>) -> [JournalLogRecord.Value] {
        range.map { $0 < values.count ? values[$0] : .null }
    }

    /// Runs `statement` with `values` as its arguments, in order, bound straight to SQLite: GRDB's
    /// arguments box every value as an existential, and their reference counting was a quarter of a
    /// fold. Text is copied at binding (`SQLITE_TRANSIENT`), so no binding outlives its string.
    private func execute(_ statement: Statement, _ values: [JournalLogRecord.Value]) throws {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        for (offset, value) in values.enumerated() {
            let index = CInt(offset + 1)
            let code: CInt
            switch value {
            case .null: code = sqlite3_bind_null(handle, index)
            case .integer(let number): code = sqlite3_bind_int64(handle, index, number)
            case .real(let number): code = sqlite3_bind_double(handle, index, number)
            case .text(var text):
                code = text.withUTF8 { utf8 in
                    guard let length = CInt(exactly: utf8.count) else { return SQLITE_TOOBIG }
                    // An empty buffer may have no address, and a null address binds NULL, not ''.
                    guard let base = utf8.baseAddress, length > 0 else {
                        return sqlite3_bind_text(handle, index, "", 0, Self.transient)
                    }
                    return base.withMemoryRebound(to: CChar.self, capacity: utf8.count) { chars in
                        sqlite3_bind_text(handle, index, chars, length, Self.transient)
                    }
                }
            }
            guard code == SQLITE_OK else { throw failure(code, statement) }
        }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw failure(code, statement) }
    }

    /// SQLite's error for `code`, returned running `statement`, as GRDB reports it.
    private func failure(_ code: CInt, _ statement: Statement) -> DatabaseError {
        DatabaseError(
            resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
            sql: statement.sql)
    }

    /// `SQLITE_TRANSIENT`: SQLite copies the bound text before the call returns.
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    /// The positions of records a later record of `records` makes redundant:
    /// - a call's intent whose outcome (done or refused) follows: the outcome carries what the
    ///   intent said, and a reader settles the two into the outcome anyway;
    /// - a step's start whose end follows and also ends its target: the end's row replaces the
    ///   start's, and the target's end replaces its `running` (a start whose end leaves the target
    ///   going stays, for that `running`).
    static func superseded(_ records: [JournalLogRecord]) -> Set<Int> {
        var answered = Set<String>()
        var finishedSteps = Set<StepKey>()
        var endedTargets = Set<StepKey>()
        var skipped = Set<Int>()
        for (index, record) in records.enumerated().reversed() {
            switch record.kind {
            case .mutation:
                guard let call = record.call else { continue }
                if call.phase == .intent {
                    if answered.contains(call.operation) { skipped.insert(index) }
                } else {
                    answered.insert(call.operation)
                }
            case .stepFinished:
                guard let key = StepKey(record.values) else { continue }
                finishedSteps.insert(key)
                if record.values.count > 14, record.values[14] != .null { endedTargets.insert(key) }
            case .stepStarted:
                // Only when its end also ends the target: otherwise the target's `running` is still owed.
                guard let key = StepKey(record.values), finishedSteps.contains(key), endedTargets.contains(key) else {
                    continue
                }
                skipped.insert(index)
            case .targetFinished:
                continue
            }
        }
        return skipped
    }

    /// A run's target: run and target, the first two values of its step records.
    private struct TargetKey: Hashable {
        var run: String
        var target: String

        init?(_ values: [JournalLogRecord.Value]) {
            guard values.count >= 2, case .text(let run) = values[0], case .text(let target) = values[1] else {
                return nil
            }
            self.run = run
            self.target = target
        }
    }

    /// A step of a run's target: the target and the step index, the third value of its records.
    private struct StepKey: Hashable {
        var target: TargetKey
        var index: Int64

        init?(_ values: [JournalLogRecord.Value]) {
            guard let target = TargetKey(values), values.count >= 3, case .integer(let index) = values[2] else {
                return nil
            }
            self.target = target
            self.index = index
        }
    }
}

extension JournalLogRecord {
    /// The call a mutation record journals, carried after its eight columns: the id pairing its
    /// intent with its outcome, and which of the two it is. Nil for records without them (other
    /// kinds, mutations without a phase, logs of earlier versions).
    var call: (operation: String, phase: MutationRecord.Phase)? {
        guard kind == .mutation, values.count >= 10, case .text(let operation) = values[8],
            case .text(let phase) = values[9], let phase = MutationRecord.Phase(rawValue: phase)
        else { return nil }
        return (operation, phase)
    }
}
