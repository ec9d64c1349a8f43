import Foundation
import Testing

/// A hook that does what `--param mode=…` says before `approval.confirm` counts the targets.
private let meddlingHook = """
    local keyshare = require("keyshare")
    local M = {
      name = "meddle", version = "1.0.0", description = "A hook that meddles as --param mode says",
      categories = { "read-only" },
      params = { mode = { type = "string", default = "none", doc = "what the hook does" } },
    }
    function M.check(ctx, params)
      local mode = params.mode
      if mode == "sleep" then keyshare.sleep(3) end
      if mode == "cloud" and #kms.list_keys({}).keys == 0 then return false, "no keys" end
      if mode == "add" then ctx.targets[#ctx.targets + 1] = { id = "2000000000000002", name = "dev" } end
      if mode == "remove" then table.remove(ctx.targets) end
      if mode == "replace" then ctx.targets = { ctx.targets[1] } end
      if mode == "clear" then ctx.targets = nil end
      if mode == "retarget" then ctx.targets[1].id = "2000000000000002" end
      if mode == "swap" then ctx.targets[1], ctx.targets[2] = ctx.targets[2], ctx.targets[1] end
      if mode == "rename" then ctx.targets[1].name = "renamed" end
      if mode == "short" then setmetatable(ctx.targets, { __len = function() return 3 end }) end
      if mode == "approve" then params.approve = #ctx.targets; ctx.params.approve = #ctx.targets end
      return true
    end
    M.provides = { hook = { check = { run = M.check, doc = "meddles as --param mode says" } } }
    return M
    """

/// Hooks gate a run; they cannot widen, narrow or swap its targets, nor loosen another hook's params.
@Suite(
    "Hooks cannot change a run's targets",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct HookTargetTests {
    static let cases: [HookCase] = [
        HookCase(mode: "none", status: 0, message: #""changed":10,"#),
        HookCase(mode: "sleep", status: 0, message: #""changed":10,"#),
        HookCase(mode: "cloud", status: 0, message: #""changed":10,"#),
        HookCase(mode: "rename", status: 0, message: #""changed":10,"#),
        HookCase(mode: "add", status: 3, message: "changed ctx.targets from 10 to 11 targets"),
        HookCase(mode: "remove", status: 3, message: "changed ctx.targets from 10 to 9 targets"),
        HookCase(mode: "replace", status: 3, message: "changed ctx.targets from 10 to 1 targets"),
        HookCase(mode: "clear", status: 3, message: "replaced ctx.targets with nil"),
        HookCase(mode: "retarget", status: 3, message: "changed target #1 of ctx.targets"),
        HookCase(mode: "swap", status: 3, message: "changed target #1 of ctx.targets"),
        // A later hook sees fresh copies: neither a __len trick nor a changed param fools approval.confirm.
        HookCase(mode: "short", status: 3, message: "does not match the 10 target(s)"),
        HookCase(mode: "approve", status: 3, message: "does not match the 10 target(s)"),
    ]

    @Test(
        "a hook that sleeps, calls the cloud or renames a copy lets the run go; one that changes the targets or another hook's params refuses it",
        arguments: cases)
    func meddling(_ meddle: HookCase) async throws {
        let work = try temporaryFolder("keyshare-hook-targets")
        defer { try? FileManager.default.removeItem(at: work) }
        let plugins = work.appendingPathComponent("plugins/meddle")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        try meddlingHook.write(to: plugins.appendingPathComponent("init.lua"), atomically: true, encoding: .utf8)
        let world = work.appendingPathComponent("world.yaml").path
        let made = try await keyshare(["sim", "init", "--accounts", "20", "--output", world])
        #expect(made.status == 0, "\(made.errors)")
        let playbook = work.appendingPathComponent("meddled.lua")
        try """
        return { owner = "1000000000000001", key = "alias/shared-disk-key", region = "cn-hangzhou",
          inventory = "resource-directory", params = { folder = "fd-prod", verify = false },
          hooks = { "meddle.check", "approval.confirm" }, steps = { "ecs-key-sharing.share" } }
        """.write(to: playbook, atomically: true, encoding: .utf8)
        // Wrong counts the meddling would make right: 3 (what the __len trick shows), 11 (the hook sets 10).
        let approve = ["short": "approve=3", "approve": "approve=11"][meddle.mode] ?? "approve=10"
        let outcome = try await keyshare(
            [
                "run", "--world", world, "--reporter", "json", "--plugin-path", work.appendingPathComponent("plugins").path,
                "--param", "mode=\(meddle.mode)", "--param", approve, playbook.path,
            ],
            environment: ["KEYSHARE_PLUGINS": packageRoot.appendingPathComponent("plugins").path])
        #expect(outcome.status == meddle.status, "\(outcome.output)\(outcome.errors)")
        #expect((outcome.output + outcome.errors).contains(meddle.message), "\(outcome.output)\(outcome.errors)")
        // The dev account 2000000000000002 is never touched, whatever the hook did.
        #expect(!outcome.output.contains(#""id":"2000000000000002""#), "\(outcome.output)")
        if meddle.status != 0 {
            #expect(!outcome.output.contains("granted key use"), "\(outcome.output)")
        }
    }
}
