import CloudAPI
import CloudModel
import CloudSimulator
import Foundation
import KeyshareTesting
import LuaKit
import Rollout
import Runner
import Testing

/// A journal keeping only the mutations, in memory.
private actor Recorder: RolloutJournal {
    var records: [MutationRecord] = []
    func recordMutation(_ mutation: MutationRecord) async throws { records.append(mutation) }
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

/// The undo of a run that gave a pre-existing custom policy new default versions, applied by
/// ``UndoExecutor`` to a simulator: the earlier default comes back, the run's versions go, and a
/// second pass (or a cloud already restored by hand) finds nothing to do.
@Suite("Undo of a policy's default version")
struct UndoPolicyVersionTests {
    static let f = ConformanceWorld().fixture
    static let run = RunID("r-20261207T000000Z-abcdef")!
    static let policy = "Versioned"
    static var member: String { f.sharee.rawValue }

    /// The document of version `n`, told apart by its action.
    static func document(_ n: Int) -> String { PolicyFixture(.allow(["kms:Action\(n)"])).json }

    /// A simulator whose member has `Versioned` at v1 (the default before "the run").
    static func cloud() async throws -> SimulatedCloud {
        let cloud = try Fixtures.simulator()
        _ = try await cloud.createPolicy(
            CreatePolicyRequest(policyName: policy, policyDocument: document(1)), context: f.root(f.sharee))
        return cloud
    }

    /// What the run did: `count` versions made default one after the other, journaled as the binding
    /// does (the default read before each call, the new version from its answer).
    static func runChanges(_ cloud: SimulatedCloud, count: Int) async throws -> [MutationRecord] {
        var records: [MutationRecord] = []
        for n in 0..<count {
            let before = try await cloud.getPolicy(GetPolicyRequest(policyName: policy), context: f.root(f.sharee))
            let made = try await cloud.createPolicyVersion(
                CreatePolicyVersionRequest(policyName: policy, policyDocument: document(n + 2), setAsDefault: true),
                context: f.root(f.sharee))
            records.append(
                MutationRecord(
                    run: run, target: member, step: 0, account: member, action: "ram:CreatePolicyVersion", resource: policy,
                    details: ["previousDefaultVersion": before.policy.defaultVersion, "versionId": made.policyVersion.versionID],
                    at: Date()))
        }
        return records
    }

    /// Runs the undo of `changes` for the member and returns its outcome.
    static func undo(_ changes: [MutationRecord], on cloud: SimulatedCloud) async -> StepOutcome {
        let executor = UndoExecutor(cloud: cloud, run: run, plan: UndoPlan(mutations: changes, order: [member]), journal: nil)
        return await executor.run(UndoExecutor.step, of: RolloutTarget(id: member), earlier: [], retried: false)
    }

    /// The default version and the versions that still exist (probed by deleting is destructive, so
    /// by choosing each as default and choosing the default back).
    static func state(_ cloud: SimulatedCloud) async throws -> (inForce: String, document: String, versions: [String]) {
        let root = f.root(f.sharee)
        let read = try await cloud.getPolicy(GetPolicyRequest(policyName: policy), context: root)
        var versions: [String] = []
        for n in 1...6 {
            let outcome = await Outcome.of {
                _ = try await cloud.setDefaultPolicyVersion(
                    SetDefaultPolicyVersionRequest(policyName: policy, versionID: "v\(n)"),
                    context: root)
            }
            if outcome == .success { versions.append("v\(n)") }
        }
        _ = try await cloud.setDefaultPolicyVersion(
            SetDefaultPolicyVersionRequest(policyName: policy, versionID: read.policy.defaultVersion), context: root)
        return (read.policy.defaultVersion, read.defaultPolicyVersion.policyDocument, versions)
    }

    @Test(
        "undo restores the earlier default version and deletes the run's, once; a second undo changes nothing",
        arguments: [1, 2, 3])
    func restores(versionsMade: Int) async throws {
        let cloud = try await Self.cloud()
        let changes = try await Self.runChanges(cloud, count: versionsMade)
        #expect(try await Self.state(cloud).inForce == "v\(versionsMade + 1)")

        let first = await Self.undo(changes, on: cloud)
        guard case .succeeded(let changed, _) = first else {
            Issue.record("the undo failed: \(first)")
            return
        }
        #expect(changed == ["put version v1 of policy \(Self.policy) back in force"])
        let after = try await Self.state(cloud)
        #expect(after.inForce == "v1")
        #expect(after.document == Self.document(1))
        #expect(after.versions == ["v1"])

        #expect(await Self.undo(changes, on: cloud) == .succeeded(changes: [], messages: []))
        #expect(try await Self.state(cloud).versions == ["v1"])
    }

    @Test(
        "a half-done undo completes: default already restored, or the run's version already deleted",
        arguments: ["restored", "deleted", "policy gone"])
    func partlyDone(already: String) async throws {
        let cloud = try await Self.cloud()
        let changes = try await Self.runChanges(cloud, count: 2)
        let root = Self.f.root(Self.f.sharee)
        _ = try await cloud.setDefaultPolicyVersion(
            SetDefaultPolicyVersionRequest(policyName: Self.policy, versionID: "v1"), context: root)
        if already != "restored" {
            _ = try await cloud.deletePolicyVersion(
                DeletePolicyVersionRequest(policyName: Self.policy, versionID: "v2"), context: root)
        }
        if already == "policy gone" {
            _ = try await cloud.deletePolicyVersion(
                DeletePolicyVersionRequest(policyName: Self.policy, versionID: "v3"), context: root)
            _ = try await cloud.deletePolicy(DeletePolicyRequest(policyName: Self.policy), context: root)
        }
        let outcome = await Self.undo(changes, on: cloud)
        let expected: StepOutcome =
            already == "policy gone"
            ? .succeeded(changes: [], messages: [])
            : .succeeded(changes: ["put version v1 of policy \(Self.policy) back in force"], messages: [])
        #expect(outcome == expected)
        if already != "policy gone" { #expect(try await Self.state(cloud).versions == ["v1"]) }
    }

    @Test("an earlier default that no longer exists fails the undo with a message naming it and the fix")
    func earlierVersionGone() async throws {
        let cloud = try await Self.cloud()
        let changes = try await Self.runChanges(cloud, count: 1)
        let root = Self.f.root(Self.f.sharee)
        // Someone added v3 as default and removed v1 after the run.
        _ = try await cloud.createPolicyVersion(
            CreatePolicyVersionRequest(
                policyName: Self.policy, policyDocument: Self.document(9),
                setAsDefault: true), context: root)
        _ = try await cloud.deletePolicyVersion(
            DeletePolicyVersionRequest(policyName: Self.policy, versionID: "v1"), context: root)
        let outcome = await Self.undo(changes, on: cloud)
        guard case .failed(let failure, _) = outcome else {
            Issue.record("expected a failure: \(outcome)")
            return
        }
        #expect(failure.code == "EntityNotExist.Policy.Version")
        #expect(
            failure.message.contains("v1") && failure.message.contains(Self.policy) && failure.message.contains("by hand"),
            "\(failure.message)")
        #expect(try await Self.state(cloud).inForce == "v3", "a failed restore changed the default")
    }

    @Test(
        "a Lua step's policy writes, journaled by the bindings, undo to the policy as it was",
        arguments: [
            // (the step's calls after `Versioned` exists at v1 with document 1, the undo's plan lines)
            (
                "ram.create_policy_version{policy_name = P, policy_document = D2, set_as_default = true}",
                ["set the default version of policy Versioned in account \(member) back to v1 and delete v2"]
            ),
            (
                "ram.create_policy_version{policy_name = P, policy_document = D2, set_as_default = true}; "
                    + "ram.create_policy_version{policy_name = P, policy_document = D3, set_as_default = true}",
                ["set the default version of policy Versioned in account \(member) back to v1 and delete v2, v3"]
            ),
            // the run itself chose the default back and dropped its version: the undo finds nothing to do
            (
                "ram.create_policy_version{policy_name = P, policy_document = D2, set_as_default = true}; "
                    + "ram.set_default_policy_version{policy_name = P, version_id = 'v1'}; "
                    + "ram.delete_policy_version{policy_name = P, version_id = 'v2'}",
                ["set the default version of policy Versioned in account \(member) back to v1 and delete v2"]
            ),
        ])
    func fromLua(source: String, expected: [String]) async throws {
        let cloud = try await Self.cloud()
        let journal = Recorder()
        let state = try LuaState(options: .init())
        let callers = CallerResolver(defaultCaller: .root(Self.f.sharee))
        try state.register(BindingCatalog.module("ram", cloud: cloud, callers: callers))
        let prelude = "local P = '\(Self.policy)'\nlocal D2 = [[\(Self.document(2))]]\nlocal D3 = [[\(Self.document(3))]]\n"
        let function = try state.load(prelude + source, chunkName: "step.lua")
        let scope = StepScope(
            run: Self.run, target: Self.member, step: StepDescriptor(index: 0, name: "policy"), journal: journal)
        let result = await state.withCoroutineHost { host in await host.run(LuaCall(function, arguments: [], context: scope)) }
        if case .failure(let error) = result { Issue.record("the step failed: \(error)") }

        let changes = await journal.records
        let plan = UndoPlan(mutations: changes, order: [Self.member])
        #expect(plan.targets.flatMap(\.actions).map(\.line) == expected)
        _ = await Self.undo(changes, on: cloud)
        let after = try await Self.state(cloud)
        #expect(after.inForce == "v1" && after.document == Self.document(1) && after.versions == ["v1"], "\(after)")
    }
}
