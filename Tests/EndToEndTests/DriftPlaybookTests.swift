import Foundation
import Testing

/// `keyshare drift` on the other shipped playbooks: a revoke's declared state is the principals'
/// absence, and a playbook behind a hook is checked only when the hook lets it run.
@Suite(
    "keyshare drift of other playbooks",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct DriftPlaybookTests {
    let revokePlaybook = packageRoot.appendingPathComponent("plugins/ecs-key-sharing/examples/revoke.lua").path
    let approvalPlaybook = packageRoot.appendingPathComponent("plugins/ecs-key-sharing/examples/share-with-approval.lua").path

    @Test("after a revoke, drift of the revoke is clean; a principal put back into keyshare's statement is grant-unexpected")
    func revoked() async throws {
        let work = try await sharedDriftState("keyshare-drift-revoke")
        defer { try? FileManager.default.removeItem(at: work) }
        let state = ["--world", "world.yaml", "--state", "state.sqlite"]
        let revoke = try await keyshare(["run"] + state + [revokePlaybook], in: work)
        try #require(revoke.status == 0, "\(revoke.output)\(revoke.errors)")
        let clean = try await keyshare(["drift"] + state + [revokePlaybook], in: work)
        #expect(clean.status == 0, "\(clean.output)\(clean.errors)")

        try await tamper(
            addKeyStatementLua(
                """
                { Sid = "keyshare/shared-use", Effect = "Allow", Principal = { RAM = { "\(driftRoleARN("2000000000000002"))" } },
                  Action = { "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey" }, Resource = { "*" } }
                """), in: work, options: state)
        let drift = try await keyshare(["drift"] + state + ["--json", revokePlaybook], in: work)
        #expect(drift.status == 2, "\(drift.output)\(drift.errors)")
        let findings = try driftFindings(drift.output)
        #expect(findings.keys.sorted() == ["2000000000000002"], "\(findings)")
        let unexpected = try #require(findings["2000000000000002"]?.first)
        #expect(unexpected.kind == "grant-unexpected", "\(unexpected)")
        #expect(
            unexpected.message.contains("names \(driftRoleARN("2000000000000002")); the playbook removes it"), "\(unexpected)")
        // The share, whose declared state that is, finds nothing missing for prod-2 but the others revoked.
        let share = try await keyshare(["drift"] + state + ["--json", planSharePlaybook], in: work)
        #expect(share.status == 2, "\(share.output)\(share.errors)")
        #expect(try driftFindings(share.output).keys.sorted() == ["2000000000000001", "2000000000000003"])
    }

    @Test("a canary the run would fail on leaves the other targets unchecked: unknown (not-checked), not clean")
    func failingCanary() async throws {
        let work = try await sharedDriftState("keyshare-drift-canary")
        defer { try? FileManager.default.removeItem(at: work) }
        let state = ["--world", "world.yaml", "--state", "state.sqlite"]
        let scripts = ["the disk role's trust policy rewritten", "a foreign key-policy statement denies Decrypt"].compactMap {
            name in
            driftTampers.first { $0.name == name }?.script
        }
        try #require(scripts.count == 2)
        try await tamper(scripts.joined(separator: "\n"), in: work, options: state)
        let drift = try await keyshare(
            ["drift"] + state + ["--canary", "2000000000000001", "--json", planSharePlaybook], in: work)
        #expect(drift.status == 2, "\(drift.output)\(drift.errors)")
        let findings = try driftFindings(drift.output)
        #expect(findings["2000000000000001"]?.contains { $0.kind == "would-fail" } == true, "\(findings)")
        for account in ["2000000000000002", "2000000000000003"] {
            #expect(findings[account]?.map(\.kind) == ["not-checked"], "\(account): \(findings)")
        }
        let root = try #require(try JSONSerialization.jsonObject(with: Data(drift.output.utf8)) as? [String: Any])
        #expect((root["summary"] as? [String: Int])?["unknown"] == 2, "\(root)")
    }

    @Test("a hook that refuses the run leaves nothing checked: exit 1 with the hook's reason; let through, the check runs")
    func hookRefusal() async throws {
        let work = try await sharedDriftState("keyshare-drift-hook")
        defer { try? FileManager.default.removeItem(at: work) }
        let state = ["--world", "world.yaml", "--state", "state.sqlite"]
        let refused = try await keyshare(["drift"] + state + ["--json", approvalPlaybook], in: work)
        #expect(refused.status == 1, "\(refused.output)\(refused.errors)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(refused.output.utf8)) as? [String: Any])
        #expect(root["status"] as? String == "not-checked", "\(root)")
        let text = try await keyshare(["drift"] + state + [approvalPlaybook], in: work)
        #expect(text.status == 1 && text.output.contains("Nothing was checked: "), "\(text.output)\(text.errors)")

        let approved = try await keyshare(["drift"] + state + ["--param", "approve=3", approvalPlaybook], in: work)
        #expect(approved.status == 0, "\(approved.output)\(approved.errors)")
    }
}
