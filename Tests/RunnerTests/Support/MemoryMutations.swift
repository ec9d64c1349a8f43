import Foundation
import Rollout

/// A journal in memory that keeps the mutation records of the steps run against it, or one whose
/// disk is full (every mutation write throws); the other records are not kept.
actor MemoryMutations: RolloutJournal {
    /// The error of a full disk.
    struct Full: Error, CustomStringConvertible { var description: String { "disk full" } }
    /// The mutation records, in the order they came.
    var records: [MutationRecord] = []
    private let full: Bool

    /// A journal that keeps records, or (`full`) refuses each.
    init(full: Bool = false) { self.full = full }

    func recordMutation(_ mutation: MutationRecord) async throws {
        if full { throw Full() }
        records.append(mutation)
    }
    func beginRun(_ run: RunRecord) async throws {}
    func reopenRun(_ run: RunID, at date: Date) async throws {}
    func stepStarted(_ run: RunID, target: String, step: StepDescriptor, at date: Date) async throws {}
    func stepFinished(_ run: RunID, record: StepRecord) async throws {}
    func targetFinished(_ run: RunID, target: String, status: TargetStatus, reason: String?, at date: Date) async throws {}
    func finishRun(_ run: RunID, status: RunStatus, summary: String, at date: Date) async throws {}
    func run(_ run: RunID) async throws -> RunRecord? { nil }
    func steps(of run: RunID) async throws -> [StepRecord] { [] }
    func mutations(of run: RunID) async throws -> [MutationRecord] { records }
}
