/// A mutating call is journaled twice: its intent before the request leaves, and its outcome once
/// the cloud answered. A process killed in between leaves the intent alone, so the journal still
/// holds every change the run may have made, and undo and resume know which ones are uncertain.
extension MutationRecord {
    /// Where a record stands in its call's life.
    package enum Phase: String, Sendable, Hashable, CaseIterable {
        /// Written before the call: the change may or may not have happened.
        case intent
        /// The cloud confirmed the change (records without a phase, from before intents existed, too).
        case done
        /// The cloud refused the call: nothing changed.
        case failed
    }

    /// The details key of the phase.
    package static let phaseKey = "phase"
    /// The details key of the id that pairs an intent with its outcome.
    package static let operationKey = "operation"

    /// The record's phase (`done` when it names none).
    package var phase: Phase { details[Self.phaseKey].flatMap(Phase.init(rawValue:)) ?? .done }

    /// The id pairing this record with its intent or outcome, when it has one.
    package var operation: String? { details[Self.operationKey] }

    /// Whether the change is certain: a confirmed record, not an intent left without its outcome.
    package var isConfirmed: Bool { phase == .done }

    /// The records that describe what the run changed, in order: a confirmed change replaces its
    /// intent, a refused call drops out with its intent, and an intent that never got its outcome
    /// (the process died while the call was in flight) stays, standing for a change that may exist.
    package static func settled(_ records: [MutationRecord]) -> [MutationRecord] {
        var answered = Set<String>()
        for record in records where record.phase != .intent {
            if let operation = record.operation { answered.insert(operation) }
        }
        return records.filter { record in
            switch record.phase {
            case .done: true
            case .failed: false
            case .intent: record.operation.map { !answered.contains($0) } ?? true
            }
        }
    }

    /// One line naming the change (`ram:CreateRole AliyunECSDiskEncryptDefaultRole in 1234…`), marked
    /// when only its intent was recorded.
    package var line: String {
        let what = resource.isEmpty ? "" : " \(resource)"
        return "\(action)\(what) in \(account)" + (isConfirmed ? "" : " (sent; its answer was lost)")
    }

    /// `steps` with each step an earlier attempt was killed in (still `running`) carrying, as its
    /// changes, what `mutations` show that attempt did: the resumed target then reports them as its
    /// own, although the step, finding the work done, changes nothing when it runs again.
    package static func attributing(_ mutations: [MutationRecord], to steps: [StepRecord]) -> [StepRecord] {
        let interrupted = steps.filter { $0.status == .running }
        guard !interrupted.isEmpty else { return steps }
        var lines: [String: [String]] = [:]
        for mutation in settled(mutations) {
            guard let target = mutation.target, let step = mutation.step else { continue }
            lines["\(target)/\(step)", default: []].append(mutation.line)
        }
        return steps.map { record in
            guard record.status == .running, let made = lines["\(record.target)/\(record.step.index)"] else { return record }
            var record = record
            record.changes += made.filter { !record.changes.contains($0) }
            return record
        }
    }
}
