import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Counts the occurrences of `needle` in `text`.
func occurrenceCount(of needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}

/// A small world whose only zone in cn-hangzhou is `cn-hangzhou-z` (not the old guess `-h`).
private let zoneWorld = """
    version: 1
    default_region: cn-hangzhou
    zones:
      cn-hangzhou: [cn-hangzhou-z]
    resource_directory:
      management_account: "1000000000000001"
      folders:
        - { id: fd-prod, name: prod }
    accounts:
      - id: "1000000000000001"
        name: security
        kms_instances:
          - { id: kst-hzz6aa1b2c3d4e5f6, region: cn-hangzhou, vpc_num: 10, key_num: 1000, bound_vpcs: 1 }
        keys:
          - { id: key-hzz6aa1b2c3d4e5f6a7b8, instance: kst-hzz6aa1b2c3d4e5f6, region: cn-hangzhou, alias: alias/shared-disk-key }
      - { id: "2000000000000001", name: prod-1, folder: fd-prod, tags: { env: prod } }
      - { id: "2000000000000003", name: prod-3, folder: fd-prod, tags: { env: prod } }
    """

/// A plain script leaving `keyshare:verify` disks (as a killed run would) in two prod accounts;
/// `...` is the tag value.
private let leaveDisks = """
    local account = require("_lib.keyshare.account")
    for _, id in ipairs({ "2000000000000001", "2000000000000003" }) do
      local acct = account.new({ id = id }, "cn-hangzhou")
      for _ = 1, 3 do
        acct.ecs.create_disk({ region_id = "cn-hangzhou", zone_id = "cn-hangzhou-h", disk_category = "cloud_essd",
          size = 20, tag = { { key = "keyshare:verify", value = "ks-killed" } } })
      end
    end
    """

/// A playbook verifying like ecs-key-sharing.verify, one target at a time, that blocks on stdin right
/// after its first CreateDisk (printing `CREATED d-…`), so a test can kill it while the disk exists.
private let blockAfterCreateDisk = """
    return {
      owner = "1000000000000001",
      keys = { "alias/shared-disk-key*" },
      region = "cn-hangzhou",
      inventory = "resource-directory",
      params = { folder = "fd-prod" },
      concurrency = 1,
      steps = {
        "ecs-key-sharing.prepare", "ecs-key-sharing.grant",
        function(ctx, params)
          local ecs = ctx.account.ecs
          local create = ecs.create_disk
          rawset(ecs, "create_disk", function(request)
            local made = create(request)
            io.stdout:write("CREATED " .. made.disk_id .. "\\n")
            io.stdout:flush()
            io.read("l")
            return made
          end)
          return require("keyshare.plugins")["ecs-key-sharing"].verify(ctx, params)
        end,
      },
    }
    """

/// A plain script printing how many `keyshare:verify` disks the prod accounts 1…39 hold.
private let countDisks = """
    local account = require("_lib.keyshare.account")
    local total = 0
    for i = 1, 39, 2 do
      local acct = account.new({ id = string.format("2%015d", i) }, "cn-hangzhou")
      total = total + acct.ecs.describe_disks({ region_id = "cn-hangzhou", tag = { { key = "keyshare:verify" } } }).total_count
    end
    print("verify disks: " .. total)
    """

