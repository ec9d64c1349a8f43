import CloudAPI
import CloudModel
import CloudSimulator
import Foundation
import LuaKit
import Rollout
import Runner
import Testing

private let member = "2000000000000001"
private let trust =
    #"{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":["ecs.aliyuncs.com"]}}],"Version":"1"}"#

/// Every mutating call of a journaled step is recorded before it is sent (its intent) and after the
/// cloud answered (done, or failed for a refusal), so a kill in between still leaves it in the journal.
@Suite("Journaling of mutating calls")
struct MutationJournalingTests {
    /// Runs `source` as one step of target `member`, journaled in `journal`; returns its error text, if any.
    private func step(_ source: String, cloud: SimulatedCloud, journal: any RolloutJournal) async throws -> String? {
        let state = try LuaState(options: .init())
        let callers = CallerResolver(defaultCaller: .root(try #require(AccountID(member))))
        for module in ["ram", "ecs"] { try state.register(BindingCatalog.module(module, cloud: cloud, callers: callers)) }
        let function = try state.load(source, chunkName: "step.lua")
        let scope = StepScope(run: .make(), target: member, step: StepDescriptor(index: 0, name: "roles"), journal: journal)
        let result = await state.withCoroutineHost { host in await host.run(LuaCall(function, arguments: [], context: scope)) }
        switch result {
        case .success: return nil
        case .failure(let error): return String(describing: error)
        }
    }

    @Test(
        "intent, then outcome, paired by one operation; the intent says what the step saw before",
        arguments: [
            // (the step, the phases recorded in order, existedBefore of the intent, role exists afterwards)
            (
                "pcall(ram.get_role, {role_name = 'R'}); ram.create_role{role_name = 'R', assume_role_policy_document = T}",
                ["intent", "done"], "no", true
            ),
            ("ram.create_role{role_name = 'R', assume_role_policy_document = T}", ["intent", "done"], nil, true),
            (
                "ram.create_role{role_name = 'R', assume_role_policy_document = T}; ram.get_role{role_name = 'R'}; "
                    + "pcall(ram.create_role, {role_name = 'R', assume_role_policy_document = T})",
                ["intent", "done", "intent", "failed"], "yes", true
            ),
            (
                "ram.get_role{role_name = 'ResourceDirectoryAccountAccessRole'}; "
                    + "pcall(ram.create_role, {role_name = 'ResourceDirectoryAccountAccessRole', assume_role_policy_document = T})",
                ["intent", "failed"], "yes", true
            ),
        ] as [(String, [String], String?, Bool)])
    func phases(source: String, phases: [String], existed: String?, exists: Bool) async throws {
        let cloud = try SimulatedCloud(world: .starter(accounts: 2), environment: .deterministic())
        let journal = MemoryMutations()
        let error = try await step("local T = [[\(trust)]]\n" + source, cloud: cloud, journal: journal)
        #expect(error == nil)
        let records = await journal.records
        #expect(records.map(\.phase.rawValue) == phases)
        // Each outcome answers the intent just before it, and repeats what the intent said (a journal's
        // fold may keep only the outcome of the two).
        for pair in stride(from: 0, to: records.count - 1, by: 2) {
            #expect(records[pair].operation != nil && records[pair].operation == records[pair + 1].operation)
            let said = records[pair].details.filter { $0.key != MutationRecord.phaseKey }
            #expect(said.allSatisfy { records[pair + 1].details[$0.key] == $0.value }, "\(records[pair + 1].details)")
        }
        let lastIntent = records.last { $0.phase == .intent }
        #expect(lastIntent?.details["existedBefore"] == existed)
        #expect(records.allSatisfy { $0.account == member && $0.target == member && $0.step == 0 })
        let role = try? await cloud.getRole(GetRoleRequest(roleName: "R"), context: .root(try #require(AccountID(member))))
        #expect((role != nil) == (exists && source.contains("'R'")))
    }

    @Test("a call the cloud may have applied (5xx) keeps its intent unanswered, with its ClientToken")
    func serverErrorKeepsIntent() async throws {
        let cloud = try SimulatedCloud(world: .starter(accounts: 2), environment: .deterministic())
        await cloud.setFaults(
            FaultPlan(rules: [
                .ecs: .init(
                    errorRate: 1,
                    errors: [
                        CloudError(code: "InternalError", message: "the server failed", httpStatus: 500)
                    ])
            ]))
        let journal = MemoryMutations()
        let error = try await step(
            "ecs.create_disk{region_id = 'cn-hangzhou', zone_id = 'cn-hangzhou-h', size = 20}",
            cloud: cloud, journal: journal)
        #expect(error?.contains("InternalError") == true)
        let records = await journal.records
        #expect(records.map(\.phase) == [.intent])
        #expect(records.first?.details["clientToken"]?.hasPrefix("ks-") == true)
        #expect(MutationRecord.settled(records).map(\.isConfirmed) == [false])
    }

    @Test("a journal that cannot record the intent stops the call before it is sent")
    func fullJournalSendsNothing() async throws {
        let cloud = try SimulatedCloud(world: .starter(accounts: 2), environment: .deterministic())
        let error = try await step(
            "ram.create_role{role_name = 'R', assume_role_policy_document = [[\(trust)]]}",
            cloud: cloud, journal: MemoryMutations(full: true))
        #expect(error?.contains("keyshare.JournalError") == true, "\(error ?? "no error")")
        #expect(error?.contains("was not sent") == true, "\(error ?? "no error")")
        let role = try? await cloud.getRole(GetRoleRequest(roleName: "R"), context: .root(try #require(AccountID(member))))
        #expect(role == nil)
    }

    @Test(
        "an UpdateRole of a role its own step created carries no preimage (undo deletes the role); any other reads one",
        arguments: [
            // (the step, whether the UpdateRole's details carry the role's earlier description, its existedBefore)
            (
                "ram.create_role{role_name = 'R', assume_role_policy_document = T}; "
                    + "ram.update_role{role_name = 'R', new_description = 'verified'}",
                false, "no"
            ),
            (
                "pcall(ram.get_role, {role_name = 'R'}); ram.create_role{role_name = 'r', assume_role_policy_document = T}; "
                    + "ram.update_role{role_name = 'R', new_description = 'verified'}",
                false, "no"
            ),
            // Refused (it exists): not created by this step, so its earlier state is read.
            (
                "pcall(ram.create_role, {role_name = 'ResourceDirectoryAccountAccessRole', assume_role_policy_document = T}); "
                    + "ram.update_role{role_name = 'ResourceDirectoryAccountAccessRole', new_description = 'verified'}",
                true, nil
            ),
            (
                "ram.update_role{role_name = 'ResourceDirectoryAccountAccessRole', new_description = 'verified'}",
                true, nil
            ),
            // Another role created in the step says nothing of this one.
            (
                "ram.create_role{role_name = 'R', assume_role_policy_document = T}; "
                    + "ram.update_role{role_name = 'ResourceDirectoryAccountAccessRole', new_description = 'verified'}",
                true, nil
            ),
        ] as [(String, Bool, String?)])
    func updateOfCreatedRole(source: String, preimage: Bool, existed: String?) async throws {
        let cloud = try SimulatedCloud(world: .starter(accounts: 2), environment: .deterministic())
        let journal = MemoryMutations()
        let error = try await step("local T = [[\(trust)]]\n" + source, cloud: cloud, journal: journal)
        #expect(error == nil)
        let update = await journal.records.last { $0.action == "ram:UpdateRole" && $0.phase == .intent }
        #expect(update != nil)
        #expect((update?.details["previousDescription"] != nil) == preimage)
        #expect(update?.details["existedBefore"] == existed)
        #expect(await journal.records.last?.phase == .done)
    }
}
