import Foundation

/// The audit tests' organisation, with known findings: the owner's `shared-disk-key` (default
/// policy; the tests share it with the prod folder by a real `keyshare run`, which verifies each
/// grant); `partner-key`, whose statement `partner-share` allows a role of `partner` (outside the
/// Resource Directory) and every identity of prod-3, and whose statement `legacy` allows prod-2's
/// `Legacy` role (deleted by `auditDeleteLegacyScript`); and `quota-key` in an instance whose
/// access-management quota it fills (3 of 3); `locked-key`, whose policy denies everyone (even its
/// owner's DescribeKey). prod-3's display name is a script, shown as text.
let auditWorld = """
    version: 1
    default_region: cn-hangzhou
    resource_directory:
      management_account: "1000000000000001"
      folders:
        - { id: fd-prod, name: prod }
    accounts:
      - id: "1000000000000001"
        name: security
        access_keys:
          - { id: KSAKAUDIT0000000001, secret: audit-test-secret-not-real-000000 }
        kms_instances:
          - { id: kst-hzz6aa1b2c3d4e5f6, region: cn-hangzhou, vpc_num: 10, key_num: 100 }
          - { id: kst-hzz6cc1b2c3d4e5f6, region: cn-hangzhou, vpc_num: 3, bound_vpcs: 2, key_num: 100 }
        keys:
          - id: key-hzz6aa1b2c3d4e5f6a7b8
            instance: kst-hzz6aa1b2c3d4e5f6
            region: cn-hangzhou
            alias: alias/shared-disk-key
            state: Enabled
          - id: key-hzz6bb1b2c3d4e5f6a7b8
            instance: kst-hzz6aa1b2c3d4e5f6
            region: cn-hangzhou
            alias: alias/partner-key
            policy:
              Version: "1"
              Statement:
                - { Sid: "kms default key policy", Effect: Allow, Principal: { RAM: [ "acs:ram::1000000000000001:*" ] }, Action: [ "kms:*" ], Resource: [ "*" ] }
                - { Sid: partner-share, Effect: Allow, Principal: { RAM: [ "acs:ram::3000000000000001:role/Partner", "acs:ram::2000000000000003:*" ] }, Action: [ "kms:DescribeKey", "kms:Decrypt" ], Resource: [ "*" ] }
                - { Sid: legacy, Effect: Allow, Principal: { RAM: [ "acs:ram::2000000000000002:role/Legacy" ] }, Action: [ "kms:Decrypt" ], Resource: [ "*" ] }
          - id: key-hzz6cc1b2c3d4e5f6a7b8
            instance: kst-hzz6cc1b2c3d4e5f6
            region: cn-hangzhou
            alias: alias/quota-key
            policy:
              Version: "1"
              Statement:
                - { Sid: "kms default key policy", Effect: Allow, Principal: { RAM: [ "acs:ram::1000000000000001:*" ] }, Action: [ "kms:*" ], Resource: [ "*" ] }
                - { Sid: prod-3-user, Effect: Allow, Principal: { RAM: [ "acs:ram::2000000000000003:role/KeyUser" ] }, Action: [ "kms:Decrypt" ], Resource: [ "*" ] }
          - id: key-hzz6dd1b2c3d4e5f6a7b8
            instance: kst-hzz6aa1b2c3d4e5f6
            region: cn-hangzhou
            alias: alias/locked-key
            policy:
              Version: "1"
              Statement:
                - { Sid: deny-all, Effect: Deny, Principal: { RAM: [ "acs:ram::1000000000000001:*" ] }, Action: [ "kms:*" ], Resource: [ "*" ] }
      - id: "2000000000000001"
        name: prod-1
        folder: fd-prod
      - id: "2000000000000002"
        name: prod-2
        folder: fd-prod
        roles:
          - name: Legacy
            trust: { Version: "1", Statement: [ { Effect: Allow, Action: "sts:AssumeRole", Principal: { RAM: [ "acs:ram::2000000000000002:root" ] } } ] }
      - id: "2000000000000003"
        name: "prod-3 <script>document.title='pwned'</script><img src=x onerror=alert(1)>"
        folder: fd-prod
        roles:
          - name: KeyUser
            trust: { Version: "1", Statement: [ { Effect: Allow, Action: "sts:AssumeRole", Principal: { RAM: [ "acs:ram::2000000000000003:root" ] } } ] }
      - id: "3000000000000001"
        name: partner
        roles:
          - name: Partner
            trust: { Version: "1", Statement: [ { Effect: Allow, Action: "sts:AssumeRole", Principal: { RAM: [ "acs:ram::3000000000000001:root" ] } } ] }
    """

/// Key IDs of the audit world.
enum AuditKeys {
    static let shared = "key-hzz6aa1b2c3d4e5f6a7b8"
    static let partner = "key-hzz6bb1b2c3d4e5f6a7b8"
    static let quota = "key-hzz6cc1b2c3d4e5f6a7b8"
    static let locked = "key-hzz6dd1b2c3d4e5f6a7b8"
}

