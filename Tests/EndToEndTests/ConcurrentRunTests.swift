import Foundation
import Testing

/// Two rollouts sharing one key at once, each its own process, against one `keyshare serve`: the
/// key policy's read-modify-write races, and no reported grant may be lost.
@Suite(
    "Concurrent runs on one key",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct ConcurrentRunTests {
    @Test("two runs at once (fd-prod and fd-dev, 100 accounts each) end with every reported grant in the key policy")
    func twoRunsKeepEveryGrant() async throws {
        let work = try temporaryFolder("keyshare-concurrent")
        defer { try? FileManager.default.removeItem(at: work) }
        let (server, environment) = try await ServedSimulator.starter(accounts: 200, in: work)
        defer { server.stopNow() }
        let playbook = packageRoot.appendingPathComponent("plugins/ecs-key-sharing/examples/share-disk-key.lua").path
        func run(_ folder: String) async throws -> KeyshareOutcome {
            try await keyshare(
                [
                    "run", "--backend", "http", "--endpoint", server.endpoint, "--param", "folder=\(folder)",
                    "--param", "verify=false", "--concurrency", "15", "--reporter", "json", playbook,
                ],
                environment: environment)
        }
        async let prod = run("fd-prod")
        async let dev = run("fd-dev")
        let runs = try await [prod, dev]

        var reported: [String] = []
        for outcome in runs {
            #expect(outcome.status == 0, "\(outcome.output.suffix(800))\(outcome.errors)")
            for line in outcome.output.split(separator: "\n") where line.contains(#""type":"target_finished""#) {
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
                for change in object["changes"] as? [String] ?? [] where change.hasPrefix("granted key use to ") {
                    reported.append(String(change.dropFirst("granted key use to ".count)))
                }
            }
        }
        let probe = work.appendingPathComponent("policy.lua")
        try """
        local policy = json.decode(kms.get_key_policy({ key_id = "alias/shared-disk-key" }).policy)
        for _, statement in ipairs(policy.Statement) do
          if statement.Sid == "keyshare/shared-use" then
            for _, principal in ipairs(statement.Principal.RAM) do print(principal) end
          end
        end
        """.write(to: probe, atomically: true, encoding: .utf8)
        let read = try await keyshare(
            ["run", "--backend", "http", "--endpoint", server.endpoint, probe.path],
            environment: environment)
        #expect(read.status == 0, "\(read.errors)")
        let principals = Set(read.output.split(separator: "\n").map(String.init))
        #expect(reported.count == 200, "every target reports its grant: \(reported.count)")
        let lost = reported.filter { !principals.contains($0) }
        #expect(lost.isEmpty, "reported granted but missing from the key policy: \(lost)")
        #expect(principals.count == 200, "the key policy holds \(principals.count) of 200 principals")
    }
}
