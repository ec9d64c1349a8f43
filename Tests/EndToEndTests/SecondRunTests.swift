import Foundation
import Rollout
import Testing

/// How the share playbook is run twice, and on which backend.
struct SecondRunCase: CustomStringConvertible, Sendable {
    var name: String
    /// `sim init` options beyond the member count.
    var worldOptions: [String] = []
    /// Members in the world.
    var accounts = 8
    /// Params of the first and of the second run.
    var first: [String] = []
    var second: [String] = []
    /// Over `keyshare serve` (the server's request log counts the writes) instead of a state file.
    var http = false
    var description: String { name }
}

/// A second run of the same share playbook finds everything done: zero mutating calls, every target
/// `unchanged`, nothing journaled.
@Suite(
    "A second run changes nothing",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct SecondRunTests {
    static let cases: [SecondRunCase] = [
        SecondRunCase(name: "verified both times (the verified mark spares the second)"),
        SecondRunCase(
            name: "without verification both times", first: ["--param", "verify=false"], second: ["--param", "verify=false"]),
        SecondRunCase(name: "verified, then without verification", second: ["--param", "verify=false"]),
        SecondRunCase(name: "a pool of two keys", worldOptions: ["--keys", "2"], accounts: 12),
        SecondRunCase(
            name: "one folder, then the same folder by name", first: ["--param", "folder=fd-prod"],
            second: ["--param", "folder=fd-prod"]),
        SecondRunCase(name: "over keyshare serve", http: true),
        SecondRunCase(
            name: "over keyshare serve without verification", first: ["--param", "verify=false"],
            second: ["--param", "verify=false"], http: true),
    ]

    @Test(
        "the second run of the share playbook issues no mutating call, journals no mutation and reports every target unchanged",
        arguments: cases)
    func secondRun(_ scenario: SecondRunCase) async throws {
        let folder = try temporaryFolder("keyshare-second-run")
        defer { try? FileManager.default.removeItem(at: folder) }
        let made = try await keyshare(
            KeyshareInvocation(
                arguments: ["sim", "init", "--accounts", "\(scenario.accounts)", "--output", "world.yaml"]
                    + scenario.worldOptions,
                directory: folder, timeout: 120))
        try #require(made.status == 0, "\(made.errors)")
        try FileManager.default.copyItem(at: ResumeKillTests.sharePlaybook, to: folder.appendingPathComponent("share.lua"))
        let world = folder.appendingPathComponent("world.yaml")
        let server =
            scenario.http ? try await LoggedServer.start(world: world.path, log: folder.appendingPathComponent("serve.log")) : nil
        defer { server?.stop() }
        let backend =
            server.map { ["--backend", "http", "--endpoint", $0.endpoint] } ?? ["--world", "world.yaml", "--state", "s.sqlite"]
        let environment = try server.map { _ in try ServedSimulator.clientEnvironment(world: world) } ?? [:]
        let journal = folder.appendingPathComponent(scenario.http ? ".keyshare/journal.sqlite" : "s.sqlite.journal.sqlite")
        let allFolders = scenario.first.contains { $0.hasPrefix("folder=") } ? [] : ["--param", "folder="]
        let run = { (params: [String]) in
            try await keyshare(
                KeyshareInvocation(
                    arguments: ["run", "share.lua"] + backend + allFolders + params,
                    directory: folder, environment: environment, timeout: 180))
        }

        let first = try await run(scenario.first)
        try #require(first.status == 0, "\(scenario): \(first.output.suffix(800))\(first.errors)")
        let firstFacts = try await JournalFacts.read(journal)
        let targets = firstFacts.statuses.count
        #expect(targets > 0 && !firstFacts.mutations.isEmpty, "\(scenario)")
        let writesBefore = try server?.actions().filter(isMutatingAction).count ?? 0

        let second = try await run(scenario.second)
        #expect(second.status == 0, "\(scenario): \(second.output.suffix(800))\(second.errors)")
        #expect(
            second.output.contains("\(targets) targets: 0 changed, \(targets) unchanged, 0 failed"),
            "\(scenario): \(second.output.suffix(800))")
        let facts = try await JournalFacts.read(journal)
        #expect(facts.run.id != firstFacts.run.id, "\(scenario): the second run was not journaled")
        #expect(facts.mutations.isEmpty, "\(scenario): \(facts.mutations.map { "\($0.account) \($0.action) \($0.resource)" })")
        #expect(
            facts.statuses.values.allSatisfy { $0 == .unchanged } && facts.statuses.count == targets,
            "\(scenario): \(facts.statuses)")
        if let server {
            let writes = try server.actions().filter(isMutatingAction)
            #expect(writes.count == writesBefore, "\(scenario): the second run sent \(writes.dropFirst(writesBefore))")
        }

        let shown = try await keyshare(
            KeyshareInvocation(
                arguments: ["runs", "show", "last", "--json", "--journal", journal.path],
                directory: folder, timeout: 120))
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(shown.output.utf8)) as? [String: Any], "\(shown.errors)")
        let listed = try #require(object["targets"] as? [[String: Any]])
        #expect(listed.count == targets)
        #expect(listed.allSatisfy { $0["status"] as? String == "unchanged" && $0["mutations"] as? Int == 0 }, "\(scenario)")
        #expect(object["setup_mutations"] as? Int == 0, "\(scenario)")
    }
}
