import CloudAPI
import CloudModel
import CloudSimulator
import Foundation
import LuaKit
import Runner
import Synchronization
import Testing

/// When the script called `keyshare.sleep(0)`: right before `prepare`, then as the inventory's first act.
private actor Stamp {
    private var marks: [ContinuousClock.Instant] = []

    func mark() { marks.append(ContinuousClock.now) }

    /// How long after `prepare` began the inventory started.
    var inventoryStarted: Duration? { marks.count >= 2 ? marks[1] - marks[0] : nil }

    /// Whether the inventory has started.
    var inventoryHasStarted: Bool { marks.count >= 2 }
}

/// Holds the key lookup's calls (ListAliases, DescribeKey) until the inventory has started, for at most
/// 30 s: the inventory can start only if it does not wait for the keys. Ordering, not timing, so a
/// loaded machine cannot fail it.
private struct HoldKeysUntilInventory: Cloud {
    let inner: any Cloud
    let stamp: Stamp
    let released = Flag()

    final class Flag: Sendable {
        let value = Mutex(false)
    }

    func call<R: CloudRequest>(_ request: R, context: CallContext) async throws -> R.Response {
        if request is ListAliasesRequest || request is DescribeKeyRequest {
            let deadline = ContinuousClock.now + .seconds(30)
            while ContinuousClock.now < deadline {
                if await stamp.inventoryHasStarted {
                    released.value.withLock { $0 = true }
                    break
                }
                try await Task.sleep(for: .milliseconds(5))
            }
        }
        return try await inner.call(request, context: context)
    }
}

/// `runtime.prepare` looks the keys up and runs an inventory plugin declaring `needs_keys = false`
/// at once, and fails exactly as running them in turn fails.
@Suite("prepare: key lookup beside the inventory")
struct PrepareOverlapTests {
    static let latency = 400

