import Foundation
import Rollout
import Testing

/// How intents and outcomes of journaled calls settle into the changes a run made.
@Suite("Mutation intents and outcomes")
struct MutationPhaseTests {
    private static let run = RunID.make()

    private static func record(
        _ action: String, _ resource: String, _ phase: MutationRecord.Phase?, _ operation: String?,
        target: String? = "200", step: Int? = 0
    ) -> MutationRecord {
        var details: [String: String] = [:]
        if let phase { details[MutationRecord.phaseKey] = phase.rawValue }
        if let operation { details[MutationRecord.operationKey] = operation }
        return MutationRecord(
            run: run, target: target, step: step, account: "200", action: action, resource: resource,
            details: details, at: Date())
    }

    @Test(
        "a confirmed call counts once, a refused one not at all, an unanswered intent stays, in any order of records",
        arguments: [
            // (records as (resource, phase, operation), resources expected in the settled list)
            ([("r1", MutationRecord.Phase.intent, "o1"), ("r1", .done, "o1")], ["r1"]),
            ([("r1", .intent, "o1"), ("r1", .failed, "o1")], []),
            ([("r1", .intent, "o1")], ["r1"]),
            ([("r1", .done, "o1"), ("r1", .intent, "o1")], ["r1"]),
            ([("r1", .intent, "o1"), ("r2", .intent, "o2"), ("r2", .done, "o2")], ["r1", "r2"]),
            ([("r1", .intent, "o1"), ("r1", .intent, "o2"), ("r1", .failed, "o2")], ["r1"]),
            ([("r1", .done, nil)], ["r1"]),
            ([("r1", .intent, nil)], ["r1"]),
        ] as [([(String, MutationRecord.Phase, String?)], [String])])
    func settles(records: [(String, MutationRecord.Phase, String?)], expected: [String]) {
        let settled = MutationRecord.settled(records.map { Self.record("ram:CreateRole", $0.0, $0.1, $0.2) })
        #expect(settled.map(\.resource) == expected)
        // Exactly the intents left without an answer are unconfirmed.
        for record in settled {
            #expect(record.isConfirmed == (record.phase == .done))
        }
    }

    @Test("a record without a phase, from before intents existed, is a confirmed change")
    func legacyRecordsAreDone() {
        let legacy = Self.record("ram:CreateRole", "r", nil, nil)
        #expect(legacy.phase == .done && legacy.isConfirmed)
        #expect(!legacy.line.contains("lost"))
        #expect(Self.record("ram:CreateRole", "r", .intent, "o").line.contains("its answer was lost"))
    }

    @Test("a resume gives a step killed mid-way the changes its attempts made, and leaves finished steps as recorded")
    func attributesToInterruptedSteps() {
        let steps = [
            StepRecord(
                target: "200", step: StepDescriptor(index: 0, name: "roles"), status: .succeeded,
                changes: ["created role A"], startedAt: Date()),
            StepRecord(
                target: "200", step: StepDescriptor(index: 1, name: "grant"), status: .running, changes: [],
                startedAt: Date()),
            StepRecord(
                target: "300", step: StepDescriptor(index: 1, name: "grant"), status: .running, changes: [],
                startedAt: Date()),
        ]
        let mutations = [
            Self.record("ram:CreateRole", "A", .done, "o0", step: 0),
            Self.record("kms:SetKeyPolicy", "key-1", .intent, "o1", step: 1),
            Self.record("ecs:CreateDisk", "d-1", .intent, "o2", step: 1),
            Self.record("ecs:CreateDisk", "d-1", .failed, "o2", step: 1),
            Self.record("ram:CreateRole", "S", .done, nil, target: nil, step: nil),
        ]
        let attributed = MutationRecord.attributing(mutations, to: steps)
        #expect(attributed[0] == steps[0])
        #expect(attributed[1].changes == ["kms:SetKeyPolicy key-1 in 200 (sent; its answer was lost)"])
        #expect(attributed[2].changes.isEmpty)
    }
}
