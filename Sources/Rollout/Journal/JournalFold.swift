import GRDB

/// Applies log records to SQLite. A fold holds a few hundred records, so it first drops the rows a
/// later record of the same fold makes redundant, then inserts mutations many rows per statement:
/// the statement, not the row, was most of a fold's cost.
struct JournalFold {
    /// Mutation rows per multi-row `INSERT` (8 arguments each, far under SQLite's limit).
    static let rowsPerInsert = 32
    /// The `INSERT` of n mutation rows at index n.
    private static let insertSQL = (0...rowsPerInsert).map { count in
        "INSERT INTO mutations (run, target, step, account, action, resource, details, at) VALUES "
            + Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?)", count: count).joined(separator: ", ")
    }

    private let db: Database
    private let stepStarted: Statement
    private let targetRunning: Statement
    private let stepFinished: Statement
    private let targetEnd: Statement

    /// The statements of a fold into `db`, looked up once per fold rather than per record.
    init(_ db: Database) throws {
        self.db = db
        stepStarted = try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO steps (run, target, step_index, name, status, changes, messages, started_at)
                VALUES (?, ?, ?, ?, 'running', '[]', '[]', ?)
                """)
        targetRunning = try db.cachedStatement(
            sql: "UPDATE targets SET status = 'running' WHERE run = ? AND id = ? AND status = 'pending'")
        stepFinished = try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO steps (run, target, step_index, name, status, changes, messages, failure_code,
                                              failure_message, failure_step, failure_request_id, failure_changes,
                                              started_at, finished_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        targetEnd = try db.cachedStatement(
            sql: "UPDATE targets SET status = ?, reason = ?, finished_at = ? WHERE run = ? AND id = ?")
    }

    /// Applies `records` as SQLite would hold them after applying each in order.
    /// - Parameter compact: false applies every record alone (the retry of a fold SQLite refused,
    ///   which must drop only the refused record).
    func apply(_ records: [JournalLogRecord], compact: Bool = true) throws {
        let skipped = compact ? Self.superseded(records) : []
        var mutations: [JournalLogRecord] = []
        for (index, record) in records.enumerated() where !skipped.contains(index) {
            let values = record.values.map { $0.databaseValue }
            switch record.kind {
            case .stepStarted:
                // run, target, index, name, started
                try stepStarted.execute(arguments: Self.arguments(values, 0..<5))
                try targetRunning.execute(arguments: Self.arguments(values, 0..<2))
            case .stepFinished:
                // run, target, index, name, status, changes, messages, failure ×5, started, finished, then the
                // target's end: status, reason, at (null when the step does not end it)
                try stepFinished.execute(arguments: Self.arguments(values, 0..<14))
                if values.count > 14, !values[14].isNull {
                    try targetEnd.execute(arguments: Self.arguments(values, 14..<17) + Self.arguments(values, 0..<2))
                }
            case .targetFinished:
                // status, reason, at, run, target
                try targetEnd.execute(arguments: Self.arguments(values, 0..<5))
            case .mutation:
                // No row of another table refers to a mutation, and `seq` follows this order.
                mutations.append(record)
            }
        }
        var start = 0
        while start < mutations.count {
            let end = min(start + Self.rowsPerInsert, mutations.count)
            try insertMutations(mutations[start..<end])
            start = end
        }
    }

    /// Inserts `records` in one statement: run, target, step, account, action, resource, details, at.
    private func insertMutations(_ records: ArraySlice<JournalLogRecord>) throws {
        let statement = try db.cachedStatement(sql: Self.insertSQL[records.count])
        var arguments: [(any DatabaseValueConvertible)?] = []
        arguments.reserveCapacity(8 * records.count)
        for record in records {
            for index in 0..<8 {
                arguments.append(index < record.values.count ? record.values[index].databaseValue : DatabaseValue.null)
            }
        }
        try statement.execute(arguments: StatementArguments(arguments))
    }

    /// The positions of records a later record of `records` makes redundant:
    /// - a call's intent whose outcome (done or refused) follows: the outcome carries what the
    ///   intent said, and a reader settles the two into the outcome anyway;
    /// - a step's start whose end follows: the end's row replaces the start's, and a target that
    ///   the end finishes leaves `running` at once.
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

    /// The arguments of `range` in `values`; null past its end.
    private static func arguments(_ values: [DatabaseValue], _ range: Range<Int>) -> StatementArguments {
        // Optional existentials: GRDB's initializer for a sequence of concrete values maps it with a key
        // path, instantiated at every call from here (a third of applying a record).
        var slice: [(any DatabaseValueConvertible)?] = []
        slice.reserveCapacity(range.count)
        for index in range { slice.append(index < values.count ? values[index] : DatabaseValue.null) }
        return StatementArguments(slice)
    }

    /// A step of a run's target: run, target and step index, the first three values of its records.
    private struct StepKey: Hashable {
        var run: String
        var target: String
        var index: Int64

        init?(_ values: [JournalLogRecord.Value]) {
            guard values.count >= 3, case .text(let run) = values[0], case .text(let target) = values[1],
                case .integer(let index) = values[2]
            else { return nil }
            self.run = run
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