    /// Runs `prepare` with inventory plugin `inv` (running `body`, declaring `needs_keys = false` when
    /// `independent`) and `keys`; returns (#targets, whether the inventory saw ctx.keys) or the error
    /// (its message without the script's folder), and when the inventory started.
    static func prepare(
        body: String, independent: Bool, keys: String = #"keys = { "alias/shared-disk-key" }"#, inline: Bool = false,
        holdKeys: Bool = false
    ) async throws -> (outcome: Result<[LuaValue], LuaError>, started: Duration?, keysHeldForInventory: Bool) {
        let simulator = try SimulatedCloud(world: .starter(accounts: 3), environment: .deterministic())
        await simulator.setFaults(FaultPlan(rules: [.kmsRead: .init(latencyMilliseconds: latency...latency)]))
        let stamp = Stamp()
        let hold = HoldKeysUntilInventory(inner: simulator, stamp: stamp)
        let cloud: any Cloud = holdKeys ? hold : simulator
        let owner = try #require(AccountID("1000000000000001"))
        let options = RunOptions(
            searchPath: PluginSearchPath(extra: [], builtIn: pluginsFolder), defaultAccount: owner, reporters: [],
            sleep: { _ in await stamp.mark() })
        let runner = try PluginRunner(cloud: cloud, options: options)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("prepare-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("prepare.lua")
        try """
        local errors = require("_lib.keyshare.errors")
        local saw_keys
        local function inventory(ctx, params)
          keyshare.sleep(0)
          saw_keys = ctx.keys ~= nil or ctx.key ~= nil
          \(body)
        end
        require("keyshare.plugins").inv = { provides = { inventory = {
          run = inventory, needs_keys = \(independent ? "false" : "nil") } } }
        local runtime = require("_lib.keyshare.runtime")
        keyshare.sleep(0)
        local _, targets = runtime.prepare({ owner = "1000000000000001",
          region = "cn-hangzhou", \(keys), inventory = \(inline ? "inventory" : "'inv'"), steps = {}, params = {} })
        return #targets, saw_keys
        """.write(to: script, atomically: true, encoding: .utf8)
        do {
            guard case .script(let values) = try await runner.run(script) else { throw LuaError.invalidUsage("a rollout") }
            return (.success(values), await stamp.inventoryStarted, hold.released.value.withLock { $0 })
        } catch let error as LuaError {
            // Both runs' scripts are in folders of their own: compare their messages without them.
            let message = error.message.replacing(#/prepare-[0-9A-F-]+/#, with: "prepare")
            return (
                .failure(.runtime(message: message, traceback: nil, value: error.fields.map(LuaValue.table) ?? .nil)),
                await stamp.inventoryStarted, hold.released.value.withLock { $0 }
            )
        }
    }

    @Test("an inventory declaring needs_keys = false runs while the keys are looked up; others after them")
    func overlaps() async throws {
        let body = #"errors.code(nil) return { { id = "2000000000000001" }, { id = "2000000000000002" } }"#
        let early = try await Self.prepare(body: body, independent: true, holdKeys: true)
        #expect(try early.outcome.get() == [2, false])
        #expect(early.keysHeldForInventory, "the inventory waited for the key lookup")
        for (independent, inline, keys) in [
            (false, false, #"keys = { "alias/shared-disk-key" }"#), (true, true, #"keys = { "alias/shared-disk-key" }"#),
            (false, false, #"key = "alias/shared-disk-key""#),
        ] {
            let late = try await Self.prepare(body: body, independent: independent, keys: keys, inline: inline)
            #expect(try late.outcome.get() == [2, true])
            #expect(try #require(late.started) >= .milliseconds(Self.latency), "\(String(describing: late.started))")
        }
        // Without keys to look up there is nothing to overlap.
        let keyless = try await Self.prepare(body: body, independent: true, keys: "params = {}")
        #expect(try keyless.outcome.get() == [2, false])
    }

    @Test(
        "failures read as running the key lookup and the inventory in turn",
        arguments: [
            // (keys, inventory body)
            (#"keys = { "alias/no-such-key" }"#, #"return { { id = "2000000000000001" } }"#),
            (#"keys = { "alias/no-such-key" }"#, "error('inventory broke')"),
            (#"key = "alias/no-such-key""#, "error('inventory broke', 0)"),
            (#"keys = { "alias/shared-disk-key" }"#, "error('inventory broke')"),
            (#"keys = { "alias/shared-disk-key" }"#, "errors.raise('keyshare.UnknownFolder', 'no folder x')"),
            (#"keys = { "alias/shared-disk-key" }"#, "error({ code = 'X', message = 'a table' })"),
            (#"keys = { "alias/shared-disk-key" }"#, "return 'not a list'"),
            (#"keys = { "alias/shared-disk-key" }"#, "return {}"),
            (#"keys = { "alias/shared-disk-key" }"#, #"return { { id = "1000000000000001" } }, "a note""#),
            (#"keys = { "alias/shared-disk-key" }"#, "error()"),
        ])
    func sameFailures(keys: String, body: String) async throws {
        let serial = try await Self.prepare(body: body, independent: false, keys: keys)
        let early = try await Self.prepare(body: body, independent: true, keys: keys)
        guard case .failure(let expected) = serial.outcome, case .failure(let got) = early.outcome else {
            Issue.record("both should fail: \(serial.outcome) / \(early.outcome)")
            return
        }
        #expect(got.message == expected.message)
        #expect(got.fields == expected.fields)
    }

    @Test("an inventory declaring needs_keys = false that changes the cloud is refused, naming the call")
    func mutationRefused() async throws {
        let early = try await Self.prepare(
            body: #"ctx.owner.ram.delete_role({ role_name = "x" }) return {}"#, independent: true)
        guard case .failure(let error) = early.outcome else {
            Issue.record("should fail: \(early.outcome)")
            return
        }
        #expect(error.message.contains("ram.delete_role changes the cloud"), "\(error.message)")
    }
}
