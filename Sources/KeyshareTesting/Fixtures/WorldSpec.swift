/// A world file written from Swift: the organisation a test starts from, rendered to the YAML the
/// simulator loads (`World.load(yaml:)`). Kept as plain values so fixtures can be tweaked per case
/// and do not depend on the simulator's own types.
package struct WorldSpec: Hashable, Sendable {
    /// `default_region`.
    package var defaultRegion: String
    /// `resource_directory`, absent for an organisation without one.
    package var resourceDirectory: ResourceDirectory?
    /// `accounts`.
    package var accounts: [Account]

    /// Creates a world.
    package init(defaultRegion: String = "cn-hangzhou", resourceDirectory: ResourceDirectory? = nil,
                 accounts: [Account] = []) {
        self.defaultRegion = defaultRegion
        self.resourceDirectory = resourceDirectory
        self.accounts = accounts
    }

    /// Edits the account with `id` in place; does nothing when there is none.
    package mutating func editAccount(_ id: String, _ edit: (inout Account) -> Void) {
        guard let index = accounts.firstIndex(where: { $0.id == id }) else { return }
        edit(&accounts[index])
    }

    /// `resource_directory`: the management account and its folder tree.
    package struct ResourceDirectory: Hashable, Sendable {
        /// `id`.
        package var id: String
        /// `management_account`.
        package var managementAccount: String
        /// `folders`.
        package var folders: [Folder]

        /// Creates a directory.
        package init(id: String, managementAccount: String, folders: [Folder]) {
            self.id = id
            self.managementAccount = managementAccount
            self.folders = folders
        }
    }

    /// A folder of the resource directory; `parent` nil = under the root folder.
    package struct Folder: Hashable, Sendable {
        /// The world file's `id`.
        package var id: String
        /// The world file's `name`.
        package var name: String
        /// The world file's `parent`.
        package var parent: String?

        /// Creates a folder.
        package init(id: String, name: String, parent: String? = nil) {
            self.id = id
            self.name = name
            self.parent = parent
        }
    }

    /// One account with everything that exists in it at load time.
    package struct Account: Hashable, Sendable {
        /// The world file's `id`.
        package var id: String
        /// The world file's `name`.
        package var name: String
        /// The world file's `folder`.
        package var folder: String?
        /// The world file's `tags`.
        package var tags: [String: String]
        /// The world file's `access_keys`.
        package var accessKeys: [AccessKey]
        /// The world file's `users`.
        package var users: [User]
        /// The world file's `policies`.
        package var policies: [Policy]
        /// The world file's `roles`.
        package var roles: [Role]
        /// The world file's `kms_instances`.
        package var kmsInstances: [KMSInstance]
        /// The world file's `keys`.
        package var keys: [Key]

        /// Creates an account; everything but the id and name starts empty.
        package init(id: String, name: String, folder: String? = nil, tags: [String: String] = [:],
                     accessKeys: [AccessKey] = [], users: [User] = [], policies: [Policy] = [],
                     roles: [Role] = [], kmsInstances: [KMSInstance] = [], keys: [Key] = []) {
            self.id = id
            self.name = name
            self.folder = folder
            self.tags = tags
            self.accessKeys = accessKeys
            self.users = users
            self.policies = policies
            self.roles = roles
            self.kmsInstances = kmsInstances
            self.keys = keys
        }
    }

    /// An access key for `keyshare serve`; `user` nil = the account root.
    package struct AccessKey: Hashable, Sendable {
        /// The world file's `id`.
        package var id: String
        /// The world file's `secret`.
        package var secret: String
        /// The world file's `user`.
        package var user: String?

        /// Creates an access key.
        package init(id: String, secret: String, user: String? = nil) {
            self.id = id
            self.secret = secret
            self.user = user
        }
    }

    /// A RAM user with attached policies written `System:<name>` or `Custom:<name>`.
    package struct User: Hashable, Sendable {
        /// The world file's `name`.
        package var name: String
        /// The world file's `policies`.
        package var policies: [String]

        /// Creates a user.
        package init(name: String, policies: [String] = []) {
            self.name = name
            self.policies = policies
        }
    }

    /// A custom RAM policy.
    package struct Policy: Hashable, Sendable {
        /// The world file's `name`.
        package var name: String
        /// The world file's `document`.
        package var document: PolicyFixture

        /// Creates a policy.
        package init(name: String, document: PolicyFixture) {
            self.name = name
            self.document = document
        }
    }

    /// A RAM role: trust policy and attached policies (`System:`/`Custom:` names).
    package struct Role: Hashable, Sendable {
        /// The world file's `name`.
        package var name: String
        /// The world file's `trust`.
        package var trust: PolicyFixture
        /// The world file's `policies`.
        package var policies: [String]

        /// Creates a role.
        package init(name: String, trust: PolicyFixture, policies: [String] = []) {
            self.name = name
            self.trust = trust
            self.policies = policies
        }
    }

    /// A KMS 3.0 instance; `vpcNum` is its access-management quota.
    package struct KMSInstance: Hashable, Sendable {
        /// The world file's `id`.
        package var id: String
        /// The world file's `region`.
        package var region: String
        /// The world file's `vpc_num`.
        package var vpcNum: Int
        /// The world file's `key_num`.
        package var keyNum: Int
        /// The world file's `bound_vpcs`.
        package var boundVPCs: Int

        /// Creates an instance.
        package init(id: String, region: String = "cn-hangzhou", vpcNum: Int, keyNum: Int = 1000, boundVPCs: Int = 0) {
            self.id = id
            self.region = region
            self.vpcNum = vpcNum
            self.keyNum = keyNum
            self.boundVPCs = boundVPCs
        }
    }

    /// A KMS key; `instance` nil = a default key (no key policy support); `policy` nil = the default policy.
    package struct Key: Hashable, Sendable {
        /// The world file's `id`.
        package var id: String
        /// The world file's `instance`.
        package var instance: String?
        /// The world file's `region`.
        package var region: String
        /// The world file's `alias`.
        package var alias: String?
        /// The world file's `state`.
        package var state: String
        /// The world file's `spec`.
        package var spec: String
        /// The world file's `policy`.
        package var policy: PolicyFixture?

        /// Creates a key.
        package init(id: String, instance: String?, region: String = "cn-hangzhou", alias: String? = nil,
                     state: String = "Enabled", spec: String = "Aliyun_AES_256", policy: PolicyFixture? = nil) {
            self.id = id
            self.instance = instance
            self.region = region
            self.alias = alias
            self.state = state
            self.spec = spec
            self.policy = policy
        }
    }
}
