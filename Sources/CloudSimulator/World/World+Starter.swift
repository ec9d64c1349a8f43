import CloudModel

extension World {
    /// Members of the starter world that `run` and `serve` use without `--world` and that
    /// `keyshare sim init` writes by default: one number, so the three start from the same world.
    package static let starterMembers = 40

    /// The world `keyshare sim init` writes: a management account "1000000000000001" (`security`)
    /// owning a KMS 3.0 instance (VpcNum = accounts + 10) with `alias/shared-disk-key`, a Resource
    /// Directory with folders security/prod/dev and `accounts` members spread over prod and dev.
    /// One key policy holds about 490 sharee roles (32,768 bytes), so the instance gets a pool of
    /// `keys` keys — `alias/shared-disk-key`, `alias/shared-disk-key-2`, … — one per 400 members unless given.
    package static func starter(accounts count: Int, keys: Int? = nil, seed: UInt64 = 1) -> World {
        var ids = IDGenerator(seed: seed, deterministic: true)
        let management = AccountID("1000000000000001")!
        let instanceID = "kst-hzz" + ids.lowerAlphanumeric(14)
        let keyID = "key-hzz" + ids.lowerAlphanumeric(18)
        var accounts = [
            Account(
                id: management, name: "security", folder: "fd-security", tags: ["env": "prod", "team": "security"],
                accessKeys: [AccessKey(id: "KSAK" + management.rawValue, secret: ids.alphanumeric(30))],
                kmsInstances: [
                    KMSInstance(
                        id: instanceID, region: "cn-hangzhou", vpcNum: count + 10, keyNum: 1000,
                        boundVPCs: 1)
                ],
                keys: [Key(id: keyID, instance: instanceID, region: "cn-hangzhou", alias: "alias/shared-disk-key")]
            )
        ]
        let teams = ["payments", "search", "data", "web", "mobile"]
        for index in 0..<max(0, count) {
            let digits = String(index + 1)
            let uid = AccountID("2" + String(repeating: "0", count: 15 - digits.count) + digits)!
            let environment = index % 2 == 0 ? "prod" : "dev"
            accounts.append(
                Account(
                    id: uid, name: "\(environment)-\(teams[index % teams.count])-\(index + 1)", folder: "fd-\(environment)",
                    tags: ["env": environment, "team": teams[index % teams.count]],
                    accessKeys: [AccessKey(id: "KSAK" + uid.rawValue, secret: ids.alphanumeric(30))]
                ))
        }
        // Made after the accounts so a world's ids and secrets do not depend on its number of keys.
        let pool = max(1, keys ?? (count + 399) / 400)
        for number in stride(from: 2, through: pool, by: 1) {
            accounts[0].keys.append(
                Key(
                    id: "key-hzz" + ids.lowerAlphanumeric(18), instance: instanceID,
                    region: "cn-hangzhou", alias: "alias/shared-disk-key-\(number)"))
        }
        return World(
            version: 1, defaultRegion: "cn-hangzhou",
            resourceDirectory: Directory(
                id: "rd-" + ids.alphanumeric(6), managementAccount: management,
                folders: [
                    Folder(id: "fd-security", name: "security"), Folder(id: "fd-prod", name: "prod"),
                    Folder(id: "fd-dev", name: "dev"),
                ]
            ),
            accounts: accounts
        )
    }
}
