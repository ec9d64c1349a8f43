import Foundation
import Rollout

/// Holds the changes a run's setup makes before the run's record exists in the journal (the
/// record needs the targets and steps the setup produces); `flush` journals them in order.
/// Only `recordMutation` is meaningful here: a setup has no steps or targets of its own.
actor BufferedMutations: RolloutJournal {
    private var mutations: [MutationRecord] = []

    /// Whether the setup changed anything.
    var hasMutations: Bool { !mutations.isEmpty }

    /// Journals the buffered changes in order and empties the buffer.
    func flush(to journal: any RolloutJournal) async throws {
        while !mutations.isEmpty {
            try await journal.recordMutation(mutations[0])
            mutations.removeFirst()
        }
    }

    func recordMutation(_ mutation: MutationRecord) async throws { mutations.append(mutation) }
    func beginRun(_ run: RunRecord) async throws {}
    func reopenRun(_ run: RunID, at date: Date) async throws {}
    func stepStarted(_ run: RunID, target: String, step: StepDescriptor, at date: Date) async throws {}
    func stepFinished(_ run: RunID, record: StepRecord) async throws {}
    func targetFinished(_ run: RunID, target: String, status: TargetStatus, reason: String?, at date: Date) async throws {}
    func finishRun(_ run: RunID, status: RunStatus, summary: String, at date: Date) async throws {}
    func run(_ run: RunID) async throws -> RunRecord? { nil }
    func steps(of run: RunID) async throws -> [StepRecord] { [] }
    func mutations(of run: RunID) async throws -> [MutationRecord] { mutations }
}
