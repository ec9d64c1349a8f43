import Foundation
import Testing

/// `keyshare explain` from the command line on the explain world: decisions with both halves
/// named, exit codes (0 allowed, 3 denied, 4 unknown, 2 bad input), human and JSON output.
@Suite(
    "keyshare explain",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct ExplainCommandTests {
    /// One question and what the answer must say.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var principal: String
        var key = explainKeyARN
        var action = "kms:Decrypt"
        var status: Int32
        var decision: String
        /// Sids (or `#index`) the key-policy half must cite.
        var keyPolicyCites: [String] = []
        /// Policy names the RAM half must cite.
        var ramPolicyCites: [String] = []
        /// Phrases the reason must contain.
        var reason: [String] = []

        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "both halves allow", principal: "acs:ram::2000000000000002:role/KeyUser", action: "kms:Encrypt", status: 0,
            decision: "allow", keyPolicyCites: ["share-prod"], ramPolicyCites: ["UseKeys"],
            reason: [
                "statement \"share-prod\"",
                "RAM policy UseKeys (Custom, v1, attached to role/KeyUser in account 2000000000000002)",
            ]),
        Case(
            name: "an explicit deny in the key policy is named first", principal: "acs:ram::2000000000000002:role/KeyUser",
            status: 3, decision: "deny", keyPolicyCites: ["no-decrypt-from-prod-2"],
            reason: ["denied: key policy statement \"no-decrypt-from-prod-2\" explicitly denies kms:Decrypt"]),
        Case(
            name: "the missing RAM half", principal: "acs:ram::2000000000000001:role/KeyUser", status: 3,
            decision: "implicit-deny", keyPolicyCites: ["share-prod"],
            reason: [
                "the key policy names acs:ram::2000000000000001:role/KeyUser",
                "account 2000000000000001 has no policy allowing kms:Decrypt on this key",
            ]),
        Case(
            name: "the missing key-policy half (wrong account)", principal: "acs:ram::2000000000000003:role/KeyUser", status: 3,
            decision: "implicit-deny", ramPolicyCites: ["AliyunKMSFullAccess"],
            reason: ["the key policy does not name acs:ram::2000000000000003:role/KeyUser for kms:Decrypt"]),
        Case(
            name: "a role that does not exist", principal: "acs:ram::2000000000000001:role/Ghost", status: 3,
            decision: "implicit-deny", reason: ["account 2000000000000001 has no role Ghost"]),
        Case(
            name: "a wildcard principal for the account", principal: "acs:ram::2000000000000004:role/Reader", status: 0,
            decision: "allow", keyPolicyCites: ["share-prod"], ramPolicyCites: ["AliyunKMSFullAccess"]),
        Case(
            name: "a condition on the caller's address is unknown", principal: "acs:ram::2000000000000002:role/CondUser",
            action: "kms:Encrypt", status: 4, decision: "unknown", keyPolicyCites: ["share-prod"],
            ramPolicyCites: ["UseKeysFromOffice"], reason: ["unknown because", "acs:SourceIp"]),
        Case(
            name: "a deny decides although a condition is unknown", principal: "acs:ram::2000000000000002:role/CondUser",
            status: 3, decision: "deny", keyPolicyCites: ["no-decrypt-from-prod-2"]),
        Case(
            name: "a disabled key refuses cryptography", principal: "acs:ram::1000000000000001:root",
            key: "key-hzz6bb1b2c3d4e5f6a7b8", action: "kms:Encrypt", status: 3, decision: "deny",
            keyPolicyCites: ["kms default key policy"], reason: ["the key is Disabled", "Rejected.Disabled"]),
        Case(
            name: "a disabled key is still described", principal: "acs:ram::1000000000000001:root",
            key: "key-hzz6bb1b2c3d4e5f6a7b8", action: "kms:DescribeKey", status: 0, decision: "allow"),
        Case(
            name: "the owner's root by alias", principal: "acs:ram::1000000000000001:root", key: "alias/shared-disk-key",
            action: "kms:decrypt", status: 0, decision: "allow", keyPolicyCites: ["kms default key policy"]),
        Case(
            name: "a RAM user's half is unknown", principal: "acs:ram::2000000000000001:user/alice", status: 3,
            decision: "implicit-deny", reason: ["ListPoliciesForUser"]),
        Case(
            name: "another account's identity is never granted administration",
            principal: "acs:ram::2000000000000004:role/Reader",
            action: "kms:DisableKey", status: 3, decision: "implicit-deny",
            reason: ["grants another account's identities only key-user actions"]),
    ]

    @Test("each answer names both halves, in JSON and in text, with its exit code", arguments: cases)
    func answers(_ row: Case) async throws {
        let (work, world) = try explainWorldFile()
        defer { try? FileManager.default.removeItem(at: work) }
        let base = ["explain", "--world", world, "--key", row.key, "--principal", row.principal, "--action", row.action]
        let json = try await keyshare(base + ["--json"])
        #expect(json.status == row.status, "\(row.name): \(json.output)\(json.errors)")
        let answer = try #require(ExplainJSON(json.output), "\(row.name): not JSON: \(json.output)\(json.errors)")
        let action = (answer.root["actions"] as? [[String: Any]])?.first?["action"] as? String ?? ""
        #expect(answer.decision == row.decision, "\(row.name): \(json.output)")
        for sid in row.keyPolicyCites {
            #expect(
                answer.cited("keyPolicy", of: action).contains(sid),
                "\(row.name): key policy cites \(answer.cited("keyPolicy", of: action))")
        }
        let ramPolicies = ((answer.half("ramPolicy", of: action)?["statements"] as? [[String: Any]]) ?? []).compactMap {
            $0["policy"] as? String
        }
        for name in row.ramPolicyCites { #expect(ramPolicies.contains(name), "\(row.name): RAM cites \(ramPolicies)") }
        let reason = answer.action(action)?["reason"] as? String ?? ""
        for phrase in row.reason { #expect(reason.contains(phrase), "\(row.name): reason \(reason)") }

        let text = try await keyshare(base)
        #expect(text.status == row.status, "\(row.name): \(text.output)\(text.errors)")
        #expect(text.output.contains("decision   \(row.decision)"), "\(row.name): \(text.output)")
        for phrase in row.reason { #expect(text.output.contains(phrase), "\(row.name): \(text.output)") }
    }

    @Test("the human answer aligns its columns: actions, then the key-policy and RAM halves")
    func alignedText() async throws {
        let (work, world) = try explainWorldFile()
        defer { try? FileManager.default.removeItem(at: work) }
        let result = try await keyshare([
            "explain", "--world", world, "--key", explainKeyARN,
            "--principal", "acs:ram::2000000000000002:role/KeyUser",
        ])
        #expect(result.status == 3, "\(result.output)\(result.errors)")
        let lines = result.output.split(separator: "\n").map(String.init)
        let rows = lines.filter { line in
            ["kms:", "  key policy", "  RAM policy"].contains { line.hasPrefix($0) }
        }
        // The default actions, each with its two halves.
        #expect(rows.count == 12, "\(result.output)")
        let decisionColumns = Set(
            rows.map { row in
                row.range(of: "  allow") ?? row.range(of: "  deny") ?? row.range(of: "  implicit-deny")
                    ?? row.range(of: "  unknown")
            }.map { $0.map { row in row.lowerBound.utf16Offset(in: rows[0]) } ?? -1 })
        #expect(decisionColumns.count == 1, "decisions start in one column: \(result.output)")
        #expect(lines.contains { $0.hasPrefix("kms:Decrypt") && $0.contains("deny") })
        #expect(lines.contains { $0.hasPrefix("key        key-hzz6aa1b2c3d4e5f6a7b8") })
    }

    @Test(
        "--via ecs answers hop by hop: allowed with the seed's roles, the missing role named otherwise",
        arguments: [
            ("2000000000000001", Int32(0), "allow", "the trust policy of AliyunECSDiskEncryptDefaultRole lets ecs.aliyuncs.com"),
            (
                "2000000000000003", Int32(3), "implicit-deny",
                "account 2000000000000003 has no role AliyunECSDiskEncryptDefaultRole"
            ),
            (
                "2000000000000002", Int32(3), "implicit-deny",
                "account 2000000000000002 has no role AliyunECSDiskEncryptDefaultRole"
            ),
        ])
    func viaECS(_ account: String, _ status: Int32, _ decision: String, _ phrase: String) async throws {
        let (work, world) = try explainWorldFile()
        defer { try? FileManager.default.removeItem(at: work) }
        let base = [
            "explain", "--world", world, "--key", "key-hzz6aa1b2c3d4e5f6a7b8",
            "--principal", "acs:ram::\(account):root", "--via", "ecs",
        ]
        let json = try await keyshare(base + ["--json"])
        #expect(json.status == status, "\(json.output)\(json.errors)")
        let answer = try #require(ExplainJSON(json.output), "\(json.output)\(json.errors)")
        #expect(answer.decision == decision)
        #expect(answer.hops.contains { ($0["reason"] as? String ?? "").contains(phrase) }, "\(answer.hops)")
        #expect(answer.hops.allSatisfy { $0["required"] is Bool && $0["decision"] is String && $0["reason"] is String })
        let text = try await keyshare(base)
        #expect(text.status == status)
        #expect(text.output.contains(phrase), "\(text.output)")
    }

    /// Input explain cannot start with, and what the message must name.
    static let badInputs: [(String, [String], String)] = [
        ("an unknown key ID", ["--key", "key-nothere", "--principal", "acs:ram::2000000000000001:root"], "--key 'key-nothere'"),
        ("an unknown alias", ["--key", "alias/none", "--principal", "acs:ram::2000000000000001:root"], "--key 'alias/none'"),
        (
            "a key ARN of an account outside the world",
            ["--key", "acs:kms:cn-hangzhou:1999999999999999:key/key-x", "--principal", "acs:ram::2000000000000001:root"], "--key"
        ),
        (
            "an alias ARN for --key",
            [
                "--key", "acs:kms:cn-hangzhou:1000000000000001:alias/x", "--principal",
                "acs:ram::2000000000000001:root",
            ], "is not a key ARN"
        ),
        ("a malformed principal", ["--key", explainKeyARN, "--principal", "role/KeyUser"], "--principal 'role/KeyUser'"),
        ("a principal with a bad account", ["--key", explainKeyARN, "--principal", "acs:ram::12ab:role/x"], "--principal"),
        ("a group principal", ["--key", explainKeyARN, "--principal", "acs:ram::2000000000000001:group/ops"], "--principal"),
        ("a service principal", ["--key", explainKeyARN, "--principal", "ecs.aliyuncs.com"], "--via ecs"),
        (
            "an unknown action",
            ["--key", explainKeyARN, "--principal", "acs:ram::2000000000000001:root", "--action", "kms:Fly"],
            "--action 'kms:Fly'"
        ),
        (
            "a wildcard action", ["--key", explainKeyARN, "--principal", "acs:ram::2000000000000001:root", "--action", "kms:*"],
            "--action 'kms:*'"
        ),
        (
            "an action of another product",
            [
                "--key", explainKeyARN, "--principal", "acs:ram::2000000000000001:root",
                "--action", "ecs:CreateDisk",
            ], "--action 'ecs:CreateDisk'"
        ),
        (
            "an unknown service path", ["--key", explainKeyARN, "--principal", "acs:ram::2000000000000001:root", "--via", "oss"],
            "--via 'oss'"
        ),
        (
            "--action with --via ecs",
            [
                "--key", explainKeyARN, "--principal", "acs:ram::2000000000000001:root", "--via", "ecs",
                "--action", "kms:Decrypt",
            ], "--via ecs"
        ),
        ("an empty key", ["--key", "", "--principal", "acs:ram::2000000000000001:root"], "--key is empty"),
        ("no principal", ["--key", explainKeyARN], "--principal"),
        (
            "--key given twice",
            [
                "--key", explainKeyARN, "--key", "alias/shared-disk-key", "--principal",
                "acs:ram::2000000000000001:root",
            ], "--key is given twice"
        ),
        (
            "--principal given twice",
            [
                "--key", explainKeyARN, "--principal", "acs:ram::2000000000000001:root",
                "--principal", "acs:ram::2000000000000002:root",
            ], "--principal is given twice"
        ),
    ]

    @Test("bad input exits 2 naming the input and the fix", arguments: badInputs.indices)
    func badInput(_ index: Int) async throws {
        let (name, arguments, phrase) = Self.badInputs[index]
        let (work, world) = try explainWorldFile()
        defer { try? FileManager.default.removeItem(at: work) }
        for extra in [[], ["--json"]] {
            let result = try await keyshare(["explain", "--world", world] + arguments + extra)
            #expect(result.status == 2, "\(name): \(result.output)\(result.errors)")
            #expect(result.errors.contains(phrase), "\(name): \(result.errors)")
            #expect(result.output.isEmpty, "\(name): printed an answer: \(result.output)")
        }
    }

    @Test("several --action flags are answered in the order given, each once")
    func severalActions() async throws {
        let (work, world) = try explainWorldFile()
        defer { try? FileManager.default.removeItem(at: work) }
        let result = try await keyshare([
            "explain", "--world", world, "--key", explainKeyARN, "--json",
            "--principal", "acs:ram::2000000000000002:role/KeyUser",
            "--action", "kms:GenerateDataKey", "--action", "kms:decrypt", "--action", "KMS:GenerateDataKey",
        ])
        #expect(result.status == 3, "\(result.output)\(result.errors)")
        let answer = try #require(ExplainJSON(result.output))
        let actions = (answer.root["actions"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
        #expect(actions == ["kms:GenerateDataKey", "kms:Decrypt"])
        #expect(answer.decision == "deny")
    }

    @Test("a world file that is missing exits 2 and names it")
    func missingWorld() async throws {
        let result = try await keyshare([
            "explain", "--world", "/nonexistent/world.yaml", "--key", explainKeyARN,
            "--principal", "acs:ram::2000000000000001:root",
        ])
        #expect(result.status == 2, "\(result.output)\(result.errors)")
        #expect(result.errors.contains("/nonexistent/world.yaml"), "\(result.errors)")
    }

    @Test("explain leaves the state file exactly as it was")
    func readOnlyState() async throws {
        let (work, world) = try explainWorldFile()
        defer { try? FileManager.default.removeItem(at: work) }
        let state = work.appendingPathComponent("state.sqlite").path
        let script = work.appendingPathComponent("seed.lua")
        try "print('seeded')\n".write(to: script, atomically: true, encoding: .utf8)
        let seeded = try await keyshare(["run", "--world", world, "--state", state, script.path])
        try #require(seeded.status == 0, "\(seeded.output)\(seeded.errors)")
        let before = try Data(contentsOf: URL(fileURLWithPath: state))
        let result = try await keyshare([
            "explain", "--world", world, "--state", state, "--key", explainKeyARN,
            "--principal", "acs:ram::2000000000000001:root", "--via", "ecs",
        ])
        #expect(result.status == 0, "\(result.output)\(result.errors)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: state)) == before)
    }
}
