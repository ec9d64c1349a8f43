import CloudAPI
import CloudModel
import CloudSimulator

/// One organisation to capture: a world file, what is done to it through the API before the
/// capture (what a world file cannot say: later policy versions, extra aliases, a deleted role, a
/// recent revocation), the regions read, and what the capture must report.
struct CaptureCase: Sendable, CustomStringConvertible {
    /// Names the case in test output.
    var name: String
    /// The world file.
    var yaml: String
    /// Regions to capture.
    var regions: [RegionID] = [.hangzhou]
    /// Calls made on the simulator before the capture, as the management account.
    var setup: @Sendable (SimulatedCloud) async throws -> Void = { _ in }
    /// Report lines the capture must contain (prefixes); none may start like `absentLines`.
    var expectedLines: [String] = []
    /// Report line prefixes the capture must not have.
    var absentLines: [String] = ["aliases:", "left out:", "system policies:", "key settings:", "placeholder"]

    var description: String { name }

    /// The management account of every case.
    static let owner = AccountID("1000000000000001")!

    /// Every case.
    static let all: [CaptureCase] = [noDirectory, nestedFolders, keyStates, policyVersions, foreignPrincipals, quota, resources]

    /// A trust policy letting `principal` (a RAM ARN) assume the role.
    static func trust(_ principal: String) -> String {
        #"{ Version: "1", Statement: [ { Effect: Allow, Action: "sts:AssumeRole", Principal: { RAM: [ ""#
            + principal + #"" ] } } ] }"#
    }

    /// No directory: the credentials' account alone, with instances in two regions.
    static let noDirectory = CaptureCase(
        name: "one account without a directory, two regions",
        yaml: """
            version: 1
            default_region: cn-hangzhou
            accounts:
              - id: "1000000000000001"
                name: solo
                access_keys:
                  - { id: KSAKSOLO000000000001, secret: capture-test-secret-solo-0000001 }
                policies:
                  - name: KeyReaders
                    description: reads keys
                    document: { Version: "1", Statement: [ { Effect: Allow, Action: [ "kms:DescribeKey" ], Resource: [ "*" ] } ] }
                roles:
                  - name: app-reader
                    trust: \(trust("acs:ram::1000000000000001:root"))
                    policies: [ "Custom:KeyReaders", "System:AliyunKMSFullAccess" ]
                    max_session_duration: 7200
                    description: the app
                kms_instances:
                  - { id: kst-hzz0000000000000001, region: cn-hangzhou, vpc_num: 5, key_num: 100, bound_vpcs: 1 }
                  - { id: kst-shh0000000000000001, region: cn-shanghai, vpc_num: 3, key_num: 100, bound_vpcs: 0 }
                keys:
                  - { id: key-hzz000000000000000001, instance: kst-hzz0000000000000001, region: cn-hangzhou, alias: alias/app }
                  - { id: key-shh000000000000000001, instance: kst-shh0000000000000001, region: cn-shanghai, alias: alias/app, state: Disabled }
            """, regions: [.hangzhou, RegionID("cn-shanghai")])

    /// Folders three deep, members tagged, the management account in the root folder.
    static let nestedFolders = CaptureCase(
        name: "a directory with nested folders and the management account at the root",
        yaml: """
            version: 1
            default_region: cn-hangzhou
            resource_directory:
              management_account: "1000000000000001"
              folders:
                - { id: fd-prod, name: prod }
                - { id: fd-prodeu, name: eu, parent: fd-prod }
                - { id: fd-prodeuweb, name: web, parent: fd-prodeu }
                - { id: fd-dev, name: dev }
            accounts:
              - id: "1000000000000001"
                name: security
                access_keys: [ { id: KSAKNEST000000000001, secret: capture-test-secret-nest-0000001 } ]
                kms_instances: [ { id: kst-hzz0000000000000002, region: cn-hangzhou, vpc_num: 10, bound_vpcs: 1 } ]
                keys:
                  - id: key-hzz000000000000000002
                    instance: kst-hzz0000000000000002
                    region: cn-hangzhou
                    alias: alias/shared-disk-key
                    policy: { Version: "1", Statement: [ { Sid: "kms default key policy", Effect: Allow, Principal: { RAM: [ "acs:ram::1000000000000001:*" ] }, Action: [ "kms:*" ], Resource: [ "*" ] }, { Sid: web, Effect: Allow, Principal: { RAM: [ "acs:ram::2000000000000003:role/web-app" ] }, Action: [ "kms:Decrypt" ], Resource: [ "*" ] } ] }
              - { id: "2000000000000001", name: prod-1, folder: fd-prod, tags: { env: prod, team: payments } }
              - { id: "2000000000000002", name: prod-eu-1, folder: fd-prodeu, tags: { env: prod } }
              - id: "2000000000000003"
                name: prod-eu-web
                folder: fd-prodeuweb
                access_keys: [ { id: KSAKNEST000000000003, secret: capture-test-secret-nest-0000003 } ]
                roles:
                  - name: web-app
                    trust: { Version: "1", Statement: [ { Effect: Allow, Action: "sts:AssumeRole", Principal: { Service: [ "ecs.aliyuncs.com" ] } } ] }
                    policies: [ "System:AliyunKMSFullAccess" ]
              - { id: "2000000000000004", name: dev-1, folder: fd-dev }
            """)

