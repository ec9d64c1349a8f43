import CloudAPI
import CloudModel
import Foundation

/// Turns a `World` into simulator state, validating every policy document and reference.
struct WorldSeeder {
    /// The world to seed from.
    let world: World
    /// Clock and ids.
    let environment: SimulatorEnvironment

    /// The name of the role every RD member gets for the management account.
    static let accessRoleName = "ResourceDirectoryAccountAccessRole"

    /// Builds the accounts and meta; errors name the world path.
    func seed() throws -> (accounts: [AccountID: AccountState], meta: CloudMeta) {
        var ids = IDGenerator(seed: environment.seed, deterministic: environment.isDeterministic)
        let start = environment.isDeterministic ? environment.start : Date()
        let created = Timestamp.seconds(start)
        var directory: DirectoryState?
        if let rd = world.resourceDirectory {
            directory = DirectoryState(
                id: rd.id ?? "rd-" + ids.alphanumeric(6), rootFolderID: rd.rootFolder ?? "r-" + ids.alphanumeric(6),
                managementAccount: rd.managementAccount, folders: rd.folders)
        }
        var accounts: [AccountID: AccountState] = [:]
        for (index, spec) in world.accounts.enumerated() {
            let at = "accounts[\(index)]"
            let account = AccountState(
                id: spec.id, name: spec.name, folderID: spec.folder, tags: spec.tags,
                joinTime: Timestamp.milliseconds(start), accessKeys: spec.accessKeys)
            for (policyIndex, policy) in spec.policies.enumerated() {
                let document = try parse(policy.document.json, kind: .identity, at: "\(at).policies[\(policyIndex)].document")
                let version = policy.defaultVersion ?? "v1"
                account.policies[policy.name] = CustomPolicy(
                    name: policy.name, description: policy.description ?? "",
                    versions: [PolicyVersion(id: version, document: document, createDate: created)], defaultVersion: version,
                    nextVersion: (WorldNames.versionNumber(version) ?? 1) + 1, createDate: created, updateDate: created,
                    attachmentCount: 0)
            }
            for (userIndex, user) in spec.users.enumerated() {
                let attached = try attachments(
                    user.policies, account: account, at: "\(at).users[\(userIndex)].policies",
                    date: created)
                account.users[user.name.lowercased()] = RAMUser(userID: ids.digits(16), name: user.name, attached: attached)
            }
            var roles = spec.roles
            if directory != nil, spec.folder != nil, let directory, directory.managementAccount != spec.id,
                !roles.contains(where: { $0.name.lowercased() == Self.accessRoleName.lowercased() })
            {
                let trust =
                    #"{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"RAM":["acs:ram::"#
                    + directory.managementAccount.rawValue + #":root"]}}],"Version":"1"}"#
                roles.append(
                    World.Role(
                        name: Self.accessRoleName, trust: PolicyText(json: trust),
                        policies: ["System:AdministratorAccess"],
                        description: "Resource Directory access role for the management account."))
            }
            for (roleIndex, role) in roles.enumerated() {
                let roleAt = "\(at).roles[\(roleIndex)]"
                guard RAMNames.isValidRoleName(role.name) else {
                    throw WorldError("\(roleAt).name '\(role.name)' must be 1–64 characters of A-Z a-z 0-9 . -")
                }
                guard account.roles[role.name.lowercased()] == nil else {
                    throw WorldError("\(roleAt).name '\(role.name)' is listed twice (role names are case-insensitive).")
                }
                let trust = try parse(role.trust.json, kind: .trust, at: "\(roleAt).trust")
                let attached = try attachments(role.policies, account: account, at: "\(roleAt).policies", date: created)
                account.roles[role.name.lowercased()] = RAMRole(
                    roleID: ids.digits(19), name: role.name, description: role.description ?? "", trust: trust,
                    maxSessionDuration: role.maxSessionDuration ?? 3600, createDate: created, updateDate: created,
                    attached: attached, order: account.nextRoleOrder)
                account.nextRoleOrder += 1
            }
            for (instanceIndex, instance) in spec.kmsInstances.enumerated() {
                guard let id = KMSInstanceID(instance.id) else {
                    throw WorldError("\(at).kms_instances[\(instanceIndex)].id '\(instance.id)' must start with kst-.")
                }
                account.region(instance.region).instances[id] = KMSInstanceState(
                    id: id, name: instance.id, vpcNum: instance.vpcNum, keyNum: instance.keyNum,
                    boundVPCs: instance.boundVPCs, createTime: created, pendingReleases: [:], shareCounts: [:])
            }
            accounts[spec.id] = account
        }
        // Keys last: their policies may name roles of any account.
        for (index, spec) in world.accounts.enumerated() {
            guard let account = accounts[spec.id] else { continue }
            for (keyIndex, key) in spec.keys.enumerated() {
                let at = "accounts[\(index)].keys[\(keyIndex)]"
                try seedKey(key, in: account, accounts: accounts, ids: &ids, created: created, at: at)
            }
        }
        let meta = CloudMeta(
            clockOffset: 0, ids: ids, directory: directory,
            defaultRegion: world.defaultRegion ?? RegionID.hangzhou.rawValue, zones: world.zones)
        return (accounts, meta)
    }

