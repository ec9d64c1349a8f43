import Foundation

/// The explain tests' world: the owner's key shared (statement `share-prod`) with prod-1's disk
/// role and KeyUser role (which has no policy), prod-2's KeyUser (RAM allows kms:*) and CondUser
/// (RAM allows only from 10.0.0.0/8), and every identity of prod-4; statement
/// `no-decrypt-from-prod-2` denies prod-2 Decrypt; `prod-4-reader-everything` grants prod-4's Reader
/// `kms:*`, of which another account gets only the key-user actions. prod-3 has a KeyUser role the key policy does
/// not name, and no disk role. A second key is Disabled. The management account signs over HTTP
/// with `explainAccessKey`.
let explainWorld = """
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
          - { id: KSAKEXPLAIN00000001, secret: explain-test-secret-not-real-0000 }
        users:
          - { name: admin, policies: [ "System:AdministratorAccess" ] }
        kms_instances:
          - { id: kst-hzz6aa1b2c3d4e5f6, region: cn-hangzhou, vpc_num: 10, key_num: 1000 }
        keys:
          - id: key-hzz6aa1b2c3d4e5f6a7b8
            instance: kst-hzz6aa1b2c3d4e5f6
            region: cn-hangzhou
            alias: alias/shared-disk-key
            state: Enabled
            policy:
              Version: "1"
              Statement:
                - { Sid: "kms default key policy", Effect: Allow, Principal: { RAM: [ "acs:ram::1000000000000001:*" ] }, Action: [ "kms:*" ], Resource: [ "*" ] }
                - { Sid: share-prod, Effect: Allow, Principal: { RAM: [ "acs:ram::2000000000000001:role/AliyunECSDiskEncryptDefaultRole", "acs:ram::2000000000000001:role/KeyUser", "acs:ram::2000000000000002:role/KeyUser", "acs:ram::2000000000000002:role/CondUser", "acs:ram::2000000000000004:*" ] }, Action: [ "kms:List*", "kms:DescribeKey", "kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey" ], Resource: [ "*" ] }
                - { Sid: prod-4-reader-everything, Effect: Allow, Principal: { RAM: [ "acs:ram::2000000000000004:role/Reader" ] }, Action: [ "kms:*" ], Resource: [ "*" ] }
                - { Sid: no-decrypt-from-prod-2, Effect: Deny, Principal: { RAM: [ "acs:ram::2000000000000002:*" ] }, Action: [ "kms:Decrypt" ], Resource: [ "*" ] }
          - id: key-hzz6bb1b2c3d4e5f6a7b8
            instance: kst-hzz6aa1b2c3d4e5f6
            region: cn-hangzhou
            state: Disabled
      - id: "2000000000000001"
        name: prod-1
        folder: fd-prod
        policies:
          - name: DiskEncrypt
            document:
              Version: "1"
              Statement:
                - { Effect: Allow, Action: [ "kms:List*", "kms:DescribeKey", "kms:TagResource", "kms:UntagResource" ], Resource: [ "acs:kms:*:*:*", "acs:kms:*:*:*/*" ] }
                - { Effect: Allow, Action: [ "kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey" ], Resource: [ "acs:kms:*:*:*/*" ] }
        roles:
          - name: AliyunECSDiskEncryptDefaultRole
            trust: { Version: "1", Statement: [ { Effect: Allow, Action: "sts:AssumeRole", Principal: { Service: [ "ecs.aliyuncs.com" ] } } ] }
            policies: [ "Custom:DiskEncrypt" ]
          - name: KeyUser
            trust: { Version: "1", Statement: [ { Effect: Allow, Action: "sts:AssumeRole", Principal: { RAM: [ "acs:ram::2000000000000001:root" ] } } ] }
      - id: "2000000000000002"
        name: prod-2
        folder: fd-prod
        policies:
          - name: UseKeys
            document: { Version: "1", Statement: [ { Sid: use-kms, Effect: Allow, Action: [ "kms:*" ], Resource: [ "*" ] } ] }
          - name: UseKeysFromOffice
            document: { Version: "1", Statement: [ { Sid: office-only, Effect: Allow, Action: [ "kms:*" ], Resource: [ "*" ], Condition: { IpAddress: { "acs:SourceIp": [ "10.0.0.0/8" ] } } } ] }
        roles:
          - name: KeyUser
            trust: { Version: "1", Statement: [ { Effect: Allow, Action: "sts:AssumeRole", Principal: { RAM: [ "acs:ram::2000000000000002:root" ] } } ] }
            policies: [ "Custom:UseKeys" ]
          - name: CondUser
            trust: { Version: "1", Statement: [ { Effect: Allow, Action: "sts:AssumeRole", Principal: { RAM: [ "acs:ram::2000000000000002:root" ] } } ] }
            policies: [ "Custom:UseKeysFromOffice" ]
      - id: "2000000000000003"
        name: prod-3
        folder: fd-prod
        roles:
          - name: KeyUser
            trust: { Version: "1", Statement: [ { Effect: Allow, Action: "sts:AssumeRole", Principal: { RAM: [ "acs:ram::2000000000000003:root" ] } } ] }
            policies: [ "System:AliyunKMSFullAccess" ]
      - id: "2000000000000004"
        name: prod-4
        folder: fd-prod
        roles:
          - name: Reader
            trust: { Version: "1", Statement: [ { Effect: Allow, Action: "sts:AssumeRole", Principal: { RAM: [ "acs:ram::2000000000000004:root" ] } } ] }
            policies: [ "System:AliyunKMSFullAccess" ]
    """

/// The environment a `--backend http` client needs to sign as the explain world's management account.
let explainClientEnvironment = [
    "ALIBABA_CLOUD_ACCESS_KEY_ID": "KSAKEXPLAIN00000001",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "explain-test-secret-not-real-0000",
    "ALIBABA_CLOUD_CLI_PROFILE_DISABLED": "true",
]

/// The shared key's ARN.
let explainKeyARN = "acs:kms:cn-hangzhou:1000000000000001:key/key-hzz6aa1b2c3d4e5f6a7b8"

/// Writes the world into a fresh folder; returns the folder and the world file's path.
func explainWorldFile(_ text: String = explainWorld) throws -> (URL, String) {
    let work = try temporaryFolder("keyshare-explain")
    let world = work.appendingPathComponent("world.yaml")
    try text.write(to: world, atomically: true, encoding: .utf8)
    return (work, world.path)
}

/// `keyshare explain --json` output, read as a tree.
struct ExplainJSON {
    /// The whole document.
    let root: [String: Any]

    /// Parses standard output; nil when it is not a JSON object.
    init?(_ output: String) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any] else { return nil }
        root = object
    }

    /// The overall decision.
    var decision: String? { root["decision"] as? String }

    /// The entry for `action`.
    func action(_ name: String) -> [String: Any]? {
        (root["actions"] as? [[String: Any]])?.first { $0["action"] as? String == name }
    }

    /// `half` (`keyPolicy` or `ramPolicy`) of `action`.
    func half(_ half: String, of action: String) -> [String: Any]? {
        self.action(action)?[half] as? [String: Any]
    }

    /// The Sids (or `#index`) a half cites.
    func cited(_ half: String, of action: String) -> [String] {
        ((self.half(half, of: action)?["statements"] as? [[String: Any]]) ?? []).map { statement in
            (statement["sid"] as? String) ?? "#\(statement["index"] as? Int ?? -1)"
        }
    }

    /// The hops (`--via ecs`).
    var hops: [[String: Any]] { root["hops"] as? [[String: Any]] ?? [] }
}