    /// Every key state, a default key, and a second alias made through the API.
    static let keyStates = CaptureCase(
        name: "keys in every state, a default key and aliases",
        yaml: """
            version: 1
            accounts:
              - id: "1000000000000001"
                name: keys
                access_keys: [ { id: KSAKKEYS000000000001, secret: capture-test-secret-keys-0000001 } ]
                kms_instances: [ { id: kst-hzz0000000000000003, region: cn-hangzhou, vpc_num: 2, key_num: 10, bound_vpcs: 0 } ]
                keys:
                  - { id: key-hzz000000000000000031, instance: kst-hzz0000000000000003, region: cn-hangzhou, alias: alias/on, description: in use }
                  - { id: key-hzz000000000000000032, instance: kst-hzz0000000000000003, region: cn-hangzhou, alias: alias/off, state: Disabled }
                  - { id: key-hzz000000000000000033, instance: kst-hzz0000000000000003, region: cn-hangzhou, state: PendingDeletion }
                  - { id: key-hzz000000000000000034, instance: kst-hzz0000000000000003, region: cn-hangzhou, state: PendingImport, spec: Aliyun_AES_128 }
                  - { id: 0b8d3c1e-0000-4000-8000-000000000035, region: cn-hangzhou, alias: alias/default-key }
            """,
        setup: { cloud in
            _ = try await cloud.createAlias(
                CreateAliasRequest(aliasName: "alias/on-too", keyID: "key-hzz000000000000000031"),
                context: .root(owner))
        })

    /// A custom policy whose default version is v3 after two CreatePolicyVersion calls.
    static let policyVersions = CaptureCase(
        name: "a custom policy with several versions",
        yaml: """
            version: 1
            accounts:
              - id: "1000000000000001"
                name: versions
                access_keys: [ { id: KSAKVERS000000000001, secret: capture-test-secret-vers-0000001 } ]
                policies:
                  - name: Evolving
                    document: { Version: "1", Statement: [ { Effect: Allow, Action: [ "kms:DescribeKey" ], Resource: [ "*" ] } ] }
                  - name: Stable
                    document: { Version: "1", Statement: [ { Effect: Deny, Action: [ "kms:ScheduleKeyDeletion" ], Resource: [ "*" ] } ] }
                roles:
                  - name: ops
                    trust: \(trust("acs:ram::1000000000000001:root"))
                    policies: [ "Custom:Evolving", "Custom:Stable", "System:ReadOnlyAccess" ]
            """,
        setup: { cloud in
            for document in [
                #"{"Version":"1","Statement":[{"Effect":"Allow","Action":["kms:Decrypt"],"Resource":["*"]}]}"#,
                #"{"Version":"1","Statement":[{"Effect":"Allow","Action":["kms:Encrypt"],"Resource":["*"]}]}"#,
            ] {
                _ = try await cloud.createPolicyVersion(
                    CreatePolicyVersionRequest(policyName: "Evolving", policyDocument: document, setAsDefault: true),
                    context: .root(owner))
            }
        }, expectedLines: ["policy versions: 1 custom policy"])

