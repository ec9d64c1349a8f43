import Foundation
import Testing

/// `keyshare runs` over the journal a real `keyshare run` wrote beside its state file.
@Suite(
    "keyshare runs over real runs",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct RunsOfRealRunsTests {
    static let playbook = packageRoot.appendingPathComponent("plugins/ecs-key-sharing/examples/share-disk-key.lua")

    @Test(
        "Two runs of the example playbook are listed newest first (the second unchanged) and shown per target, by --state and by --journal"
    )
    func listAndShow() async throws {
        let work = try temporaryFolder("keyshare-runs-real")
        defer { try? FileManager.default.removeItem(at: work) }
        let first = try await keyshare(["run", "--state", "state.sqlite", Self.playbook.path], in: work)
        #expect(first.status == 0, "\(first.errors)")
        let second = try await keyshare(["run", "--state", "state.sqlite", Self.playbook.path], in: work)
        #expect(second.status == 0, "\(second.errors)")
        let journal = work.appendingPathComponent("state.sqlite.journal.sqlite")
        #expect(FileManager.default.fileExists(atPath: journal.path))

        let list = try await keyshare(["runs", "list", "--state", "state.sqlite", "--json"], in: work)
        #expect(list.status == 0, "\(list.errors)")
        let listing = try #require(try JSONSerialization.jsonObject(with: Data(list.output.utf8)) as? [String: Any])
        let runs = try #require(listing["runs"] as? [[String: Any]])
        #expect(runs.count == 2)
        #expect(runs.first?["target_statuses"] as? [String: Int] == ["unchanged": 20], "the second run changed nothing")
        #expect(runs.first?["summary"] as? String == "20 targets: 0 changed, 20 unchanged, 0 failed, 0 skipped, 0 cancelled")
        let oldest = try #require(runs.last)
        #expect(oldest["status"] as? String == "succeeded")
        #expect(oldest["playbook"] as? String == Self.playbook.standardizedFileURL.path)
        #expect(oldest["targets"] as? Int == 20)
        #expect(oldest["target_statuses"] as? [String: Int] == ["changed": 20])
        let id = try #require(oldest["id"] as? String)

        let show = try await keyshare(["runs", "show", id, "--journal", journal.path, "--json"], in: work)
        #expect(show.status == 0, "\(show.errors)")
        let shown = try #require(try JSONSerialization.jsonObject(with: Data(show.output.utf8)) as? [String: Any])
        let targets = try #require(shown["targets"] as? [[String: Any]])
        #expect(targets.count == 20)
        for target in targets {
            #expect(target["status"] as? String == "changed")
            let steps = target["steps"] as? [[String: Any]] ?? []
            #expect(!steps.isEmpty && steps.allSatisfy { $0["status"] as? String == "succeeded" && $0["error"] is NSNull })
            #expect((target["mutations"] as? Int ?? 0) > 0)
        }
        let text = try await keyshare(["runs", "show", "last", "--state", "state.sqlite"], in: work)
        #expect(text.status == 0)
        #expect(text.output.hasPrefix("run \(runs.first?["id"] as? String ?? "?") (run): succeeded"), "\(text.output)")
    }
}
