import Foundation
import Testing

/// `keyshare audit` from the command line on the audit world (see `AuditFixtures.swift`): the known
/// findings before and after a real `keyshare run`, the keys × accounts cells, exit codes by
/// `--fail-on`, bad input, and that nothing was written.
@Suite(
    "keyshare audit",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct AuditCommandTests {
    @Test("after a real run: grants the run verified, the world's known findings, exit 3, the state file unchanged")
    func afterRun() async throws {
        let folder = try AuditFolder()
        defer { folder.remove() }
        try await folder.runShareAndDelete()
        let state = URL(fileURLWithPath: folder.state)
        let before = try Data(contentsOf: state)
        let result = try await keyshare(["audit", "--world", folder.world, "--state", folder.state, "--json"])
        #expect(result.status == 3, "\(result.errors)")
        let json = try #require(AuditJSON(result.output), "not JSON: \(result.output)\(result.errors)")
        #expect(
            json.kinds.sorted() == [
                "high access-quota", "high account-wide-grant", "high outside-resource-directory",
                "low grant-not-verified", "low grant-not-verified", "low grant-not-verified", "low grant-not-verified",
                "medium key-unreadable", "medium role-missing",
            ], "\(json.findings)")
        // The documented fields.
        #expect(
            Set(json.root.keys) == [
                "accounts", "caller", "counts", "findings", "instances", "keys", "regions",
                "resourceDirectory", "verification",
            ])
        let shared = try #require(json.key(AuditKeys.shared))
        #expect(
            Set(shared.keys) == [
                "aliases", "arn", "externalPrincipals", "grants", "id", "instance", "owner", "policySize",
                "region", "state",
            ], "\(shared.keys)")
        let principal = try #require((shared["externalPrincipals"] as? [[String: Any]])?.first)
        #expect(
            Set(principal.keys) == [
                "account", "actions", "conditional", "effect", "inResourceDirectory", "principal",
                "reach", "role", "statement",
            ], "\(principal.keys)")
        let grant = try #require((shared["grants"] as? [[String: Any]])?.first)
        #expect(Set(grant.keys) == ["account", "principals", "state", "states"])
        let instance = try #require((json.root["instances"] as? [[String: Any]])?.first)
        #expect(Set((instance["accessQuota"] as? [String: Any] ?? [:]).keys) == ["left", "percent", "total", "used"])
        let locked = try #require(json.key(AuditKeys.locked))
        #expect((locked["note"] as? String)?.contains("DescribeKey failed") == true, "\(locked)")
        for account in ["2000000000000001", "2000000000000002", "2000000000000003"] {
            #expect(
                json.cell(AuditKeys.shared, account) == "granted-verified", "\(account): \(json.key(AuditKeys.shared) ?? [:])")
        }
        #expect(json.cell(AuditKeys.partner, "3000000000000001") == "outside-resource-directory")
        #expect(json.cell(AuditKeys.partner, "2000000000000003") == "wildcard")
        #expect(json.cell(AuditKeys.partner, "2000000000000002") == "role-missing")
        #expect(json.cell(AuditKeys.quota, "2000000000000003") == "granted-not-verified")
        #expect((json.root["verification"] as? [String: Any])?["status"] as? String == "checked")
        #expect(try Data(contentsOf: state) == before, "audit changed the state file")

        // The same audit as a table on the terminal.
        let text = try await keyshare(["audit", "--world", folder.world, "--state", folder.state])
        #expect(text.status == 3)
        for phrase in [
            "SEVERITY  KIND", "findings   3 high, 2 medium, 4 low, 0 info",
            "account 2000000000000002 has no role Legacy any more", "3: 3 granted-verified",
            "kst-hzz6cc1b2c3d4e5f6  1000000000000001  cn-hangzhou  3 of 3 used (100 %), 0 left",
        ] {
            #expect(text.output.contains(phrase), "missing '\(phrase)' in\n\(text.output)")
        }
        let severities = text.output.split(separator: "\n").compactMap { line in
            ["high", "medium", "low", "info"].first { line.hasPrefix($0 + " ") }
        }
        #expect(severities == ["high", "high", "high", "medium", "medium", "low", "low", "low", "low"], "not sorted by severity")
        #expect(!text.output.contains("audit-test-secret") && !text.errors.contains("audit-test-secret"))
    }

    @Test("a grant revoked after its verification and put back by hand is not verified any more")
    func revokedThenRegranted() async throws {
        let folder = try AuditFolder()
        defer { folder.remove() }
        try await folder.runShareAndDelete()
        try await folder.run(auditRevokePlaybook, named: "revoke.lua")
        try await folder.run(
            auditRegrantScript("acs:ram::2000000000000001:role/AliyunECSDiskEncryptDefaultRole"),
            named: "regrant.lua")
        let result = try await keyshare(["audit", "--world", folder.world, "--state", folder.state, "--json"])
        let json = try #require(AuditJSON(result.output), "\(result.errors)")
        #expect(json.cell(AuditKeys.shared, "2000000000000001") == "granted-not-verified", "\(json.key(AuditKeys.shared) ?? [:])")
        #expect(json.cell(AuditKeys.shared, "2000000000000002") == nil, "revoked, so not granted")
        #expect(
            json.findings.contains { $0["kind"] as? String == "grant-not-verified" && $0["key"] as? String == AuditKeys.shared })
    }

    @Test("a grant whose run was undone and that was put back by hand is not verified any more")
    func undoneThenRegranted() async throws {
        let folder = try AuditFolder()
        defer { folder.remove() }
        try await folder.run(auditSharePlaybook, named: "share.lua")
        let undo = try await keyshare(["undo", "last", "--state", folder.state, "--yes"])
        try #require(undo.status == 0, "\(undo.output)\(undo.errors)")
        // The undo deleted the disk roles the run made; prod-3's own KeyUser role stays.
        try await folder.run(auditRegrantScript("acs:ram::2000000000000003:role/KeyUser"), named: "regrant.lua")
        let result = try await keyshare(["audit", "--world", folder.world, "--state", folder.state, "--json"])
        let json = try #require(AuditJSON(result.output), "\(result.errors)")
        #expect(json.cell(AuditKeys.shared, "2000000000000003") == "granted-not-verified", "\(json.key(AuditKeys.shared) ?? [:])")
        #expect(json.cell(AuditKeys.shared, "2000000000000001") == nil, "undone, so not granted")
    }

    @Test("without a journal no grant is called verified: the check is reported not possible")
    func withoutJournal() async throws {
        let folder = try AuditFolder()
        defer { folder.remove() }
        let result = try await keyshare(["audit", "--world", folder.world, "--json"], in: folder.url)
        #expect(result.status == 3)
        let json = try #require(AuditJSON(result.output), "\(result.errors)")
        #expect(
            json.kinds.sorted() == [
                "high access-quota", "high account-wide-grant", "high outside-resource-directory",
                "info verification-not-checked", "medium key-unreadable",
            ], "\(json.findings)")
        #expect(json.cell(AuditKeys.partner, "2000000000000002") == "granted")
        let verification = try #require(json.root["verification"] as? [String: Any])
        #expect(verification["status"] as? String == "not-checked")
        #expect((verification["reason"] as? String)?.contains(".keyshare/journal.sqlite") == true)
    }

    /// (what, world: the audit world or a starter world, extra arguments, exit status).
    static let exitCodes: [(String, Bool, [String], Int32)] = [
        ("findings at high, default --fail-on", true, [], 3),
        ("findings at high, --fail-on medium", true, ["--fail-on", "medium"], 3),
        ("only an info finding, default --fail-on", false, [], 0),
        ("only an info finding, --fail-on low", false, ["--fail-on", "low"], 0),
        ("only an info finding, --fail-on info", false, ["--fail-on", "info"], 3),
        ("a region without keys", true, ["--region", "cn-shanghai"], 0),
    ]

    @Test("exit 0 below --fail-on, 3 at or above it", arguments: 0..<exitCodes.count)
    func exitCode(_ index: Int) async throws {
        let (what, auditWorld, arguments, status) = Self.exitCodes[index]
        let folder = try AuditFolder()
        defer { folder.remove() }
        let world =
            auditWorld
            ? folder.world
            : try await starterWorld(
                accounts: 3,
                in: folder.url.appendingPathComponent("starter")
                    .creatingFolder()
            ).path
        let result = try await keyshare(["audit", "--world", world] + arguments, in: folder.url)
        #expect(result.status == status, "\(what): \(result.output)\(result.errors)")
    }

    @Test("--region is repeatable or comma-separated: each region is read once, in order")
    func regions() async throws {
        let folder = try AuditFolder()
        defer { folder.remove() }
        let result = try await keyshare([
            "audit", "--world", folder.world, "--json", "--region", "cn-shanghai",
            "--region", "cn-hangzhou", "--region=cn-shanghai,cn-beijing",
        ])
        let json = try #require(AuditJSON(result.output), "\(result.errors)")
        #expect(json.root["regions"] as? [String] == ["cn-shanghai", "cn-hangzhou", "cn-beijing"])
        #expect((json.root["keys"] as? [[String: Any]])?.count == 4)
    }

    /// (what, arguments after `audit --world W`, a fragment of the error).
    static let badInput: [(String, [String], String)] = [
        ("an unknown severity", ["--fail-on", "severe"], "--fail-on 'severe' is not a severity"),
        ("--fail-on twice", ["--fail-on", "high", "--fail-on", "low"], "--fail-on is given twice"),
        ("a missing journal", ["--journal", "nothing-here.sqlite"], "--journal nothing-here.sqlite: no such file"),
        ("a journal that is not one", ["--journal", "WORLD"], "WORLD"),
        ("an empty journal name", ["--journal", ""], "--journal is empty"),
        ("an html file in a missing folder", ["--html", "missing/report.html"], "--html missing/report.html: the folder"),
        ("an html path that is a folder", ["--html", "."], "--html . is a folder"),
        ("an empty region", ["--region", ""], "--region is empty"),
        ("an empty region in a list", ["--region", "cn-hangzhou,"], "--region 'cn-hangzhou,' names an empty region"),
        ("a simulator flag over http", ["--backend", "http"], "apply to --backend sim"),
        ("a missing world", ["--world", "nothing.yaml"], "nothing.yaml"),
    ]

    @Test("bad input exits 2 naming the input, and reads nothing", arguments: 0..<badInput.count)
    func refused(_ index: Int) async throws {
        let (what, arguments, fragment) = Self.badInput[index]
        let folder = try AuditFolder()
        defer { folder.remove() }
        let words = arguments.map { $0 == "WORLD" ? folder.world : $0 }
        let base = words.contains("--world") ? ["audit"] : ["audit", "--world", folder.world]
        let result = try await keyshare(base + words, in: folder.url)
        #expect(result.status == 2, "\(what): \(result.output)\(result.errors)")
        #expect(
            result.errors.contains(fragment.replacingOccurrences(of: "WORLD", with: folder.world)), "\(what): \(result.errors)")
        #expect(result.output.isEmpty, "\(what): printed \(result.output)")
    }

    @Test("--html writes one page and the terminal says where")
    func htmlFile() async throws {
        let folder = try AuditFolder()
        defer { folder.remove() }
        let page = folder.url.appendingPathComponent("report.html")
        let result = try await keyshare(["audit", "--world", folder.world, "--html", page.path])
        #expect(result.status == 3)
        #expect(result.output.contains("report     \(page.path)"))
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("data-kind=\"outside-resource-directory\""))
        #expect(html.contains("prod-3 &lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;"))
        #expect(!html.contains("<script>document.title"))
    }
}

extension URL {
    /// Creates the folder (and its parents) and returns it.
    func creatingFolder() throws -> URL {
        try FileManager.default.createDirectory(at: self, withIntermediateDirectories: true)
        return self
    }
}
