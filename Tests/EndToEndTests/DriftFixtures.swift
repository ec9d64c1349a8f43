import Foundation

/// The drift tests' world: plan's world (one key, `alias/shared-disk-key`, so the shipped playbook's
/// pool finds it; three prod members the share playbook targets; a partner the key policy names in a
/// statement of its own, not a target, never drift) with room on the key's instance for every
/// member. The management account signs over HTTP with `driftClientEnvironment`.
let driftWorld = planWorld.replacingOccurrences(of: "vpc_num: 4,", with: "vpc_num: 10,")

/// The environment a `--backend http` client needs to sign as the drift world's management account.
let driftClientEnvironment = planClientEnvironment

/// The drift world's access key secret, which no output may show.
let driftSecret = "plan-test-secret-not-real-000000"

/// The disk role every target gets, and its ARN in `account`.
let driftDiskRole = "AliyunECSDiskEncryptDefaultRole"
func driftRoleARN(_ account: String) -> String { "acs:ram::\(account):role/\(driftDiskRole)" }

/// One way of changing a target behind keyshare's back: a plain Lua script run with the same
/// `--state` (or over the same server), and what drift must then say.
struct Tamper: Sendable, CustomStringConvertible {
    /// What it does, for the test's name.
    var name: String
    /// The script.
    var script: String
    /// The accounts drift must list, each with a finding kind and words its message must hold.
    var expected: [String: [(kind: String, words: [String])]]
    /// The exit code drift must give.
    var exitCode: Int32 = 2

    var description: String { name }
}

/// Lua that removes every principal of `account` from every statement of the key policy.
func removePrincipalsLua(_ account: String) -> String {
    """
    local json = require("json")
    local key = "key-hzz6aa1b2c3d4e5f6a7b8"
    local policy = json.decode(kms.get_key_policy({ key_id = key }).policy)
    for _, statement in ipairs(policy.Statement) do
      local ram = statement.Principal and statement.Principal.RAM
      if type(ram) == "table" then
        for i = #ram, 1, -1 do
          if ram[i]:find("\(account)", 1, true) then table.remove(ram, i) end
        end
      end
    end
    kms.set_key_policy({ key_id = key, policy = json.encode(policy) })
    """
}

/// Lua that adds `statement` (a Lua table literal) to the key policy.
func addKeyStatementLua(_ statement: String) -> String {
    """
    local json = require("json")
    local key = "key-hzz6aa1b2c3d4e5f6a7b8"
    local policy = json.decode(kms.get_key_policy({ key_id = key }).policy)
    table.insert(policy.Statement, \(statement))
    kms.set_key_policy({ key_id = key, policy = json.encode(policy) })
    """
}

/// Lua that creates custom policy `name` with `document` (a Lua table literal) in `account` and
/// attaches it to the disk role.
func attachRAMPolicyLua(_ account: String, name: String, document: String) -> String {
    """
    local json = require("json")
    local as = { account = "\(account)" }
    ram.create_policy({ policy_name = "\(name)", policy_document = json.encode(\(document)) }, as)
    ram.attach_policy_to_role({ policy_type = "Custom", policy_name = "\(name)", role_name = "\(driftDiskRole)" }, as)
    """
}

/// Lua that detaches the disk role's policy in `account`.
func detachLua(_ account: String) -> String {
    """
    ram.detach_policy_from_role({ policy_type = "Custom", policy_name = "AliyunECSDiskEncryptCustomizedPolicy",
      role_name = "\(driftDiskRole)" }, { account = "\(account)" })
    """
}

