import CloudAPI
import CloudModel
import CloudSimulator
import Foundation
import Grants
import LuaKit
import Rollout
import Runner
import Testing

/// Lets waiters through only once `count` of them wait at the same time.
private actor Gate {
    private let count: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(count: Int) { self.count = count }

    func pass() async {
        if waiters.count + 1 >= count {
            for waiter in waiters { waiter.resume() }
            waiters.removeAll()
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }
}

private let member = "2000000000000001"
private let trust =
    #"{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":["ecs.aliyuncs.com"]}}],"Version":"1"}"#

/// `keyshare.concurrently` in the runner: its functions run in the caller's step (journal, ClientTokens,
/// observations) and may only read the cloud.
@Suite("keyshare.concurrently binding")
struct ConcurrentlyBindingTests {
    /// Runs `source` as one journaled step of `member`; returns its error text, if any.
    private func step(
        _ source: String, cloud: SimulatedCloud, journal: MemoryMutations, gate: Gate? = nil
    ) async throws -> Result<[LuaValue], LuaError> {
        let state = try LuaState(options: .init())
        let callers = CallerResolver(defaultCaller: .root(try #require(AccountID(member))))
        for module in ["ram", "ecs"] {
            try state.register(BindingCatalog.module(module, cloud: cloud, callers: callers))
        }
        try state.register(
            HelperModules.keyshare(writers: KeyPolicyWriters(cloud: cloud), sleep: { _ in await gate?.pass() }))
        let function = try state.load("local T = [[\(trust)]]\n" + source, chunkName: "step.lua")
        let scope = StepScope(run: .make(), target: member, step: StepDescriptor(index: 0, name: "roles"), journal: journal)
        return await state.withCoroutineHost { host in await host.run(LuaCall(function, context: scope)) }
    }

    @Test("the functions overlap and their reads belong to the caller's step", .timeLimit(.minutes(1)))
    func overlapAndContext() async throws {
        let cloud = try SimulatedCloud(world: .starter(accounts: 2), environment: .deterministic())
        let journal = MemoryMutations()
        // Both sleeps must wait at once for the gate to open; the child's read of R is what the
        // caller's create_role journals as seen before.
        let result = try await step(
            """
            local a, b = keyshare.concurrently(
              function() keyshare.sleep(1) return (pcall(ram.get_role, { role_name = 'R' })) end,
              function() keyshare.sleep(1) return ram.get_role({ role_name = 'ResourceDirectoryAccountAccessRole' }).role.role_name end)
            ram.create_role{ role_name = 'R', assume_role_policy_document = T }
            return a, b
            """, cloud: cloud, journal: journal, gate: Gate(count: 2))
        #expect(try result.get() == [false, "ResourceDirectoryAccountAccessRole"])
        let records = await journal.records
        #expect(records.map(\.phase) == [.intent, .done])
        #expect(records.first?.details["existedBefore"] == "no")
        #expect(records.allSatisfy { $0.target == member && $0.step == 0 })
    }

    @Test(
        "calls that change the cloud or take a ClientToken are refused inside the functions; reads pass",
        arguments: [
            ("ram.create_role{ role_name = 'R', assume_role_policy_document = T }", "ram.create_role changes the cloud"),
            (
                "ecs.create_disk{ region_id = 'cn-hangzhou', zone_id = 'cn-hangzhou-h', size = 20 }",
                "ecs.create_disk changes the cloud"
            ),
            ("keyshare.concurrently(function() ram.delete_role{ role_name = 'R' } end)", "ram.delete_role changes the cloud"),
            ("ram.get_role{ role_name = 'ResourceDirectoryAccountAccessRole' }", nil),
            ("ram.each('get_role', { { role_name = 'ResourceDirectoryAccountAccessRole' } })", nil),
            ("keyshare.sleep(0)", nil),
        ] as [(String, String?)])
    func mutationsRefused(call: String, refusal: String?) async throws {
        let cloud = try SimulatedCloud(world: .starter(accounts: 2), environment: .deterministic())
        let journal = MemoryMutations()
        let result = try await step(
            "local ok, err = pcall(keyshare.concurrently, function() \(call) end) return ok, err and tostring(err)",
            cloud: cloud, journal: journal)
        let values = try result.get()
        if let refusal {
            #expect(values.first == false)
            let message = values.last?.stringValue ?? ""
            #expect(message.contains("keyshare.concurrently: function #1 failed: step.lua:2: \(refusal)"), "\(message)")
            #expect(message.contains("make the change after keyshare.concurrently returns"))
        } else {
            #expect(values.first == true, "\(values)")
        }
        #expect(await journal.records.isEmpty)
        let role = try? await cloud.getRole(GetRoleRequest(roleName: "R"), context: .root(try #require(AccountID(member))))
        #expect(role == nil)
    }

    @Test(
        "bad calls name keyshare.concurrently",
        arguments: [
            (
                "keyshare.concurrently(1)",
                "bad argument #1 to 'concurrently' (keyshare.concurrently: function expected, got number)"
            ),
            (
                "coroutine.wrap(function() keyshare.concurrently(function() end) end)()",
                "keyshare.concurrently cannot suspend here"
            ),
        ])
    func badCalls(call: String, expected: String) async throws {
        let cloud = try SimulatedCloud(world: .starter(accounts: 2), environment: .deterministic())
        let result = try await step(
            "local ok, err = pcall(function() \(call) end) return err", cloud: cloud, journal: MemoryMutations())
        let message = try result.get().first?.stringValue ?? ""
        #expect(message.contains(expected), "\(message)")
    }
}
