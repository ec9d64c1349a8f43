import CloudAPI
import CloudModel
import CloudSimulator

/// The organisation conformance checks start from: a management account owning a KMS 3.0
/// instance with one key, and member accounts to share it with. Everything else (roles,
/// policies, key-policy grants) the checks create through the API as the account roots.
package struct ConformanceWorld: Hashable, Sendable {
    /// How many member (sharee) accounts exist.
    package var sharees: Int
    /// The instance's access-management quota (`VpcNum`).
    package var vpcNum: Int
    /// VPCs already bound to the instance (they use quota too).
    package var boundVPCs: Int

    /// Creates the description; the defaults leave ample quota.
    package init(sharees: Int = 3, vpcNum: Int = 10, boundVPCs: Int = 0) {
        precondition(sharees >= 1 && sharees <= 9_999, "ConformanceWorld needs 1...9999 sharee accounts")
        self.sharees = sharees
        self.vpcNum = vpcNum
        self.boundVPCs = boundVPCs
    }

    /// The world file text for these settings.
    package static func yaml(sharees: Int = 3, vpcNum: Int = 10, boundVPCs: Int = 0) -> String {
        ConformanceWorld(sharees: sharees, vpcNum: vpcNum, boundVPCs: boundVPCs).yaml()
    }

    /// The world file text.
    package func yaml() -> String { world.yaml() }

    /// The owner (management) account UID.
    package static let ownerID = "1000000000000001"
    /// The KMS instance id.
    package static let instanceID = "kst-hzz6aa1b2c3d4e5f6"
    /// The shared key id.
    package static let keyID = "key-hzz6aa1b2c3d4e5f6a7b8"
    /// The shared key's alias.
    package static let keyAlias = "alias/shared-disk-key"
    /// The resource directory id.
    package static let resourceDirectoryID = "rd-k3s1"

    /// The UID of sharee number `index` (1-based): `2000000000000001`, `2000000000000002`, …
    package static func shareeID(_ index: Int) -> String {
        let digits = String(index)
        return "2" + String(repeating: "0", count: 15 - digits.count) + digits
    }

    /// The root access key of an account (ids start with `KS`, never like a real key).
    package static func accessKey(for account: String) -> World.AccessKey {
        World.AccessKey(id: "KSAK\(account)", secret: "ks-fixture-secret-\(account)")
    }

    /// The world, for tests that adjust it before loading.
    package var world: World {
        let owner = World.Account(
            id: Self.account(Self.ownerID), name: "security", tags: ["env": "prod", "team": "sec"],
            accessKeys: [Self.accessKey(for: Self.ownerID)],
            kmsInstances: [.init(id: Self.instanceID, region: "cn-hangzhou", vpcNum: vpcNum, boundVPCs: boundVPCs)],
            keys: [.init(id: Self.keyID, instance: Self.instanceID, alias: Self.keyAlias)]
        )
        let members = (1...sharees).map { index -> World.Account in
            let id = Self.shareeID(index)
            let prod = index % 2 == 1
            return World.Account(
                id: Self.account(id), name: "member-\(index)", folder: prod ? "fd-prod" : "fd-dev",
                tags: ["env": prod ? "prod" : "dev", "team": "team-\(index)"],
                accessKeys: [Self.accessKey(for: id)]
            )
        }
        return World(
            defaultRegion: "cn-hangzhou",
            resourceDirectory: .init(
                id: Self.resourceDirectoryID, managementAccount: Self.account(Self.ownerID),
                folders: [
                    .init(id: "fd-security", name: "security"), .init(id: "fd-prod", name: "prod"),
                    .init(id: "fd-dev", name: "dev"),
                ]),
            accounts: [owner] + members
        )
    }

    /// `id` as an account UID; the fixture's UIDs are 16 digits by construction (``shareeID(_:)``).
    private static func account(_ id: String) -> AccountID {
        guard let account = AccountID(id) else { preconditionFailure("fixture account UID \(id) is not 16 digits") }
        return account
    }

    /// The ids the checks use.
    package var fixture: ConformanceFixture {
        let all = [Self.ownerID] + (1...sharees).map(Self.shareeID)
        var keys: [AccountID: World.AccessKey] = [:]
        for id in all { keys[AccountID(id)!] = Self.accessKey(for: id) }
        return ConformanceFixture(
            owner: AccountID(Self.ownerID)!, sharees: (1...sharees).map { AccountID(Self.shareeID($0))! },
            region: .hangzhou, resourceDirectoryID: Self.resourceDirectoryID, instanceID: Self.instanceID,
            keyID: Self.keyID, keyAlias: Self.keyAlias, accessKeys: keys
        )
    }
}