/// The environment a `--backend http` client needs to sign as the audit world's management account.
let auditClientEnvironment = [
    "ALIBABA_CLOUD_ACCESS_KEY_ID": "KSAKAUDIT0000000001",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "audit-test-secret-not-real-000000",
    "ALIBABA_CLOUD_CLI_PROFILE_DISABLED": "true",
]

/// Shares `shared-disk-key` with the prod folder (roles, grant, verification disk per account).
let auditSharePlaybook = """
    return {
      owner = "1000000000000001",
      key = "alias/shared-disk-key",
      region = "cn-hangzhou",
      inventory = "resource-directory",
      params = { folder = "fd-prod" },
      steps = { "ecs-key-sharing.share" },
    }
    """

/// Revokes `shared-disk-key` from the prod folder (the roles stay).
let auditRevokePlaybook = auditSharePlaybook.replacingOccurrences(of: "ecs-key-sharing.share", with: "ecs-key-sharing.revoke")

/// Grants `principal` `shared-disk-key` by hand, outside any keyshare action.
func auditRegrantScript(_ principal: String) -> String {
    """
    local json = require("json")
    local key = "key-hzz6aa1b2c3d4e5f6a7b8"
    local policy = json.decode(kms.get_key_policy({ key_id = key }).policy)
    table.insert(policy.Statement, { Sid = "by-hand", Effect = "Allow", Action = { "kms:Decrypt" }, Resource = { "*" },
      Principal = { RAM = { "\(principal)" } } })
    kms.set_key_policy({ key_id = key, policy = policy })
    """
}

/// Deletes prod-2's `Legacy` role, which `partner-key`'s policy still names.
let auditDeleteLegacyScript = """
    ram.delete_role({ role_name = "Legacy" }, { account = "2000000000000002" })
    """

/// A folder with the audit world, its playbook and script.
struct AuditFolder {
    /// The folder.
    let url: URL
    /// `world.yaml`.
    var world: String { url.appendingPathComponent("world.yaml").path }
    /// `state.sqlite` (not made until a run makes it).
    var state: String { url.appendingPathComponent("state.sqlite").path }
    /// `share.lua`.
    var playbook: String { url.appendingPathComponent("share.lua").path }
    /// `delete-legacy.lua`.
    var script: String { url.appendingPathComponent("delete-legacy.lua").path }

    /// Writes the files into a fresh folder.
    init() throws {
        url = try temporaryFolder("keyshare-audit")
        try auditWorld.write(toFile: world, atomically: true, encoding: .utf8)
        try auditSharePlaybook.write(toFile: playbook, atomically: true, encoding: .utf8)
        try auditDeleteLegacyScript.write(toFile: script, atomically: true, encoding: .utf8)
    }

    /// The state after a real run sharing `shared-disk-key` and the script deleting `Legacy`.
    func runShareAndDelete() async throws {
        let environment = ["KEYSHARE_PLUGINS": packageRoot.appendingPathComponent("plugins").path]
        for (name, file) in [("share", playbook), ("delete", script)] {
            let result = try await keyshare(["run", file, "--world", world, "--state", state], environment: environment)
            guard result.status == 0 else {
                throw EndToEndSetupError(description: "keyshare run (\(name)) failed: \(result.output)\(result.errors)")
            }
        }
    }

    /// Runs `text` (a playbook or plain script, written to `name` in the folder) on the folder's state.
    func run(_ text: String, named name: String) async throws {
        let file = url.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        let result = try await keyshare(
            ["run", file.path, "--world", world, "--state", state],
            environment: ["KEYSHARE_PLUGINS": packageRoot.appendingPathComponent("plugins").path])
        guard result.status == 0 else {
            throw EndToEndSetupError(description: "keyshare run \(name) failed: \(result.output)\(result.errors)")
        }
    }

    /// Removes the folder.
    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// `keyshare audit --json` output, read as a tree.
struct AuditJSON {
    /// The whole document.
    let root: [String: Any]

    /// Parses standard output; nil when it is not a JSON object.
    init?(_ output: String) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any] else { return nil }
        root = object
    }

    /// The findings.
    var findings: [[String: Any]] { root["findings"] as? [[String: Any]] ?? [] }

    /// `severity kind` of each finding.
    var kinds: [String] { findings.map { "\($0["severity"] as? String ?? "?") \($0["kind"] as? String ?? "?")" } }

    /// The key with ID `id`.
    func key(_ id: String) -> [String: Any]? {
        (root["keys"] as? [[String: Any]])?.first { $0["id"] as? String == id }
    }

    /// The matrix cell state of `account` in key `id`'s row.
    func cell(_ id: String, _ account: String) -> String? {
        ((key(id)?["grants"] as? [[String: Any]])?.first { $0["account"] as? String == account })?["state"] as? String
    }
}
