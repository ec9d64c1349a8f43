import Foundation
import Testing

/// `keyshare audit --backend http` against `keyshare serve`: the embedded simulator's answer, with
/// the one difference the broker makes (an account outside the Resource Directory cannot be
/// entered, so its role is unknown, never "missing"), read calls only, and grants verified by a
/// run over the same server.
@Suite(
    "keyshare audit over keyshare serve",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct AuditServeTests {
    @Test("over HTTP the audit matches the embedded simulator's, with read calls only")
    func sameFindingsReadOnly() async throws {
        let folder = try AuditFolder()
        defer { folder.remove() }
        let server = try await LoggedServer.start(world: folder.world, log: folder.url.appendingPathComponent("serve.log"))
        defer { server.stop() }
        let embedded = try await keyshare(["audit", "--world", folder.world, "--json"], in: folder.url)
        let before = try server.actions().count
        let remote = try await keyshare(
            ["audit", "--backend", "http", "--endpoint", server.endpoint, "--json"], in: folder.url,
            environment: auditClientEnvironment)
        #expect(remote.status == 3 && embedded.status == 3, "\(remote.errors)\(embedded.errors)")
        let sim = try #require(AuditJSON(embedded.output), "\(embedded.errors)")
        let http = try #require(AuditJSON(remote.output), "\(remote.errors)")
        // The partner account is outside the directory: the simulator reads it as its root, the
        // broker cannot assume a role there, so over http its role is unknown (low), never missing.
        #expect(http.kinds.sorted() == (sim.kinds + ["low role-unknown"]).sorted(), "\(http.findings)")
        let unknown = http.findings.first { $0["kind"] as? String == "role-unknown" }
        #expect(
            (unknown?["message"] as? String)?.contains("unknown: could not read account 3000000000000001") == true,
            "\(unknown ?? [:])")
        #expect(http.cell(AuditKeys.partner, "3000000000000001") == "outside-resource-directory")
        for (key, account) in [
            (AuditKeys.partner, "2000000000000003"), (AuditKeys.partner, "2000000000000002"),
            (AuditKeys.quota, "2000000000000003"),
        ] {
            #expect(http.cell(key, account) == sim.cell(key, account), "\(key) \(account)")
        }
        #expect(!remote.output.contains("audit-test-secret") && !remote.errors.contains("audit-test-secret"))

        let during = Array(try server.actions().dropFirst(before))
        // Reads, plus the credential broker's AssumeRole into member accounts (it writes nothing).
        let writes = during.filter { isMutatingAction($0) }
        #expect(writes.isEmpty, "non-read requests during audit: \(writes)")
        for read in [
            "ListAccounts", "ListKmsInstances", "GetKmsInstanceQuotaInfos", "ListKeys", "DescribeKey", "GetKeyPolicy",
            "ListAliases", "GetRole",
        ] {
            #expect(during.contains(read), "audit never called \(read): \(during)")
        }
    }

    @Test("a run over the same server, journaled, makes its grants verified in the audit over HTTP")
    func verifiedOverHTTP() async throws {
        let folder = try AuditFolder()
        defer { folder.remove() }
        let server = try await LoggedServer.start(world: folder.world, log: folder.url.appendingPathComponent("serve.log"))
        defer { server.stop() }
        let journal = folder.url.appendingPathComponent("journal.sqlite").path
        var environment = auditClientEnvironment
        environment["KEYSHARE_PLUGINS"] = packageRoot.appendingPathComponent("plugins").path
        let run = try await keyshare(
            [
                "run", folder.playbook, "--backend", "http", "--endpoint", server.endpoint,
                "--journal", journal,
            ], environment: environment)
        try #require(run.status == 0, "\(run.output)\(run.errors)")
        let result = try await keyshare(
            [
                "audit", "--backend", "http", "--endpoint", server.endpoint, "--journal", journal,
                "--json",
            ], environment: auditClientEnvironment)
        let json = try #require(AuditJSON(result.output), "\(result.errors)")
        for account in ["2000000000000001", "2000000000000002", "2000000000000003"] {
            #expect(
                json.cell(AuditKeys.shared, account) == "granted-verified", "\(account): \(json.key(AuditKeys.shared) ?? [:])")
        }
        #expect(json.cell(AuditKeys.partner, "2000000000000002") == "granted-not-verified")
    }

    @Test("a backend that cannot be reached is unreadable: exit 1, nothing printed on standard output")
    func unreachable() async throws {
        let result = try await keyshare(
            ["audit", "--backend", "http", "--endpoint", "http://127.0.0.1:9"],
            environment: auditClientEnvironment)
        #expect(result.status == 1, "\(result.output)\(result.errors)")
        #expect(result.output.isEmpty)
        #expect(result.errors.contains("could not identify its credentials"), "\(result.errors)")
    }
}
