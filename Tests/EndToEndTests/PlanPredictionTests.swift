import Foundation
import Testing

/// A world a plan is checked on, and what its plan must foresee.
struct PlanScenario: CustomStringConvertible, Sendable {
    /// Names the case in test output.
    var name: String
    /// The world file's text.
    var world: String
    /// The playbook's text (nil: the shipped share-disk-key.lua).
    var playbook: String?
    /// Failed targets the plan must predict, by failure code.
    var failures: [String: Int]
    /// `--concurrency` of plan and run (1 where targets compete for the last quota units, whose
    /// winner depends on arrival order; nil: the playbook's).
    var concurrency: Int? = 1

    var description: String { name }
}

private let grantOnly = """
    return { owner = "1000000000000001", key = "alias/shared-disk-key", inventory = "resource-directory",
      params = { folder = "fd-prod" }, steps = { "ecs-key-sharing.grant" } }
    """

private let prodOneWithRole = """
      - id: "2000000000000001"
        name: prod-1
        folder: fd-prod
        roles:
          - name: AliyunECSDiskEncryptDefaultRole
            trust: { Version: "1", Statement: [ { Effect: Allow, Action: "sts:AssumeRole", Principal: { Service: [ "ecs.aliyuncs.com" ] } } ] }
    """

private let scenarios: [PlanScenario] = [
    PlanScenario(name: "quota for two of three members", world: planWorld, failures: ["Rejected.ShareQuotaExceedLimit": 1]),
    PlanScenario(
        name: "room for everyone", world: planWorld.replacingOccurrences(of: "vpc_num: 4", with: "vpc_num: 10"),
        failures: [:]),
    PlanScenario(
        name: "room for everyone, the playbook's concurrency",
        world: planWorld.replacingOccurrences(of: "vpc_num: 4", with: "vpc_num: 10"), failures: [:], concurrency: nil),
    PlanScenario(
        name: "a disabled key, the playbook's concurrency",
        world: planWorld.replacingOccurrences(of: "state: Enabled", with: "state: Disabled")
            .replacingOccurrences(of: "vpc_num: 4", with: "vpc_num: 10"),
        failures: ["InvalidParameter.KMSKeyId.CMKNotEnabled": 3], concurrency: nil),
    PlanScenario(
        name: "a disabled key",
        world: planWorld.replacingOccurrences(of: "state: Enabled", with: "state: Disabled")
            .replacingOccurrences(of: "vpc_num: 4", with: "vpc_num: 10"),
        failures: ["InvalidParameter.KMSKeyId.CMKNotEnabled": 3]),
    PlanScenario(
        name: "no quota left at all",
        world: planWorld.replacingOccurrences(of: "bound_vpcs: 1", with: "bound_vpcs: 3"),
        failures: ["Rejected.ShareQuotaExceedLimit": 3]),
    PlanScenario(
        name: "grants for members missing their role",
        world: planWorld.replacingOccurrences(
            of: #"  - { id: "2000000000000001", name: prod-1, folder: fd-prod, tags: { env: prod } }"#,
            with: prodOneWithRole
        ).replacingOccurrences(of: "vpc_num: 4", with: "vpc_num: 10"),
        playbook: grantOnly, failures: ["InvalidParameter": 2]),
]

/// `keyshare plan` on the simulator with `--state`: the state file and its sidecars are byte for byte
/// what they were, and the per-target prediction is what the run that follows does, failures included.
@Suite(
    "keyshare plan predicts the run and writes nothing",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct PlanPredictionTests {
    @Test(
        "the plan leaves the state byte-identical and predicts each target of the following run",
        arguments: scenarios)
    func planThenRun(_ scenario: PlanScenario) async throws {
        let work = try temporaryFolder("keyshare-plan")
        let outputs = try temporaryFolder("keyshare-plan-out")
        defer {
            try? FileManager.default.removeItem(at: work)
            try? FileManager.default.removeItem(at: outputs)
        }
        let world = work.appendingPathComponent("world.yaml")
        try scenario.world.write(to: world, atomically: true, encoding: .utf8)
        let playbook: String
        if let text = scenario.playbook {
            let url = outputs.appendingPathComponent("playbook.lua")
            try text.write(to: url, atomically: true, encoding: .utf8)
            playbook = url.path
        } else {
            playbook = planSharePlaybook
        }
        let state = work.appendingPathComponent("state.sqlite").path
        let seed = outputs.appendingPathComponent("seed.lua")
        try "return 1".write(to: seed, atomically: true, encoding: .utf8)
        let seeded = try await keyshare(["run", "--world", world.path, "--state", state, seed.path])
        try #require(seeded.status == 0, "\(seeded.errors)")
        let before = try folderContents(work)

        let planFile = outputs.appendingPathComponent("plan.json")
        let options =
            ["--world", world.path, "--state", state] + (scenario.concurrency.map { ["--concurrency", String($0)] } ?? [])
        let plan = try await keyshare(["plan"] + options + ["--out", planFile.path, playbook])
        let expectedExit: Int32 = scenario.failures.isEmpty ? 2 : 1
        #expect(plan.status == expectedExit, "\(plan.output)\(plan.errors)")
        let after = try folderContents(work)
        #expect(after.keys.sorted() == before.keys.sorted(), "files changed: \(before.keys.sorted()) → \(after.keys.sorted())")
        #expect(after == before, "the plan changed the state folder")

        let predicted = try plannedTargets(planFile)
        var codes: [String: Int] = [:]
        for target in predicted.values { if let code = target.code { codes[code, default: 0] += 1 } }
        #expect(codes == scenario.failures, "\(predicted)")

        let report = outputs.appendingPathComponent("run.jsonl")
        let run = try await keyshare(["run"] + options + ["--reporter", "json=\(report.path)", playbook])
        #expect(run.status == (scenario.failures.isEmpty ? 0 : 1), "\(run.output)\(run.errors)")
        let happened = try reportedTargets(report)
        #expect(!happened.isEmpty)
        #expect(predicted == happened, "plan: \(predicted)\nrun: \(happened)")

        // After the run the plan foresees nothing more to do; the failures stay foreseen.
        let again = try await keyshare(["plan"] + options + ["--out", planFile.path, playbook])
        #expect(again.status == (scenario.failures.isEmpty ? 0 : 1), "\(again.output)\(again.errors)")
        for (account, target) in try plannedTargets(planFile) where target.code == nil {
            #expect(target.status == "unchanged", "\(account): \(target)")
        }
    }
}
