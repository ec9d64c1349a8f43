import Foundation
import Testing

/// Rollouts killed with SIGKILL at random moments; the next runs must converge and say what they cleaned.
@Suite(
    "Killed runs converge",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct KillConvergenceTests {
    /// 40 members, all at once, so a kill lands while many targets are mid-step.
    static func playbook(_ steps: String, key: String) -> String {
        """
        return { owner = "1000000000000001", \(key), region = "cn-hangzhou",
          inventory = function() local t = {} for i = 1, 40 do t[i] = { id = string.format("2%015d", i) } end return t end,
          steps = { \(steps) }, concurrency = 40 }
        """
    }

    @Test(
        "after share and reshare_image runs killed at random moments, one run of each converges and reports what it cleaned; a second changes nothing"
    )
    func killedRunsConverge() async throws {
        let work = try temporaryFolder("keyshare-kill")
        defer { try? FileManager.default.removeItem(at: work) }
        let state = work.appendingPathComponent("state.sqlite").path
        let share = work.appendingPathComponent("share.lua")
        let image = work.appendingPathComponent("image.lua")
        try Self.playbook(#""ecs-key-sharing.share""#, key: #"keys = { "alias/shared-disk-key*" }"#)
            .write(to: share, atomically: true, encoding: .utf8)
        try Self.playbook(#""ecs-key-sharing.reshare_image""#, key: #"key = "alias/shared-disk-key""#)
            .write(to: image, atomically: true, encoding: .utf8)
        let dump = work.appendingPathComponent("dump.lua")
        try stateDumpScript.write(to: dump, atomically: true, encoding: .utf8)
        _ = try await keyshare(["run", "--state", state, dump.path])

        var generator = SystemRandomNumberGenerator()
        for round in 0..<6 {
            let playbook = round < 3 ? share : image
            let run = try await BackgroundKeyshare.start(["run", "--state", state, "--param", "reverify=true", playbook.path])
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...250, using: &generator)))
            await run.kill()
        }

        for (index, playbook) in [share, image].enumerated() {
            let before = try CloudSnapshot(json: try await keyshare(["run", "--state", state, dump.path]).output)
            let report = work.appendingPathComponent("converge\(index).jsonl").path
            let outcome = try await keyshare(["run", "--state", state, "--reporter", "json=\(report)", playbook.path])
            #expect(outcome.status == 0, "\(outcome.output.suffix(1500))\(outcome.errors)")
            let after = try CloudSnapshot(json: try await keyshare(["run", "--state", state, dump.path]).output)
            let claims = RunClaims(jsonLines: try String(contentsOfFile: report, encoding: .utf8), owner: "1000000000000001")
            #expect(claims.statuses.count == 40 && claims.errors.isEmpty, "\(claims.errors)")
            let problems = truthProblems(before: before, after: after, claims: claims)
            #expect(problems.isEmpty, "\(playbook.lastPathComponent): \(problems.prefix(6))")
            #expect(after.verifyDisks.values.allSatisfy { $0 == 0 }, "verification disks left: \(after.verifyDisks)")
        }
        let final = try CloudSnapshot(json: try await keyshare(["run", "--state", state, dump.path]).output)
        for index in 1...40 {
            let uid = String(format: "2%015d", index)
            let copies = (final.resources[uid] ?? []).filter { $0.hasPrefix("m-") }
            #expect(copies.count == 1, "\(uid) holds \(copies.count) copies of the image")
        }
        let owned = final.resources["1000000000000001"] ?? []
        #expect(
            owned.filter { $0.hasPrefix("m-") }.count == 1 && owned.filter { $0.hasPrefix("s-") }.count == 1
                && owned.filter { $0.hasPrefix("d-") }.isEmpty, "the owner holds \(owned.sorted())")
        for playbook in [share, image] {
            let again = try await keyshare(["run", "--state", state, playbook.path])
            #expect(again.output.contains("40 targets: 0 changed, 40 unchanged, 0 failed"), "\(again.output.suffix(1500))")
        }
    }
}