/// One tamper per kind of difference drift names (each on prod-1 unless it says otherwise).
let driftTampers: [Tamper] = [
    Tamper(
        name: "the disk role's policy detached", script: detachLua("2000000000000001"),
        expected: [
            "2000000000000001": [
                ("policy-detached", ["AliyunECSDiskEncryptCustomizedPolicy", "is not attached to role \(driftDiskRole)"])
            ]
        ]),
    Tamper(
        name: "the disk role's trust policy rewritten",
        script: """
            ram.update_role({ role_name = "\(driftDiskRole)", new_assume_role_policy_document = { Version = "1",
              Statement = { { Effect = "Allow", Action = "sts:AssumeRole", Principal = { RAM = { "acs:ram::2000000000000001:root" } } } } } },
              { account = "2000000000000001" })
            """,
        expected: [
            "2000000000000001": [
                ("role-trust-changed", ["no longer trusts ecs.aliyuncs.com", "now trusts acs:ram::2000000000000001:root"])
            ]
        ]),
    Tamper(
        name: "the disk role's custom policy narrowed",
        script: """
            ram.create_policy_version({ policy_name = "AliyunECSDiskEncryptCustomizedPolicy", set_as_default = true,
              policy_document = { Version = "1", Statement = { { Effect = "Allow", Action = { "kms:DescribeKey" }, Resource = { "*" } } } } },
              { account = "2000000000000001" })
            """,
        expected: [
            "2000000000000001": [
                (
                    "policy-changed",
                    [
                        "AliyunECSDiskEncryptCustomizedPolicy (default version v2)", "no longer allows",
                        "kms:Decrypt",
                    ]
                )
            ]
        ]),
    Tamper(
        name: "the principal removed from the key policy", script: removePrincipalsLua("2000000000000001"),
        expected: [
            "2000000000000001": [
                ("grant-missing", ["key-hzz6aa1b2c3d4e5f6a7b8", "does not name \(driftRoleARN("2000000000000001"))"])
            ]
        ]),
    Tamper(
        name: "a foreign key-policy statement denies Decrypt",
        script: addKeyStatementLua(
            """
            { Sid = "freeze-prod-1", Effect = "Deny", Principal = { RAM = { "\(driftRoleARN("2000000000000001"))" } },
              Action = { "kms:Decrypt" }, Resource = { "*" } }
            """),
        expected: ["2000000000000001": [("access-denied", ["is denied kms:Decrypt", "key policy statement \"freeze-prod-1\""])]]),
    Tamper(
        name: "a RAM policy attached to the role denies kms:*",
        script: attachRAMPolicyLua(
            "2000000000000001", name: "NoKMS",
            document: """
                { Version = "1", Statement = { { Sid = "no-kms", Effect = "Deny", Action = { "kms:*" }, Resource = { "*" } } } }
                """),
        expected: ["2000000000000001": [("access-denied", ["kms:Decrypt", "RAM policy NoKMS", "statement \"no-kms\""])]]),
    Tamper(
        name: "the disk role deleted",
        script: detachLua("2000000000000001") + """

            ram.delete_role({ role_name = "\(driftDiskRole)" }, { account = "2000000000000001" })
            """,
        expected: ["2000000000000001": [("role-missing", ["role \(driftDiskRole) does not exist"])]]),
    Tamper(
        name: "everything of prod-3 removed: never applied",
        script: detachLua("2000000000000003") + """

            ram.delete_role({ role_name = "\(driftDiskRole)" }, { account = "2000000000000003" })
            ram.delete_policy({ policy_name = "AliyunECSDiskEncryptCustomizedPolicy" }, { account = "2000000000000003" })
            """ + removePrincipalsLua("2000000000000003"),
        expected: [
            "2000000000000003": [
                (
                    "not-applied",
                    [
                        "none of the declared state is there", "role \(driftDiskRole) does not exist",
                        "custom policy AliyunECSDiskEncryptCustomizedPolicy does not exist",
                        "does not name \(driftRoleARN("2000000000000003"))",
                    ]
                )
            ]
        ]),
    Tamper(
        name: "keyshare's statement narrowed to kms:DescribeKey: implicitly denied",
        script: """
            local json = require("json")
            local key = "key-hzz6aa1b2c3d4e5f6a7b8"
            local policy = json.decode(kms.get_key_policy({ key_id = key }).policy)
            for _, statement in ipairs(policy.Statement) do
              if statement.Sid == "keyshare/shared-use" then statement.Action = { "kms:DescribeKey" } end
            end
            kms.set_key_policy({ key_id = key, policy = json.encode(policy) })
            """,
        expected: [
            "2000000000000001": [
                ("access-implicitly-denied", ["kms:Encrypt, kms:Decrypt, kms:GenerateDataKey", "implicitly denied"])
            ],
            "2000000000000002": [("access-implicitly-denied", ["kms:Decrypt"])],
            "2000000000000003": [("access-implicitly-denied", ["kms:Decrypt"])],
        ]),
    Tamper(
        name: "the key disabled", script: #"kms.disable_key({ key_id = "key-hzz6aa1b2c3d4e5f6a7b8" })"#,
        expected: [
            "2000000000000001": [("access-denied", ["the key is Disabled", "Rejected.Disabled"])],
            "2000000000000002": [("access-denied", ["the key is Disabled"])],
            "2000000000000003": [("access-denied", ["the key is Disabled"])],
        ]),
    Tamper(
        name: "a RAM deny that hangs on the caller's IP: unknown",
        script: attachRAMPolicyLua(
            "2000000000000002", name: "OfficeOnly",
            document: """
                { Version = "1", Statement = { { Sid = "office-only", Effect = "Deny", Action = { "kms:Decrypt" }, Resource = { "*" },
                  Condition = { NotIpAddress = { ["acs:SourceIp"] = { "10.0.0.0/8" } } } } } }
                """),
        expected: ["2000000000000002": [("access-unknown", ["kms:Decrypt", "is unknown because", "acs:SourceIp"])]], exitCode: 4),
    Tamper(
        name: "two at once: prod-1 detached, prod-2 denied by a foreign statement",
        script: detachLua("2000000000000001") + "\n"
            + addKeyStatementLua(
                """
                { Sid = "freeze-prod-2", Effect = "Deny", Principal = { RAM = { "\(driftRoleARN("2000000000000002"))" } },
                  Action = { "kms:GenerateDataKey" }, Resource = { "*" } }
                """),
        expected: [
            "2000000000000001": [("policy-detached", ["AliyunECSDiskEncryptCustomizedPolicy"])],
            "2000000000000002": [("access-denied", ["kms:GenerateDataKey", "\"freeze-prod-2\""])],
        ]),
]

