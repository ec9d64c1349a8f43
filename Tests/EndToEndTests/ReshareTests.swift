import Foundation
import Testing

/// A plain script printing, per prod account 1…39, how many of its own images are copies
/// (`keyshare-copy-…`), then what the dev account 2000000000000002 receives through Resource Sharing.
private let inspect = """
    local account = require("_lib.keyshare.account")
    local counts = {}
    for i = 1, 39, 2 do
      local acct = account.new({ id = string.format("2%015d", i) }, "cn-hangzhou")
      local images = acct.ecs.describe_images({ region_id = "cn-hangzhou", image_owner_alias = "self",
        status = "Creating,Available", page_size = 100 }).images
      local copies = 0
      for _, image in ipairs(images) do
        if image.image_name:find("keyshare-copy-", 1, true) == 1 then copies = copies + 1 end
      end
      counts[#counts + 1] = tostring(copies)
    end
    print("copies: " .. table.concat(counts, ","))
    local dev = account.new({ id = "2000000000000002" }, "cn-hangzhou")
    print("received shares: " .. #dev.resourcesharing.list_resource_shares({ resource_owner = "OtherAccounts" }).resource_shares)
    """

/// Re-sharing through the built binary (issue 9 items 14 and 15).
@Suite(
    "Reshare",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct ReshareTests: PluginPlaybookSuite {
    @Test(
        "share roles without reshare_to, or with a reshare_to that is not a UID, are refused (exit 2)",
        arguments: [
            (["--param", "share_images=true"], "reshare_to"),
            (["--param", "share_snapshots=true"], "reshare_to"),
            (["--param", "share_images=true", "--param", "share_snapshots=true"], "reshare_to"),
            (["--param", "share_images=true", "--param", "reshare_to=prod-2"], "not an account UID"),
            (["--param", "reshare_to=2000000000000002,x"], "not an account UID"),
        ])
    func refusedWithoutRecipients(_ arguments: [String], _ message: String) async throws {
        let work = try temporaryFolder("keyshare-reshare")
        defer { try? FileManager.default.removeItem(at: work) }
        for example in ["share-disk-key", "reshare-image"] {
            let outcome = try await keyshare(
                [
                    "run", "--state", work.appendingPathComponent("\(example).sqlite").path,
                    self.example(example),
                ] + arguments)
            #expect(outcome.status == 2, "\(example) \(arguments): \(outcome.output)\(outcome.errors)")
            #expect(outcome.errors.contains(message), "\(example): \(outcome.errors)")
            #expect(!outcome.output.contains("changed"), "\(outcome.output)")
        }
        let snapshot = try await keyshare([
            "run", example("reshare-snapshot"),
            "--param", "reshare_to=",
        ])
        #expect(snapshot.status == 2, "\(snapshot.output)\(snapshot.errors)")
        #expect(snapshot.errors.contains("reshare_to"), "\(snapshot.errors)")
    }

    @Test("reshare-snapshot shares each prod account's encrypted snapshot with the dev account, once")
    func snapshotReshare() async throws {
        let work = try temporaryFolder("keyshare-reshare")
        defer { try? FileManager.default.removeItem(at: work) }
        let state = work.appendingPathComponent("state.sqlite").path
        let playbook = example("reshare-snapshot")
        let first = try await keyshare(["run", "--state", state, playbook])
        #expect(first.status == 0, "\(first.output)\(first.errors)")
        #expect(first.output.contains("20 targets: 20 changed, 0 unchanged, 0 failed"), "\(first.output)")
        #expect(occurrenceCount(of: "shared snapshot", in: first.output) == 20, "\(first.output)")
        let second = try await keyshare(["run", "--state", state, playbook])
        #expect(second.output.contains("20 targets: 0 changed, 20 unchanged, 0 failed"), "\(second.output)")
        let seen = try await keyshare(["run", "--state", state, try write(inspect, "inspect.lua", in: work)])
        #expect(seen.output.contains("received shares: 20"), "\(seen.output)\(seen.errors)")
        // A second recipient, given on the command line: the roles trust it and the snapshots reach it.
        let widened = try await keyshare([
            "run", "--state", state, playbook,
            "--param", "reshare_to=2000000000000002,2000000000000004",
        ])
        #expect(widened.output.contains("20 targets: 20 changed, 0 unchanged, 0 failed"), "\(widened.output)")
        #expect(
            occurrenceCount(
                of: "updated the trust policy of role AliyunECSShareEncryptSnapshotDefaultRole",
                in: widened.output) == 20, "\(widened.output)")
        let second4 = inspect.replacingOccurrences(of: "2000000000000002", with: "2000000000000004")
        let reached = try await keyshare(["run", "--state", state, try write(second4, "inspect4.lua", in: work)])
        #expect(reached.output.contains("received shares: 20"), "\(reached.output)\(reached.errors)")
    }

    @Test("three reshare-image runs in a row make exactly one copy per target; later runs change nothing")
    func imageReshareIdempotent() async throws {
        let work = try temporaryFolder("keyshare-reshare")
        defer { try? FileManager.default.removeItem(at: work) }
        let state = work.appendingPathComponent("state.sqlite").path
        let playbook = example("reshare-image")
        for run in 1...3 {
            let outcome = try await keyshare(["run", "--state", state, playbook])
            #expect(outcome.status == 0, "run \(run): \(outcome.output)\(outcome.errors)")
            #expect(
                occurrenceCount(of: "copied image", in: outcome.output) == (run == 1 ? 20 : 0), "run \(run): \(outcome.output)")
            if run > 1 { #expect(outcome.output.contains("20 targets: 0 changed, 20 unchanged"), "\(outcome.output)") }
        }
        let seen = try await keyshare(["run", "--state", state, try write(inspect, "inspect.lua", in: work)])
        #expect(
            seen.output.contains("copies: " + Array(repeating: "1", count: 20).joined(separator: ",")),
            "\(seen.output)\(seen.errors)")
    }
}
