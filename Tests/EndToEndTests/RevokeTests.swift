import Foundation
import Testing

/// Gives prod account 2000000000000001 its own AliyunECSDiskEncryptDefaultRole before keyshare runs.
private let ownRole = """
    local account = require("_lib.keyshare.account")
    local json = require("json")
    local acct = account.new({ id = "2000000000000001" }, "cn-hangzhou")
    acct.ram.create_role({ role_name = "AliyunECSDiskEncryptDefaultRole", description = "made by the platform team",
      assume_role_policy_document = json.encode({ Version = "1", Statement = { { Action = "sts:AssumeRole",
        Effect = "Allow", Principal = { Service = { "ecs.aliyuncs.com" } } } } }) })
    """

/// Prints which prod accounts 1…39 still have AliyunECSDiskEncryptDefaultRole.
private let listRoles = """
    local account = require("_lib.keyshare.account")
    local kept = {}
    for i = 1, 39, 2 do
      local acct = account.new({ id = string.format("2%015d", i) }, "cn-hangzhou")
      if acct:get_role("AliyunECSDiskEncryptDefaultRole") then kept[#kept + 1] = acct.id end
    end
    print("roles left: " .. table.concat(kept, ","))
    """

/// `revoke` with keep_roles=false through the built binary (issue 9 item 16).
@Suite(
    "Revoke",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct RevokeTests: PluginPlaybookSuite {
    @Test("revoke keep_roles=false deletes the roles keyshare made and keeps the account's own, saying why")
    func keepsForeignRoles() async throws {
        let work = try temporaryFolder("keyshare-revoke")
        defer { try? FileManager.default.removeItem(at: work) }
        let state = work.appendingPathComponent("state.sqlite").path
        let setup = try await keyshare(["run", "--state", state, try write(ownRole, "own.lua", in: work)])
        #expect(setup.status == 0, "\(setup.output)\(setup.errors)")
        let share = try await keyshare([
            "run", "--state", state, example("share-disk-key"),
            "--param", "verify=false",
        ])
        #expect(share.status == 0, "\(share.output)\(share.errors)")
        let revoke = try await keyshare([
            "run", "--state", state, example("revoke"),
            "--param", "keep_roles=false",
        ])
        #expect(revoke.status == 0, "\(revoke.output)\(revoke.errors)")
        #expect(occurrenceCount(of: "deleted role AliyunECSDiskEncryptDefaultRole", in: revoke.output) == 19, "\(revoke.output)")
        #expect(
            revoke.output.contains("2000000000000001 kept role AliyunECSDiskEncryptDefaultRole: not created by keyshare"),
            "\(revoke.output)")
        let left = try await keyshare(["run", "--state", state, try write(listRoles, "list.lua", in: work)])
        #expect(left.output.contains("roles left: 2000000000000001\n"), "\(left.output)\(left.errors)")
    }
}
