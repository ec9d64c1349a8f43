import Foundation
import Testing

/// A hook plugin whose verdict is chosen with `--param mode=…`.
private let gatePlugin = """
    local M = {
      name = "testgate", version = "1.0.0", description = "A hook answering as --param mode says",
      categories = { "read-only" },
      params = { mode = { type = "string", default = "true", doc = "what the hook returns" } },
    }
    function M.check(ctx, params)
      local mode = params.mode
      if mode == "true" then return true end
      if mode == "true_x" then return true, "x" end
      if mode == "false" then return false end
      if mode == "false_reason" then return false, "the change window is closed" end
      if mode == "nil" then return nil end
      if mode == "yes" then return "yes" end
      if mode == "one" then return 1 end
      if mode == "table" then return {} end
      if mode == "raise" then error("approval service unreachable") end
      if mode == "raise_table" then error({ code = "Gate.Down", message = "the gate is down" }) end
      if mode == "raise_bare" then error({}) end
      if mode == "nothing" then return end
      error("unknown mode " .. tostring(mode))
    end
    M.provides = { hook = { check = { run = M.check, doc = "answers as --param mode says" } } }
    return M
    """

/// A hook's answer and what the run must do with it.
struct HookCase: Sendable, CustomTestStringConvertible {
    var mode: String
    var status: Int32
    var message: String
    var testDescription: String { "\(mode) → exit \(status)" }
}

/// Hooks fail closed: only `true` lets the run go; anything else refuses (exit 3) before any write.
@Suite(
    "Hooks fail closed",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct HookGateTests {
    static let cases: [HookCase] = [
        HookCase(mode: "true", status: 0, message: "10 targets: 10 changed"),
        HookCase(mode: "true_x", status: 0, message: "10 targets: 10 changed"),
        HookCase(mode: "false", status: 3, message: "testgate.check: refused (no reason given)"),
        HookCase(mode: "false_reason", status: 3, message: "testgate.check: the change window is closed"),
        HookCase(mode: "nil", status: 3, message: "hook returned nil, not true"),
        HookCase(mode: "nothing", status: 3, message: "hook returned nil, not true"),
        HookCase(mode: "yes", status: 3, message: "hook returned string, not true"),
        HookCase(mode: "one", status: 3, message: "hook returned number, not true"),
        HookCase(mode: "table", status: 3, message: "hook returned table, not true"),
        HookCase(mode: "raise", status: 3, message: "the hook failed: "),
        HookCase(mode: "raise_table", status: 3, message: "the hook failed: Gate.Down: the gate is down"),
        HookCase(mode: "raise_bare", status: 3, message: "the hook failed: an error table without code or message"),
    ]

    @Test(
        "only a hook returning true lets the run go; every other answer refuses with exit 3 and writes nothing, and the plan says so",
        arguments: cases)
    func verdicts(_ hook: HookCase) async throws {
        let work = try temporaryFolder("keyshare-hooks")
        defer { try? FileManager.default.removeItem(at: work) }
        let plugins = work.appendingPathComponent("plugins/testgate")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        try gatePlugin.write(to: plugins.appendingPathComponent("init.lua"), atomically: true, encoding: .utf8)
        let playbook = work.appendingPathComponent("gated.lua")
        try """
        return { owner = "1000000000000001", key = "alias/shared-disk-key", region = "cn-hangzhou",
          inventory = "resource-directory", params = { folder = "fd-prod", verify = false },
          hooks = { "testgate.check" }, steps = { "ecs-key-sharing.share" } }
        """.write(to: playbook, atomically: true, encoding: .utf8)
        let state = work.appendingPathComponent("state.sqlite").path
        let environment = ["KEYSHARE_PLUGINS": packageRoot.appendingPathComponent("plugins").path]
        // The plan of the same command line predicts it: changes, or (exit 3, like run) nothing would run.
        let planned = try await keyshare(
            [
                "plan", "--state", state, "--plugin-path", work.appendingPathComponent("plugins").path,
                "--world", try world(in: work), "--param", "mode=\(hook.mode)", playbook.path,
            ], environment: environment)
        #expect(planned.status == (hook.status == 0 ? 2 : 3), "\(planned.output)\(planned.errors)")
        if hook.status == 3 {
            #expect(planned.output.contains("Nothing would run: "), "\(planned.output)")
            #expect((planned.output + planned.errors).contains(hook.message), "\(planned.output)\(planned.errors)")
        }
        let outcome = try await keyshare(
            [
                "run", "--state", state, "--plugin-path", work.appendingPathComponent("plugins").path,
                "--world", try world(in: work), "--param", "mode=\(hook.mode)", playbook.path,
            ], environment: environment)
        #expect(outcome.status == hook.status, "\(outcome.output)\(outcome.errors)")
        #expect((outcome.output + outcome.errors).contains(hook.message), "\(outcome.output)\(outcome.errors)")
        if hook.mode == "raise" { #expect(outcome.errors.contains("approval service unreachable"), "\(outcome.errors)") }

        let probe = work.appendingPathComponent("probe.lua")
        try """
        local policy = kms.get_key_policy({ key_id = "alias/shared-disk-key" }).policy
        local ok = pcall(ram.get_role, { role_name = "AliyunECSDiskEncryptDefaultRole" },
          { account = "2000000000000001", region = "cn-hangzhou" })
        print(policy:find("keyshare/shared-use", 1, true) ~= nil, ok)
        """.write(to: probe, atomically: true, encoding: .utf8)
        let written = try await keyshare(
            ["run", "--state", state, "--world", try world(in: work), probe.path],
            environment: environment)
        #expect(written.status == 0, "\(written.errors)")
        let expected = hook.status == 0 ? "true\ttrue\n" : "false\tfalse\n"
        #expect(written.output == expected, "grant and role written: \(written.output)")
    }

    /// A 20-member starter world (10 in fd-prod), written once per test folder.
    private func world(in folder: URL) async throws -> String {
        let path = folder.appendingPathComponent("world.yaml").path
        if !FileManager.default.fileExists(atPath: path) {
            let made = try await keyshare(["sim", "init", "--accounts", "20", "--output", path])
            #expect(made.status == 0, "\(made.errors)")
        }
        return path
    }

    @Test("the shipped approval hooks still gate the example playbook")
    func approvalStillWorks() async throws {
        let guarded = packageRoot.appendingPathComponent("plugins/ecs-key-sharing/examples/share-with-approval.lua").path
        let environment = ["KEYSHARE_PLUGINS": packageRoot.appendingPathComponent("plugins").path]
        let refused = try await keyshare(["run", guarded], environment: environment)
        #expect(refused.status == 3 && refused.errors.contains("--param approve=20"), "\(refused.errors)")
        let approved = try await keyshare(
            ["run", "--param", "approve=20", "--param", "verify=false", guarded],
            environment: environment)
        #expect(approved.status == 0, "\(approved.output)\(approved.errors)")
    }
}