    private func seedKey(
        _ key: World.Key, in account: AccountState, accounts: [AccountID: AccountState],
        ids: inout IDGenerator, created: String, at: String
    ) throws {
        let region = account.region(key.region)
        let text = key.id ?? (key.instance == nil ? ids.uuid() : KMSNames.instanceKeyID(region: key.region, ids: &ids))
        guard let keyID = KMSKeyID(text) else {
            throw WorldError("\(at).id must be 1 to \(KMSKeyID.maxLength) bytes long.")
        }
        let instanceID = try key.instance.map { text in
            guard let id = KMSInstanceID(text) else { throw WorldError("\(at).instance '\(text)' must start with kst-.") }
            return id
        }
        var policy: StoredPolicy?
        var shared = Set<AccountID>()
        if let instanceID {
            let text = key.policy?.json ?? KMSNames.defaultKeyPolicy(owner: account.id)
            let stored = try parse(text, kind: .keyPolicy, at: "\(at).policy")
            shared = KMSNames.externalAccounts(of: stored.document, owner: account.id)
            for principal in KMSNames.namedRoles(of: stored.document) {
                if case .role(let owner, let name) = principal, accounts[owner]?.roles[name.lowercased()] == nil {
                    throw WorldError(
                        "\(at).policy names \(principal), which is not a role in the world; add the role or remove the principal."
                    )
                }
            }
            policy = stored
            for sharee in shared {
                region.instances[instanceID]?.shareCounts[sharee.rawValue, default: 0] += 1
            }
        } else if key.policy != nil {
            throw WorldError("\(at).policy is set but the key has no instance; default keys do not support key policies.")
        }
        guard region.keys[keyID] == nil else { throw WorldError("\(at).id '\(keyID)' is used twice.") }
        var aliases: [String] = []
        for alias in (key.alias.map { [$0] } ?? []) + (key.aliases ?? []) {
            guard alias.hasPrefix("alias/"), !alias.hasPrefix("alias/acs") else {
                throw WorldError("\(at).alias '\(alias)' must start with alias/ (and not alias/acs).")
            }
            region.aliases[alias] = keyID
            aliases.append(alias)
        }
        region.keys[keyID] = KMSKeyState(
            id: keyID, instanceID: instanceID, spec: key.spec, usage: "ENCRYPT/DECRYPT",
            origin: key.state == .pendingImport ? "EXTERNAL" : "Aliyun_KMS", protectionLevel: "SOFTWARE",
            state: key.state, description: key.description ?? "", creationDate: created,
            deleteDate: key.state == .pendingDeletion ? created : nil, versionID: ids.uuid(),
            material: Data(ids.bytes(32)), policy: policy, sharedAccounts: shared, tags: [:], aliases: aliases)
    }

    /// Parses through ``ParsedPolicyCache``: a world's members share their access role's trust
    /// policy, so a 1,000-account world parsed it 1,000 times. The path is rendered only for an error.
    private func parse(_ text: String, kind: PolicyKind, at path: @autoclosure () -> String) throws -> StoredPolicy {
        switch ParsedPolicyCache.parse(text, kind: kind) {
        case .success(let policy): return policy
        case .failure(let error): throw WorldError("\(path()) is not a valid \(kind): \(error.message)")
        }
    }

    private func attachments(_ names: [String], account: AccountState, at path: String, date: String) throws
        -> [AttachedPolicy]
    {
        try names.map { reference in
            let parts = reference.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let type = PolicyType(wire: parts[0]) else {
                throw WorldError("\(path) entry '\(reference)' must be System:<name> or Custom:<name>.")
            }
            switch type {
            case .system where SystemPolicies.all[parts[1]] == nil:
                throw WorldError(
                    "\(path) entry '\(reference)' is not a system policy the simulator knows: "
                        + SystemPolicies.all.keys.sorted().joined(separator: ", "))
            case .custom where account.policies[parts[1]] == nil:
                throw WorldError("\(path) entry '\(reference)' is not a policy of this account; add it under policies.")
            default:
                if type == .custom { account.policies[parts[1]]?.attachmentCount += 1 }
                return AttachedPolicy(type: type, name: parts[1], attachDate: date)
            }
        }
    }
}
