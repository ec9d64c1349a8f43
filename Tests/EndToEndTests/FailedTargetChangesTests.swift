import Foundation
import Testing

/// Where a target fails, and the changes its JSON line must still report.
struct FailurePoint: Sendable, CustomTestStringConvertible {
    var name: String
    /// The playbook's `steps = { … }` source (functions see `ROLE`, a role spec, and `errors`).
    var steps: String
    var arguments: [String] = []
    /// Fragments every failed line's `changes` must hold.
    var changes: [String]
    /// A fragment of the failed line's error message.
    var message: String
    var testDescription: String { name }
}

/// A failed target reports every change it made before it failed, whatever failed and however.
@Suite(
    "Failed targets keep their changes",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct FailedTargetChangesTests {
    static let points: [FailurePoint] = [
        FailurePoint(
            name: "step 2 raises a string after step 1 created a role",
            steps: #"function(ctx) return ctx.account:ensure_role(ROLE) end, function() error("step two broke", 0) end"#,
            changes: ["created role KeyshareProbeRole"], message: "step two broke"),
        FailurePoint(
            name: "step 1 raises an error object after creating a role",
            steps: #"function(ctx) ctx.account:ensure_role(ROLE); errors.raise("Probe.Failed", "after the role") end"#,
            changes: ["created role KeyshareProbeRole"], message: "after the role"),
        FailurePoint(
            name: "step 1 records a change, then raises an error table without a code",
            steps: #"function(ctx) ctx.change("tagged the account"); error({ message = "no code here" }) end"#,
            changes: ["tagged the account"], message: "no code here"),
        FailurePoint(
            name: "step 1 raises an error carrying the changes it made",
            steps: #"function() error({ code = "Probe.Partial", message = "half done", changes = { "wrote half" } }) end"#,
            changes: ["wrote half"], message: "half done"),
        FailurePoint(
            name: "share fails in verify after creating roles and granting",
            steps: #""ecs-key-sharing.share""#, arguments: ["--param", "disk_category=no_such_category"],
            changes: ["created role AliyunECSDiskEncryptDefaultRole", "granted key use to acs:ram::"],
            message: "no_such_category"),
    ]

    @Test(
        "the JSON line of a failed target has status failed and every change made before the failure",
        arguments: points)
    func keepsChanges(_ point: FailurePoint) async throws {
        let work = try temporaryFolder("keyshare-failed-changes")
        defer { try? FileManager.default.removeItem(at: work) }
        let world = work.appendingPathComponent("world.yaml").path
        let made = try await keyshare(["sim", "init", "--accounts", "4", "--output", world])
        #expect(made.status == 0, "\(made.errors)")
        let playbook = work.appendingPathComponent("failing.lua")
        try """
        local errors = require("_lib.keyshare.errors")
        local ROLE = { name = "KeyshareProbeRole", description = "probe",
          trust = { Version = "1", Statement = { { Effect = "Allow", Action = "sts:AssumeRole",
            Principal = { Service = { "ecs.aliyuncs.com" } } } } } }
        return { owner = "1000000000000001", key = "alias/shared-disk-key", region = "cn-hangzhou",
          inventory = "resource-directory", params = { folder = "fd-prod" }, steps = { \(point.steps) } }
        """.write(to: playbook, atomically: true, encoding: .utf8)
        let outcome = try await keyshare(
            ["run", "--world", world, "--reporter", "json"] + point.arguments + [playbook.path],
            environment: ["KEYSHARE_PLUGINS": packageRoot.appendingPathComponent("plugins").path])
        #expect(outcome.status == 1, "\(outcome.output)\(outcome.errors)")
        let finished = outcome.output.split(separator: "\n").filter { $0.contains(#""type":"target_finished""#) }
        #expect(finished.count == 2, "\(outcome.output)")
        for line in finished {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            #expect(object["status"] as? String == "failed", "\(line)")
            let changes = object["changes"] as? [String] ?? []
            for fragment in point.changes {
                #expect(changes.contains { $0.contains(fragment) }, "\(fragment) missing from \(changes)")
            }
            #expect(Set(changes).count == changes.count, "a change reported twice: \(changes)")
            let error = object["error"] as? [String: Any] ?? [:]
            #expect((error["message"] as? String ?? "").contains(point.message), "\(error)")
            #expect(!(error["message"] as? String ?? "").contains("table: 0x"), "\(error)")
        }
    }
}
