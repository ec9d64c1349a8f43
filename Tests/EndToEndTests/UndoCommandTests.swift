import CloudSimulator
import Foundation
import Rollout
import Testing

/// `keyshare undo` over real runs: the plan changes nothing, `--yes` returns the cloud to its state
/// before the run (roles that existed before kept as they were), a second undo finds nothing left,
/// and an undo killed midway completes with `keyshare resume`.
@Suite(
    "keyshare undo",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct UndoCommandTests {
    static let ecsTrust =
        #"{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":["ecs.aliyuncs.com"]}}]}"#
    static let oddTrust =
        #"{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::2000000000000004:root"]}}]}"#

    /// A `sim init` world of `accounts` members where some disk roles exist before any run: …002's
    /// is right (ECS trust, a system policy, a description of its own) and already named by the key
    /// policy, …004's trusts the wrong principal; …005 (with more than 5 members) has the custom
    /// policy attached by hand.
    static func writeWorld(accounts: Int, in folder: URL) async throws {
        let made = try await keyshare(
            KeyshareInvocation(
                arguments: ["sim", "init", "--accounts", "\(accounts)", "--output", "base.yaml"],
                directory: folder, timeout: 120))
        guard made.status == 0 else { throw FixtureError(message: made.errors) }
        var text = try String(contentsOf: folder.appendingPathComponent("base.yaml"), encoding: .utf8)
        func role(_ trust: String, policies: String, description: String) -> String {
            "  roles:\n  - name: AliyunECSDiskEncryptDefaultRole\n    trust: '\(trust)'\n    policies: \(policies)\n"
                + "    description: \(description)\n"
        }
        func add(_ block: String, to uid: String) throws {
            guard let account = text.range(of: "- id: '\(uid)'\n"),
                let end = text.range(of: "    user: null\n", range: account.upperBound..<text.endIndex)
            else {
                throw FixtureError(message: "no account \(uid) in the generated world")
            }
            text.insert(contentsOf: block, at: end.upperBound)
        }
        try add(
            role(ecsTrust, policies: #"["System:AliyunECSDiskEncryptRolePolicy"]"#, description: "made by hand"),
            to: "2000000000000002")
        try add(role(oddTrust, policies: "[]", description: "legacy role"), to: "2000000000000004")
        if accounts > 5 {
            let document = #"{"Version":"1","Statement":[{"Effect":"Allow","Action":["kms:Decrypt"],"Resource":["*"]}]}"#
            try add(
                "  policies:\n  - name: AliyunECSDiskEncryptCustomizedPolicy\n    document: '\(document)'\n"
                    + role(ecsTrust, policies: #"["Custom:AliyunECSDiskEncryptCustomizedPolicy"]"#, description: "ours"),
                to: "2000000000000005")
        }
        let granted =
            #"{"Version":"1","Statement":[{"Sid":"kms default key policy","Effect":"Allow","Principal":{"RAM":["acs:ram::1000000000000001:*"]},"Action":["kms:*"],"Resource":["*"]},{"Sid":"keyshare/shared-use","Effect":"Allow","Principal":{"RAM":["acs:ram::2000000000000002:role/AliyunECSDiskEncryptDefaultRole"]},"Action":["kms:Decrypt","kms:DescribeKey","kms:Encrypt","kms:GenerateDataKey","kms:List*","kms:TagResource","kms:UntagResource"],"Resource":["*"]}]}"#
        guard let alias = text.range(of: "    alias: alias/shared-disk-key\n") else {
            throw FixtureError(message: "no shared key")
        }
        text.insert(contentsOf: "    policy: '\(granted)'\n", at: alias.lowerBound)
        try text.write(to: folder.appendingPathComponent("world.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: ResumeKillTests.sharePlaybook, to: folder.appendingPathComponent("share.lua"))
    }

    /// The difference line of …005's custom policy, whose document the run rewrote (a new default version).
    static let rewrittenPolicy = "2000000000000005 custom policies"

    /// The pre-existing policy whose document the run rewrote has its earlier default version back.
    static func expectPolicyRestored(_ differences: [String]) {
        #expect(!differences.contains { $0.hasPrefix(rewrittenPolicy) }, "\(differences)")
    }

    /// The plan line that puts …005's custom policy back as it was: v1 in force, the run's v2 deleted.
    static let policyRestoreLine =
        "set the default version of policy AliyunECSDiskEncryptCustomizedPolicy in account "
        + "2000000000000005 back to v1 and delete v2"

    /// Runs `keyshare words…` in `folder` with a hang guard.
    static func run(_ words: [String], in folder: URL) async throws -> KeyshareOutcome {
        try await keyshare(KeyshareInvocation(arguments: words, directory: folder, timeout: 180))
    }

    @Test(
        "undo prints its plan and changes nothing without --yes; with --yes the key policy and every role are as before the run, pre-existing roles untouched; a second undo finds nothing left",
        arguments: [["--param", "verify=true"], ["--param", "verify=false"]])
    func undoRestores(_ params: [String]) async throws {
        let folder = try temporaryFolder("keyshare-undo")
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Self.writeWorld(accounts: 6, in: folder)
        let before = try await CloudDump.read(state: "before.sqlite", world: "world.yaml", in: folder)
        #expect(before.principals.values.first == ["acs:ram::2000000000000002:role/AliyunECSDiskEncryptDefaultRole"])
        let share = try await Self.run(
            ["run", "share.lua", "--world", "world.yaml", "--state", "s.sqlite", "--param", "folder="] + params,
            in: folder)
        try #require(share.status == 0, "\(share.output.suffix(800))\(share.errors)")
        let shared = try await CloudDump.read(state: "s.sqlite", in: folder)
        #expect(shared.allPrincipals.count == 6)
        let original = try await JournalFacts.read(folder.appendingPathComponent("s.sqlite.journal.sqlite")).run.id.rawValue

        let untouched = try ResumeCommandTests.stateFiles(folder)
        let plan = try await Self.run(["undo", "last", "--state", "s.sqlite"], in: folder)
        #expect(plan.status == 2, "\(plan.output)\(plan.errors)")
        #expect(plan.output.contains("not applied: pass --yes"), "\(plan.output)")
        for uid in ["2000000000000001", "2000000000000003", "2000000000000006"] {
            #expect(
                plan.output.contains("delete role AliyunECSDiskEncryptDefaultRole in account \(uid)"), "\(uid): \(plan.output)")
            #expect(
                plan.output.contains("remove acs:ram::\(uid):role/AliyunECSDiskEncryptDefaultRole from the policy"),
                "\(plan.output)")
        }
        for uid in ["2000000000000002", "2000000000000004", "2000000000000005"] {
            #expect(
                !plan.output.contains("delete role AliyunECSDiskEncryptDefaultRole in account \(uid)"), "\(uid): \(plan.output)")
        }
        #expect(!plan.output.contains("remove acs:ram::2000000000000002:"), "a principal granted before the run would be removed")
        #expect(
            !plan.output.contains("delete policy AliyunECSDiskEncryptCustomizedPolicy in account 2000000000000005"),
            "\(plan.output)")
        #expect(try ResumeCommandTests.stateFiles(folder) == untouched, "the plan changed the state")

        let applied = try await Self.run(["undo", "last", "--state", "s.sqlite", "--yes"], in: folder)
        #expect(applied.status == 0, "\(applied.output.suffix(800))\(applied.errors)")
        #expect(applied.output.contains("6 targets: 6 changed, 0 unchanged, 0 failed"), "\(applied.output.suffix(800))")
        let undone = try await CloudDump.read(state: "s.sqlite", in: folder)
        let differences = undone.differences(from: before)
        #expect(
            differences.filter { !$0.hasPrefix(Self.rewrittenPolicy) }.isEmpty,
            "after undo, the cloud differs from before the run:\n\(differences.joined(separator: "\n"))")
        #expect(plan.output.contains(Self.policyRestoreLine), "the plan does not restore the rewritten policy: \(plan.output)")
        #expect(!plan.output.contains("has no automatic inverse"), "\(plan.output)")
        Self.expectPolicyRestored(differences)
        #expect(
            undone.accounts["2000000000000002"]?.roles["AliyunECSDiskEncryptDefaultRole"]
                == DumpedRole(
                    trust: before.accounts["2000000000000002"]?.roles["AliyunECSDiskEncryptDefaultRole"]?.trust ?? "?",
                    description: "made by hand", policies: ["System:AliyunECSDiskEncryptRolePolicy"]))

        // The same run again: every action finds its work done.
        let again = try await Self.run(["undo", original, "--state", "s.sqlite", "--yes"], in: folder)
        #expect(again.status == 0, "\(again.output.suffix(800))\(again.errors)")
        #expect(try await CloudDump.read(state: "s.sqlite", in: folder) == undone, "a second undo changed the cloud")
        let second = try await JournalFacts.read(folder.appendingPathComponent("s.sqlite.journal.sqlite"))
        #expect(second.run.kind == "undo" && second.run.undoes?.rawValue == original)
        // A role whose trust and description are already the earlier ones is left alone.
        #expect(again.output.contains("6 targets: 0 changed, 6 unchanged, 0 failed"), "\(again.output.suffix(800))")
        #expect(second.mutations.isEmpty, "\(second.mutations.map { "\($0.account) \($0.action)" })")

        // `last` is the newest rollout, not the undo that followed it: no accidental redo.
        let last = try await Self.run(["undo", "last", "--state", "s.sqlite"], in: folder)
        #expect(last.output.contains(original) && last.errors.isEmpty, "\(last.output)\(last.errors)")

        let listed = try await Self.run(["runs", "list", "--json", "--state", "s.sqlite"], in: folder)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [String: Any])
        let runs = try #require(object["runs"] as? [[String: Any]])
        #expect(runs.map { $0["kind"] as? String } == ["undo", "undo", "run"], "\(runs)")
        #expect(runs.prefix(2).allSatisfy { $0["undoes"] as? String == original && $0["status"] as? String == "succeeded" })
        let text = try await Self.run(["runs", "list", "--state", "s.sqlite"], in: folder)
        #expect(
            text.output.split(separator: "\n").filter { $0.contains(" undo ") && $0.contains("succeeded") }.count == 2,
            "\(text.output)")
    }

    @Test("an undo killed with SIGKILL midway completes with keyshare resume, and the cloud is as before the run")
    func killedUndoResumes() async throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        var random = SeededGenerator(seed: seed)
        let folder = try temporaryFolder("keyshare-undo-kill")
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Self.writeWorld(accounts: 300, in: folder)
        let before = try await CloudDump.read(state: "before.sqlite", world: "world.yaml", in: folder)
        let share = try await Self.run(
            [
                "run", "share.lua", "--world", "world.yaml", "--state", "s.sqlite", "--param", "folder=",
                "--param", "verify=false",
            ], in: folder)
        try #require(share.status == 0, "\(share.output.suffix(800))\(share.errors)")
        var schedule: [String] = []
        for round in 0..<3 {
            let delay = Int.random(in: 0...400, using: &random)
            let words =
                round == 0 ? ["undo", "last", "--state", "s.sqlite", "--yes"] : ["resume", "last", "--state", "s.sqlite"]
            let outcome = try await onOwnThread {
                try killKeyshare(
                    words, in: folder, after: [round == 0 ? "keyshare: undo r-" : "keyshare: resuming undo r-"],
                    milliseconds: delay)
            }
            schedule.append("\(round):+\(delay)ms\(outcome.killed ? "" : " ended \(outcome.status)")")
        }
        let note = "seed \(seed), kills \(schedule.joined(separator: " "))"
        #expect(schedule.first?.contains("ended") == false, "\(note): the undo ended before the first kill")
        let facts = try await JournalFacts.read(folder.appendingPathComponent("s.sqlite.journal.sqlite"))
        #expect(facts.run.kind == "undo", "\(note)")
        let resumed = try await Self.run(["resume", "last", "--state", "s.sqlite"], in: folder)
        #expect(resumed.status == 0, "\(note): \(resumed.output.suffix(800))\(resumed.errors)")
        #expect(resumed.errors.contains("keyshare: resuming undo \(facts.run.id.rawValue)"), "\(note): \(resumed.errors)")
        #expect(
            resumed.output.contains("300 targets: ") && resumed.output.contains(" 0 failed"),
            "\(note): \(resumed.output.suffix(400))")
        let undone = try await CloudDump.read(state: "s.sqlite", in: folder)
        let differences = undone.differences(from: before)
        #expect(
            differences.filter { !$0.hasPrefix(Self.rewrittenPolicy) }.isEmpty,
            "\(note): after the resumed undo, the cloud differs from before the run:\n\(differences.joined(separator: "\n"))")
        Self.expectPolicyRestored(differences)
        let finished = try await JournalFacts.read(folder.appendingPathComponent("s.sqlite.journal.sqlite"))
        #expect(finished.run.id == facts.run.id && finished.run.status == .succeeded, "\(note)")
    }
}
