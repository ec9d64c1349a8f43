import CloudAPI
import CloudModel
import CloudSimulator
import Foundation
import LuaKit
import Rollout
import Runner
import Testing

/// `ram.each` in a journaled step takes each read's single-call path: what the reads showed is
/// noted in the step's scope, so a later create's intent says whether the role stood before.
@Suite("Batch reads in journaled steps")
struct BatchJournalingTests {
    private static let member = "2000000000000001"
    private static let trust =
        #"{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":["ecs.aliyuncs.com"]}}],"Version":"1"}"#

    @Test(
        "reads through each inform a later intent as single reads do",
        arguments: [
            ("pcall(ram.each, 'get_role', { { role_name = 'Other' }, { role_name = 'R' } })", "no"),
            ("pcall(ram.get_role, { role_name = 'R' })", "no"),
            ("ram.each('get_role', { { role_name = 'ResourceDirectoryAccountAccessRole' } })", nil),
        ] as [(String, String?)])
    func observations(read: String, existed: String?) async throws {
        let cloud = try SimulatedCloud(world: .starter(accounts: 2), environment: .deterministic())
        let journal = MemoryMutations()
        let state = try LuaState(options: .init())
        let callers = CallerResolver(defaultCaller: .root(try #require(AccountID(Self.member))))
        try state.register(BindingCatalog.module("ram", cloud: cloud, callers: callers))
        let function = try state.load(
            "\(read)\nram.create_role{ role_name = 'R', assume_role_policy_document = [[\(Self.trust)]] }",
            chunkName: "step.lua")
        let scope = StepScope(
            run: .make(), target: Self.member, step: StepDescriptor(index: 0, name: "roles"), journal: journal)
        let result = await state.withCoroutineHost { host in await host.run(LuaCall(function, arguments: [], context: scope)) }
        #expect((try? result.get()) != nil, "\(result)")
        let records = await journal.records
        #expect(records.map(\.phase.rawValue) == ["intent", "done"])
        #expect(records.first?.details["existedBefore"] == existed)
    }
}