/// Verification through the built binary (issue 9 items 11 and 17).
@Suite(
    "Verification",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct VerificationTests: PluginPlaybookSuite {
    @Test(
        "a verify_timeout below 1 second is refused before anything runs (exit 2, naming the param)",
        arguments: ["0", "-1", "-600"], ["share-disk-key", "reshare-image"])
    func nonPositiveTimeout(_ timeout: String, _ example: String) async throws {
        let work = try temporaryFolder("keyshare-verify")
        defer { try? FileManager.default.removeItem(at: work) }
        let state = work.appendingPathComponent("state.sqlite").path
        let outcome = try await keyshare([
            "run", "--state", state, self.example(example),
            "--param", "verify_timeout=\(timeout)",
        ])
        #expect(outcome.status == 2, "\(outcome.output)\(outcome.errors)")
        #expect(outcome.errors.contains("verify_timeout"), "\(outcome.errors)")
        #expect(!outcome.output.contains("changed"), "\(outcome.output)")
        let count = try await keyshare(["run", "--state", state, try write(countDisks, "count.lua", in: work)])
        #expect(count.output.contains("verify disks: 0"), "\(count.output)\(count.errors)")
    }

    @Test("leftover verification disks (a killed run) are deleted by the next run and reported as changes")
    func leftoversDeleted() async throws {
        let work = try temporaryFolder("keyshare-verify")
        defer { try? FileManager.default.removeItem(at: work) }
        let state = work.appendingPathComponent("state.sqlite").path
        let share = example("share-disk-key")
        let first = try await keyshare(["run", "--state", state, share])
        #expect(first.status == 0, "\(first.output)\(first.errors)")
        let leave = try await keyshare(["run", "--state", state, try write(leaveDisks, "leave.lua", in: work)])
        #expect(leave.status == 0, "\(leave.output)\(leave.errors)")
        let before = try await keyshare(["run", "--state", state, try write(countDisks, "count.lua", in: work)])
        #expect(before.output.contains("verify disks: 6"), "\(before.output)\(before.errors)")

        let second = try await keyshare(["run", "--state", state, share])
        #expect(second.status == 0, "\(second.output)\(second.errors)")
        #expect(occurrenceCount(of: "deleted leftover verification disk", in: second.output) == 6, "\(second.output)")
        #expect(second.output.contains("20 targets: 2 changed, 18 unchanged, 0 failed"), "\(second.output)")
        let after = try await keyshare(["run", "--state", state, try write(countDisks, "count.lua", in: work)])
        #expect(after.output.contains("verify disks: 0"), "\(after.output)\(after.errors)")
    }

    @Test("a run killed with SIGKILL while its verification disk exists leaves it; the next run deletes and reports it")
    func killedRun() async throws {
        let work = try temporaryFolder("keyshare-verify")
        defer { try? FileManager.default.removeItem(at: work) }
        let state = work.appendingPathComponent("state.sqlite").path
        let process = ChildProcess()
        process.executableURL = keyshareBinary
        process.arguments = ["run", "--trusted", "--state", state, try write(blockAfterCreateDisk, "block.lua", in: work)]
        process.environment = ProcessInfo.processInfo.environment
            .merging(["KEYSHARE_PLUGINS": packageRoot.appendingPathComponent("plugins").path]) { _, new in new }
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Read until the playbook says its disk exists (it then blocks on stdin), and kill it there.
        let created: String = await withCheckedContinuation { done in
            DispatchQueue.global().async {
                var text = ""
                while !text.contains("CREATED d-") {
                    let chunk = output.fileHandleForReading.availableData
                    if chunk.isEmpty { break }
                    text += String(decoding: chunk, as: UTF8.self)
                }
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                done.resume(returning: text)
            }
        }
        let disk = try #require(
            created.components(separatedBy: "CREATED ").last?.split(separator: "\n").first.map(String.init),
            "\(created)")
        #expect(process.terminationReason == .uncaughtSignal)
        let counter = try write(countDisks, "count.lua", in: work)
        let before = try await keyshare(["run", "--state", state, counter])
        #expect(before.output.contains("verify disks: 1"), "\(before.output)\(before.errors)")

        let again = try await keyshare(["run", "--state", state, example("share-disk-key")])
        #expect(again.status == 0, "\(again.output)\(again.errors)")
        #expect(
            again.output.contains("2000000000000001 prod-payments-1      deleted leftover verification disk \(disk)"),
            "\(again.output)")
        let after = try await keyshare(["run", "--state", state, counter])
        #expect(after.output.contains("verify disks: 0"), "\(after.output)\(after.errors)")
        // And a run after that finds nothing left and changes nothing.
        let third = try await keyshare(["run", "--state", state, example("share-disk-key")])
        #expect(third.output.contains("20 targets: 0 changed, 20 unchanged, 0 failed"), "\(third.output)")
    }

    @Test("a second run on the same state creates no verification disk; reverify=true verifies again")
    func verifiedOnce() async throws {
        let work = try temporaryFolder("keyshare-verify")
        defer { try? FileManager.default.removeItem(at: work) }
        let state = work.appendingPathComponent("state.sqlite").path
        let share = example("share-disk-key")
        let runs: [(arguments: [String], verified: Int)] = [([], 20), ([], 0), ([], 0), (["--param", "reverify=true"], 20)]
        for (index, run) in runs.enumerated() {
            let outcome = try await keyshare(["run", "--state", state, share] + run.arguments)
            #expect(outcome.status == 0, "run \(index + 1): \(outcome.output)\(outcome.errors)")
            #expect(
                occurrenceCount(of: "verified: encrypted disk", in: outcome.output) == run.verified,
                "run \(index + 1): \(outcome.output)")
            if run.verified == 0 {
                #expect(
                    occurrenceCount(of: "not verified again", in: outcome.output) == 20, "run \(index + 1): \(outcome.output)")
                #expect(outcome.output.contains("20 targets: 0 changed, 20 unchanged"), "\(outcome.output)")
            }
        }
    }

    @Test("the verification disk goes to a zone DescribeZones lists (a world whose only zone is not the old guess)")
    func zoneFromDescribeZones() async throws {
        let work = try temporaryFolder("keyshare-verify")
        defer { try? FileManager.default.removeItem(at: work) }
        let world = try write(zoneWorld, "world.yaml", in: work)
        let share = example("share-disk-key")
        let outcome = try await keyshare(["run", "--world", world, share])
        #expect(outcome.status == 0, "\(outcome.output)\(outcome.errors)")
        #expect(occurrenceCount(of: "verified: encrypted disk", in: outcome.output) == 2, "\(outcome.output)")
        // The zone is really enforced: the old guess fails in this world.
        let guessed = try await keyshare(["run", "--world", world, share, "--param", "zone=cn-hangzhou-h"])
        #expect(guessed.status == 1)
        #expect(guessed.output.contains("InvalidZoneId.NotFound"), "\(guessed.output)")
    }
}
