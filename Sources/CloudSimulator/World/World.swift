import CloudModel

/// An organisation to simulate: accounts, their RAM users/roles/policies, KMS instances and keys,
/// and an optional Resource Directory. Loaded from YAML (see `World+YAML.swift`).
package struct World: Codable, Sendable, Equatable {
    /// The file format version; only 1 exists.
    package var version: Int
    /// The region used when a call names none.
    package var defaultRegion: String?
    /// The Resource Directory; without it `ListAccounts` answers 404.
    package var resourceDirectory: Directory?
    /// Every simulated account.
    package var accounts: [Account]
    /// The zones of each region (`cn-hangzhou: [cn-hangzhou-h, …]`), as ECS DescribeZones lists them;
    /// a region absent here has the zones `<region>-h`, `-i`, `-j` and `-k`.
    package var zones: [String: [String]]?
    /// The `faults:` section: faults every simulator opened from this world injects (`--faults`
    /// replaces it). Not part of the world's fingerprint, so editing it never orphans a state file.
    package var faults: FaultPlan?

    enum CodingKeys: String, CodingKey {
        case version
        case defaultRegion = "default_region"
        case resourceDirectory = "resource_directory"
        case accounts, zones
    }

    /// Builds a world.
    package init(
        version: Int = 1, defaultRegion: String? = nil, resourceDirectory: Directory? = nil,
        accounts: [Account]
    ) {
        self.version = version
        self.defaultRegion = defaultRegion
        self.resourceDirectory = resourceDirectory
        self.accounts = accounts
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(version, forKey: .version)
        try c.encodeIfPresent(defaultRegion, forKey: .defaultRegion)
        try c.encodeIfPresent(resourceDirectory, forKey: .resourceDirectory)
        try c.encode(accounts, forKey: .accounts)
        if let zones {
            // Sorted: a dictionary's order changes from one process to the next, and the text is
            // both a state file's fingerprint and what `sim capture` must write the same each time.
            var regions = c.nestedContainer(keyedBy: TagKey.self, forKey: .zones)
            for (region, list) in zones.sorted(by: { $0.key < $1.key }) {
                try regions.encode(list, forKey: TagKey(stringValue: region))
            }
        }
    }

    /// The Resource Directory: a management account and a folder tree.
    package struct Directory: Codable, Sendable, Equatable {
        /// `rd-…`, generated when absent.
        package var id: String?
        /// The account that owns the directory.
        package var managementAccount: AccountID
        /// Folders; `parent` absent means under the root folder.
        package var folders: [Folder]
        /// The root folder's id (`r-…`), generated when absent. An account whose `folder` names it
        /// is a member in the root folder, as real directories often have (a capture writes it).
        package var rootFolder: String?

        enum CodingKeys: String, CodingKey {
            case id
            case managementAccount = "management_account"
            case folders
            case rootFolder = "root_folder"
        }

        /// Builds a directory.
        package init(id: String? = nil, managementAccount: AccountID, folders: [Folder] = [], rootFolder: String? = nil) {
            self.id = id
            self.managementAccount = managementAccount
            self.folders = folders
            self.rootFolder = rootFolder
        }

        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decodeIfPresent(String.self, forKey: .id)
            managementAccount = try container.decode(AccountID.self, forKey: .managementAccount)
            folders = try container.decodeIfPresent([Folder].self, forKey: .folders) ?? []
            rootFolder = try container.decodeIfPresent(String.self, forKey: .rootFolder)
        }
    }

    /// A Resource Directory folder.
    package struct Folder: Codable, Sendable, Equatable {
        /// `fd-…`.
        package var id: String
        /// Display name.
        package var name: String
        /// The parent folder id; nil for the root folder.
        package var parent: String?

        /// Builds a folder.
        package init(id: String, name: String, parent: String? = nil) {
            self.id = id
            self.name = name
            self.parent = parent
        }
    }

    /// One Alibaba Cloud account.
    package struct Account: Codable, Sendable, Equatable {
        /// The 16-digit UID.
        package var id: AccountID
        /// Display name.
        package var name: String
        /// The RD folder of a member account.
        package var folder: String?
        /// Account tags (ListAccounts filters on them).
        package var tags: [String: String]
        /// Access keys accepted by `keyshare serve`.
        package var accessKeys: [AccessKey]
        /// RAM users.
        package var users: [User]
        /// Custom RAM policies.
        package var policies: [Policy]
        /// RAM roles.
        package var roles: [Role]
        /// KMS 3.0 instances.
        package var kmsInstances: [KMSInstance]
        /// KMS keys.
        package var keys: [Key]

        enum CodingKeys: String, CodingKey {
            case id, name, folder, tags
            case accessKeys = "access_keys"
            case users, policies, roles
            case kmsInstances = "kms_instances"
            case keys
        }

        /// Builds an account.
        package init(
            id: AccountID, name: String, folder: String? = nil, tags: [String: String] = [:],
            accessKeys: [AccessKey] = [], users: [User] = [], policies: [Policy] = [], roles: [Role] = [],
            kmsInstances: [KMSInstance] = [], keys: [Key] = []
        ) {
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

        package init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(AccountID.self, forKey: .id)
            name = try c.decodeIfPresent(String.self, forKey: .name) ?? id.rawValue
            folder = try c.decodeIfPresent(String.self, forKey: .folder)
            tags = try c.decodeIfPresent([String: String].self, forKey: .tags) ?? [:]
            accessKeys = try c.decodeIfPresent([AccessKey].self, forKey: .accessKeys) ?? []
            users = try c.decodeIfPresent([User].self, forKey: .users) ?? []
            policies = try c.decodeIfPresent([Policy].self, forKey: .policies) ?? []
            roles = try c.decodeIfPresent([Role].self, forKey: .roles) ?? []
            kmsInstances = try c.decodeIfPresent([KMSInstance].self, forKey: .kmsInstances) ?? []
            keys = try c.decodeIfPresent([Key].self, forKey: .keys) ?? []
        }

        package func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(name, forKey: .name)
            try c.encodeIfPresent(folder, forKey: .folder)
            if !tags.isEmpty {
                // Sorted, so `keyshare sim init` writes the same file every time.
                var tagContainer = c.nestedContainer(keyedBy: TagKey.self, forKey: .tags)
                for (key, value) in tags.sorted(by: { $0.key < $1.key }) {
                    try tagContainer.encode(value, forKey: TagKey(stringValue: key))
                }
            }
            if !accessKeys.isEmpty { try c.encode(accessKeys, forKey: .accessKeys) }
            if !users.isEmpty { try c.encode(users, forKey: .users) }
            if !policies.isEmpty { try c.encode(policies, forKey: .policies) }
            if !roles.isEmpty { try c.encode(roles, forKey: .roles) }
            if !kmsInstances.isEmpty { try c.encode(kmsInstances, forKey: .kmsInstances) }
            if !keys.isEmpty { try c.encode(keys, forKey: .keys) }
        }
    }

    /// A tag name as a coding key.
    struct TagKey: CodingKey {
        /// The tag name.
        var stringValue: String
        /// Tags have no integer keys.
        var intValue: Int? { nil }
        /// Wraps a tag name.
        init(stringValue: String) { self.stringValue = stringValue }
        /// Tags have no integer keys.
        init?(intValue: Int) { nil }
    }

    /// An access key pair; `user` nil means the account root.
    package struct AccessKey: Codable, Sendable, Equatable, CustomStringConvertible {
        /// The AccessKeyId (never starting with `LTAI` in fixtures; use `KS`).
        package var id: String
        /// The AccessKeySecret.
        package var secret: String
        /// The RAM user it belongs to, or nil for the root.
        package var user: String?

        /// Builds a key pair.
        package init(id: String, secret: String, user: String? = nil) {
            self.id = id
            self.secret = secret
            self.user = user
        }

        package func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(secret, forKey: .secret)
            try c.encode(user, forKey: .user)
        }

        /// Redacted so secrets never reach logs.
        package var description: String { "AccessKey(\(id), secret: <redacted>, user: \(user ?? "root"))" }
    }

    /// A RAM user and the policies attached to it (`System:Name` or `Custom:Name`).
    package struct User: Codable, Sendable, Equatable {
        /// The user name.
        package var name: String
        /// Attached policies as `Type:Name`.
        package var policies: [String]

        /// Builds a user.
        package init(name: String, policies: [String] = []) {
            self.name = name
            self.policies = policies
        }

        package init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            policies = try c.decodeIfPresent([String].self, forKey: .policies) ?? []
        }
    }

    /// A custom RAM policy.
    package struct Policy: Codable, Sendable, Equatable {
        /// The policy name.
        package var name: String
        /// The document, as JSON text.
        package var document: PolicyText
        /// Optional description.
        package var description: String?
        /// The id of the version `document` is (`v1` when absent): a capture keeps the real one, so
        /// the next `CreatePolicyVersion` gets the id it gets in the cloud. Earlier versions are not held.
        package var defaultVersion: String?

        enum CodingKeys: String, CodingKey {
            case name, document, description
            case defaultVersion = "default_version"
        }

        /// Builds a policy.
        package init(name: String, document: PolicyText, description: String? = nil, defaultVersion: String? = nil) {
            self.name = name
            self.document = document
            self.description = description
            self.defaultVersion = defaultVersion
        }
    }

    /// A RAM role with its trust policy and attached policies.
    package struct Role: Codable, Sendable, Equatable {
        /// The role name.
        package var name: String
        /// The trust policy.
        package var trust: PolicyText
        /// Attached policies as `Type:Name`.
        package var policies: [String]
        /// Optional description.
        package var description: String?
        /// Maximum STS session length in seconds (3600 by default).
        package var maxSessionDuration: Int?

        enum CodingKeys: String, CodingKey {
            case name, trust, policies, description
            case maxSessionDuration = "max_session_duration"
        }

        /// Builds a role.
        package init(
            name: String, trust: PolicyText, policies: [String] = [], description: String? = nil,
            maxSessionDuration: Int? = nil
        ) {
            self.name = name
            self.trust = trust
            self.policies = policies
            self.description = description
            self.maxSessionDuration = maxSessionDuration
        }

        package init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            trust = try c.decode(PolicyText.self, forKey: .trust)
            policies = try c.decodeIfPresent([String].self, forKey: .policies) ?? []
            description = try c.decodeIfPresent(String.self, forKey: .description)
            maxSessionDuration = try c.decodeIfPresent(Int.self, forKey: .maxSessionDuration)
        }
    }

    /// A KMS 3.0 instance; `vpcNum` is its access-management quota (VPCs + shared accounts).
    package struct KMSInstance: Codable, Sendable, Equatable {
        /// `kst-…`.
        package var id: String
        /// The region it lives in.
        package var region: String
        /// The access-management quota.
        package var vpcNum: Int
        /// The key quota.
        package var keyNum: Int
        /// VPCs already bound (each uses one unit of `vpcNum`).
        package var boundVPCs: Int

        enum CodingKeys: String, CodingKey {
            case id, region
            case vpcNum = "vpc_num"
            case keyNum = "key_num"
            case boundVPCs = "bound_vpcs"
        }

        /// Builds an instance.
        package init(id: String, region: String, vpcNum: Int, keyNum: Int = 1000, boundVPCs: Int = 1) {
            self.id = id
            self.region = region
            self.vpcNum = vpcNum
            self.keyNum = keyNum
            self.boundVPCs = boundVPCs
        }

        package init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            region = try c.decode(String.self, forKey: .region)
            vpcNum = try c.decode(Int.self, forKey: .vpcNum)
            keyNum = try c.decodeIfPresent(Int.self, forKey: .keyNum) ?? 1000
            boundVPCs = try c.decodeIfPresent(Int.self, forKey: .boundVPCs) ?? 0
        }
    }

    /// A KMS key; without `instance` it is a default key (no key policy support).
    package struct Key: Codable, Sendable, Equatable {
        /// The key id, generated when absent.
        package var id: String?
        /// The `kst-…` instance holding it.
        package var instance: String?
        /// The region.
        package var region: String
        /// An alias such as `alias/shared-disk-key`.
        package var alias: String?
        /// More aliases of the same key (a capture of a key with several writes them here).
        package var aliases: [String]?
        /// `Enabled`, `Disabled`, `PendingDeletion` or `PendingImport`.
        package var state: KeyState
        /// `Aliyun_AES_256` by default.
        package var spec: String
        /// The key policy; the default policy when absent.
        package var policy: PolicyText?
        /// Optional description.
        package var description: String?

        /// Builds a key.
        package init(
            id: String? = nil, instance: String? = nil, region: String, alias: String? = nil,
            state: KeyState = .enabled, spec: String = "Aliyun_AES_256", policy: PolicyText? = nil,
            description: String? = nil
        ) {
            self.id = id
            self.instance = instance
            self.region = region
            self.alias = alias
            self.state = state
            self.spec = spec
            self.policy = policy
            self.description = description
        }

        package init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decodeIfPresent(String.self, forKey: .id)
            instance = try c.decodeIfPresent(String.self, forKey: .instance)
            region = try c.decode(String.self, forKey: .region)
            alias = try c.decodeIfPresent(String.self, forKey: .alias)
            aliases = try c.decodeIfPresent([String].self, forKey: .aliases)
            state = try c.decodeIfPresent(KeyState.self, forKey: .state) ?? .enabled
            spec = try c.decodeIfPresent(String.self, forKey: .spec) ?? "Aliyun_AES_256"
            policy = try c.decodeIfPresent(PolicyText.self, forKey: .policy)
            description = try c.decodeIfPresent(String.self, forKey: .description)
        }
    }
}