    /// A key policy naming a role outside the directory, a deleted role, a user and an unknown account.
    static let foreignPrincipals = CaptureCase(
        name: "a key policy naming principals outside the capture",
        yaml: """
            version: 1
            resource_directory:
              management_account: "1000000000000001"
              folders: [ { id: fd-apps, name: apps } ]
            accounts:
              - id: "1000000000000001"
                name: security
                access_keys: [ { id: KSAKFORE000000000001, secret: capture-test-secret-fore-0000001 } ]
                users: [ { name: alice } ]
                kms_instances: [ { id: kst-hzz0000000000000004, region: cn-hangzhou, vpc_num: 10, bound_vpcs: 1 } ]
                keys:
                  - id: key-hzz000000000000000004
                    instance: kst-hzz0000000000000004
                    region: cn-hangzhou
                    policy: { Version: "1", Statement: [ { Sid: owner, Effect: Allow, Principal: { RAM: [ "acs:ram::1000000000000001:*" ] }, Action: [ "kms:*" ], Resource: [ "*" ] }, { Sid: partner, Effect: Allow, Principal: { RAM: [ "acs:ram::3000000000000001:role/partner-role", "acs:ram::4000000000000001:root" ] }, Action: [ "kms:Decrypt" ], Resource: [ "*" ] }, { Sid: people, Effect: Allow, Principal: { RAM: [ "acs:ram::1000000000000001:user/alice", "acs:ram::2000000000000001:role/gone" ] }, Action: [ "kms:Encrypt" ], Resource: [ "*" ] } ] }
              - id: "2000000000000001"
                name: apps-1
                folder: fd-apps
                roles: [ { name: gone, trust: \(trust("acs:ram::1000000000000001:root")) } ]
              - id: "3000000000000001"
                name: partner
                access_keys: [ { id: KSAKFORE000000000003, secret: capture-test-secret-fore-0000003 } ]
                roles: [ { name: partner-role, trust: \(trust("acs:ram::3000000000000001:root")) } ]
            """,
        setup: { cloud in
            _ = try await cloud.deleteRole(DeleteRoleRequest(roleName: "gone"), context: .root(AccountID("2000000000000001")!))
        }, expectedLines: ["placeholder roles: 2", "placeholder users: 1", "placeholder accounts: 1"], absentLines: ["aliases:"])

    /// Bound VPCs, two sharees, and a revocation whose quota unit is still held.
    static let quota = CaptureCase(
        name: "quota used by bound VPCs, sharees and a recent revocation",
        yaml: """
            version: 1
            resource_directory:
              management_account: "1000000000000001"
              folders: [ { id: fd-apps, name: apps } ]
            accounts:
              - id: "1000000000000001"
                name: security
                access_keys: [ { id: KSAKQUOT000000000001, secret: capture-test-secret-quot-0000001 } ]
                kms_instances: [ { id: kst-hzz0000000000000005, region: cn-hangzhou, vpc_num: 10, bound_vpcs: 2 } ]
                keys:
                  - id: key-hzz000000000000000005
                    instance: kst-hzz0000000000000005
                    region: cn-hangzhou
                    policy: { Version: "1", Statement: [ { Sid: owner, Effect: Allow, Principal: { RAM: [ "acs:ram::1000000000000001:*" ] }, Action: [ "kms:*" ], Resource: [ "*" ] }, { Sid: apps, Effect: Allow, Principal: { RAM: [ "acs:ram::2000000000000001:root", "acs:ram::2000000000000002:root" ] }, Action: [ "kms:Decrypt" ], Resource: [ "*" ] } ] }
              - { id: "2000000000000001", name: apps-1, folder: fd-apps }
              - { id: "2000000000000002", name: apps-2, folder: fd-apps }
            """,
        setup: { cloud in
            let revoked =
                #"{"Version":"1","Statement":[{"Sid":"owner","Effect":"Allow","Principal":{"RAM":["acs:ram::1000000000000001:*"]},"Action":["kms:*"],"Resource":["*"]},{"Sid":"apps","Effect":"Allow","Principal":{"RAM":["acs:ram::2000000000000001:root"]},"Action":["kms:Decrypt"],"Resource":["*"]}]}"#
            _ = try await cloud.setKeyPolicy(
                SetKeyPolicyRequest(keyID: "key-hzz000000000000000005", policy: revoked), context: .root(owner))
        }, expectedLines: ["bound VPCs: 1 instance"])

    /// Disks in two accounts, which a world cannot hold: counted in the header, absent from the twin.
    static let resources = CaptureCase(
        name: "ECS disks the twin starts without",
        yaml: """
            version: 1
            resource_directory:
              management_account: "1000000000000001"
              folders: [ { id: fd-apps, name: apps } ]
            accounts:
              - { id: "1000000000000001", name: security, access_keys: [ { id: KSAKDISK000000000001, secret: capture-test-secret-disk-0000001 } ] }
              - { id: "2000000000000001", name: apps-1, folder: fd-apps }
            """,
        setup: { cloud in
            for account in [owner, AccountID("2000000000000001")!, AccountID("2000000000000001")!] {
                _ = try await cloud.createDisk(
                    CreateDiskRequest(
                        regionID: "cn-hangzhou", zoneID: "cn-hangzhou-h",
                        diskCategory: "cloud_essd", size: 20), context: .root(account))
            }
        }, expectedLines: ["ECS and shares: 3 disks, 0 snapshots, 0 own images and 0 resource shares not captured"])
}