/// A folder holding `world.yaml` and `state.sqlite` after a real run of the shipped share playbook.
func sharedDriftState(_ prefix: String) async throws -> URL {
    let work = try temporaryFolder(prefix)
    try driftWorld.write(to: work.appendingPathComponent("world.yaml"), atomically: true, encoding: .utf8)
    let run = try await keyshare(["run", "--world", "world.yaml", "--state", "state.sqlite", planSharePlaybook], in: work)
    guard run.status == 0 else {
        throw EndToEndSetupError(description: "the share run failed (\(run.status)): \(run.output)\(run.errors)")
    }
    return work
}

/// Runs the Lua `script` (a plain script) in `work` with `options` (the same state, or the server).
func tamper(_ script: String, in work: URL, options: [String], environment: [String: String] = [:]) async throws {
    let file = work.appendingPathComponent("tamper-\(UUID().uuidString.prefix(8)).lua")
    try script.write(to: file, atomically: true, encoding: .utf8)
    let run = try await keyshare(["run"] + options + [file.path], in: work, environment: environment)
    guard run.status == 0 else {
        throw EndToEndSetupError(description: "the tamper script failed (\(run.status)): \(run.output)\(run.errors)\n\(script)")
    }
}

/// The `--json` report's targets that are not clean, by account: each finding's kind and message.
func driftFindings(_ json: String) throws -> [String: [(kind: String, message: String)]] {
    guard let root = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
        let targets = root["targets"] as? [[String: Any]]
    else {
        throw EndToEndSetupError(description: "drift JSON without targets: \(json)")
    }
    var result: [String: [(kind: String, message: String)]] = [:]
    for target in targets {
        guard let account = target["account"] as? String, let findings = target["findings"] as? [[String: Any]],
            !findings.isEmpty
        else { continue }
        result[account] = findings.map { ($0["kind"] as? String ?? "?", $0["message"] as? String ?? "") }
    }
    return result
}
