import Foundation
import Testing

/// A share and a revoke of overlapping accounts at once, each its own process, against one
/// `keyshare serve`: neither writer may silently undo what the other reported.
@Suite(
    "Concurrent share and revoke on one key",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct ConcurrentShareRevokeTests {
    @Test(
        "rounds of share (40 accounts) and revoke (the 20 of fd-prod) at once: every reported grant is in the policy unless the revoke reported removing it, and the reverse"
    )
    func overlappingShareAndRevoke() async throws {
        let work = try temporaryFolder("keyshare-share-revoke")
        defer { try? FileManager.default.removeItem(at: work) }
        let world = try await starterWorld(accounts: 40, in: work)
        // Room for every re-grant: revoked accounts hold their unit for 5 simulated minutes.
        let text = try String(contentsOf: world, encoding: .utf8)
        try text.replacingOccurrences(of: "vpc_num: 50", with: "vpc_num: 500").write(to: world, atomically: true, encoding: .utf8)
        let environment = try ServedSimulator.clientEnvironment(world: world)
        let server = try await ServedSimulator.start(["--world", world.path])
        defer { server.stopNow() }
        let share = work.appendingPathComponent("share.lua")
        try """
        return { owner = "1000000000000001", key = "alias/shared-disk-key", region = "cn-hangzhou",
          inventory = function() local t = {} for i = 1, 40 do t[i] = { id = string.format("2%015d", i) } end return t end,
          steps = { "ecs-key-sharing.grant" }, params = { verify = false }, concurrency = 40 }
        """.write(to: share, atomically: true, encoding: .utf8)
        let revoke = packageRoot.appendingPathComponent("plugins/ecs-key-sharing/examples/revoke.lua").path
        let dump = work.appendingPathComponent("dump.lua")
        try stateDumpScript.write(to: dump, atomically: true, encoding: .utf8)
        let remote = ["--backend", "http", "--endpoint", server.endpoint]
        // The roles first, so every grant can be written.
        try String(contentsOf: share, encoding: .utf8).replacingOccurrences(
            of: "ecs-key-sharing.grant", with: "ecs-key-sharing.prepare"
        )
        .write(to: work.appendingPathComponent("prepare.lua"), atomically: true, encoding: .utf8)
        let made = try await keyshare(
            ["run"] + remote + [work.appendingPathComponent("prepare.lua").path], environment: environment)
        #expect(made.status == 0, "\(made.output.suffix(500))\(made.errors)")

        for round in 1...4 {
            async let granting = keyshare(["run"] + remote + ["--reporter", "json", share.path], environment: environment)
            async let revoking = keyshare(["run"] + remote + ["--reporter", "json", revoke], environment: environment)
            let (granted, revoked) = try await (granting, revoking)
            // A target may fail (a conflict the writer could not merge within its attempts, on a loaded
            // machine): failing is honest; claiming what did not happen is not.
            #expect(granted.status <= 1 && revoked.status <= 1, "round \(round): \(granted.errors)\(revoked.errors)")
            let state = try CloudSnapshot(
                json: try await keyshare(["run"] + remote + [dump.path], environment: environment).output)
            let present = state.allPrincipals
            let grants = RunClaims(jsonLines: granted.output, owner: "1000000000000001")
            let revokes = RunClaims(jsonLines: revoked.output, owner: "1000000000000001")
            let reportedGranted = Set(
                grants.changes.values.joined().filter { $0.hasPrefix("granted key use to ") }
                    .map { String($0.dropFirst(19)) })
            let reportedRevoked = Set(
                revokes.changes.values.joined().filter { $0.hasPrefix("revoked use of ") }
                    .compactMap { $0.components(separatedBy: " by ").last })
            let lost = reportedGranted.subtracting(present).subtracting(reportedRevoked)
            let back = reportedRevoked.intersection(present).subtracting(reportedGranted)
            #expect(lost.isEmpty, "round \(round): reported granted, absent, and no revoke reported: \(lost.sorted())")
            #expect(back.isEmpty, "round \(round): reported revoked, present, and no grant reported: \(back.sorted())")
        }
    }
}
