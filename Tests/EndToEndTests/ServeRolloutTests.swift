import Foundation
import Testing

/// The example playbooks over HTTP: `keyshare run --backend http` → `keyshare serve`, signed with the
/// management account's access key from the world file, members reached through AssumeRole.
@Suite(
    "Playbooks over keyshare serve",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct ServeRolloutTests {
    @Test("share-disk-key succeeds over HTTP, and a second run changes nothing")
    func shareOverHTTP() async throws {
        let work = try temporaryFolder("keyshare-serve")
        defer { try? FileManager.default.removeItem(at: work) }
        let (server, environment) = try await ServedSimulator.starter(accounts: 6, in: work)
        let secret = try #require(environment["ALIBABA_CLOUD_ACCESS_KEY_SECRET"])
        defer { server.stopNow() }
        let playbook = packageRoot.appendingPathComponent("plugins/ecs-key-sharing/examples/share-disk-key.lua").path
        let first = try await keyshare(
            ["run", "--backend", "http", "--endpoint", server.endpoint, playbook],
            environment: environment)
        #expect(first.status == 0, "\(first.output)\(first.errors)")
        #expect(first.output.contains("3 targets: 3 changed, 0 unchanged, 0 failed"), "\(first.output)")

        let second = try await keyshare(
            ["run", "--backend", "http", "--endpoint", server.endpoint, playbook],
            environment: environment)
        #expect(second.status == 0, "\(second.output)\(second.errors)")
        #expect(second.output.contains("3 targets: 0 changed, 3 unchanged, 0 failed"), "\(second.output)")
        #expect(!first.output.contains(secret) && !first.errors.contains(secret))
    }
}
