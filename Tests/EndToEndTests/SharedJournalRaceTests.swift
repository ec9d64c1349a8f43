import Foundation
import Testing

/// Two `keyshare run` processes over one `keyshare serve`, sharing one journal, grant different
/// accounts on the same key at the same time: the journal's per-key lease makes them take turns,
/// so the key policy ends with both sets (no lost update).
@Suite(
    "Two runs on one journal and one key",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct SharedJournalRaceTests {
    /// Prints the shared key's `keyshare/shared-use` principals, one per line.
    static let principalsScript = """
        local json = require("json")
        for _, k in ipairs(kms.list_keys({ page_size = 100 }).keys or {}) do
          local policy = json.decode(kms.get_key_policy({ key_id = k.key_id, policy_name = "default" }).policy)
          for _, statement in ipairs(policy.Statement or {}) do
            if statement.Sid == "keyshare/shared-use" then
              local arns = statement.Principal and statement.Principal.RAM or {}
              if type(arns) == "string" then arns = { arns } end
              for _, arn in ipairs(arns) do print("principal " .. arn) end
            end
          end
        end
        """

    @Test(
        "both processes' grants are in the key policy afterwards, each principal once",
        arguments: [(["--param", "verify=false"], 1), (["--param", "verify=false", "--concurrency", "40"], 2), ([], 3)])
    func noLostUpdate(_ params: [String], _ round: Int) async throws {
        let folder = try temporaryFolder("keyshare-journal-race")
        defer { try? FileManager.default.removeItem(at: folder) }
        let world = try await starterWorld(accounts: 60, in: folder)
        try FileManager.default.copyItem(at: ResumeKillTests.sharePlaybook, to: folder.appendingPathComponent("share.lua"))
        try Self.principalsScript.write(to: folder.appendingPathComponent("principals.lua"), atomically: true, encoding: .utf8)
        let server = try await LoggedServer.start(world: world.path, log: folder.appendingPathComponent("serve.log"))
        defer { server.stop() }
        let environment = try ServedSimulator.clientEnvironment(world: world)
        let journal = folder.appendingPathComponent("shared.journal.sqlite").path
        let invocations = ["fd-prod", "fd-dev"].map { folderID in
            KeyshareInvocation(
                arguments: [
                    "run", "share.lua", "--backend", "http", "--endpoint", server.endpoint, "--journal", journal,
                    "--param", "folder=\(folderID)",
                ] + params,
                directory: folder, environment: environment, timeout: 180)
        }
        let prodInvocation = invocations[0]
        let devInvocation = invocations[1]
        async let prod = keyshare(prodInvocation)
        async let dev = keyshare(devInvocation)
        let outcomes = try await [prod, dev]
        for (name, outcome) in zip(["fd-prod", "fd-dev"], outcomes) {
            #expect(outcome.status == 0, "round \(round), \(name): \(outcome.output.suffix(800))\(outcome.errors)")
            #expect(outcome.output.contains(" 0 failed"), "round \(round), \(name): \(outcome.output.suffix(300))")
        }
        let changed = outcomes.map { outcome in
            outcome.output.split(separator: "\n").filter { $0.hasPrefix("  changed ") }
                .compactMap { $0.split(separator: " ").dropFirst().first.map(String.init) }
        }
        #expect(!changed[0].isEmpty && !changed[1].isEmpty && Set(changed[0]).isDisjoint(with: changed[1]), "round \(round)")
        let read = try await keyshare(
            KeyshareInvocation(
                arguments: [
                    "run", "principals.lua", "--backend", "http", "--endpoint",
                    server.endpoint,
                ], directory: folder, environment: environment,
                timeout: 120))
        try #require(read.status == 0, "\(read.errors)")
        let principals = read.output.split(separator: "\n").filter { $0.hasPrefix("principal ") }.map { String($0.dropFirst(10)) }
        let expected = Set((changed[0] + changed[1]).map { "acs:ram::\($0):role/AliyunECSDiskEncryptDefaultRole" })
        #expect(principals.count == Set(principals).count, "round \(round): a principal appears twice")
        let lost = expected.subtracting(principals)
        #expect(lost.isEmpty, "round \(round): lost grants \(lost.sorted())")
        #expect(Set(principals) == expected, "round \(round): \(Set(principals).subtracting(expected).sorted())")
        let runs = try await keyshare(
            KeyshareInvocation(arguments: ["runs", "list", "--journal", journal], directory: folder, timeout: 60))
        #expect(runs.output.split(separator: "\n").filter { $0.contains(" succeeded ") }.count == 2, "\(runs.output)")
    }
}
