import CloudAPI
import CloudModel
import Foundation

/// A KMS instance as a plan read it from a remote backend.
struct SeedInstance: Sendable {
    var id: String
    var vpcNum: Int
    var keyNum: Int
    /// Quota units in use on the backend (`vpc` usedQuantity).
    var used: Int
}

/// A KMS key as a plan read it from a remote backend.
struct SeedKey: Sendable {
    var metadata: KeyMetadata
    /// The key policy text (instance keys).
    var policy: String?
}

/// How a plan's overlay learns what it read from a remote backend: accounts, roles, policies and
/// KMS keys are inserted as read (never through the API, whose checks and ids would differ).
extension SimulatedCloud {
    /// Adds an empty account the overlay has not seen (an external account a key policy names, a
    /// member outside the listed directory).
    func seedAccount(_ id: AccountID, name: String? = nil, folder: String? = nil, tags: [String: String] = [:]) {
        guard accounts[id] == nil else { return }
        accounts[id] = AccountState(
            id: id, name: name ?? id.rawValue, folderID: folder, tags: tags,
            joinTime: Timestamp.milliseconds(now), accessKeys: [])
        accountOrder = accounts.keys.sorted()
    }

    /// Whether the overlay knows role `name` of `account`.
    func hasRole(_ name: String, in account: AccountID) -> Bool {
        accounts[account]?.roles[name.lowercased()] != nil
    }

    /// Inserts (or replaces) a role with its trust policy and attachments (`Type:Name`; system
    /// policies the simulator does not know are left out and returned).
    ///
    /// - Throws: the trust policy's `PolicyError` when the simulator cannot parse it.
    func seedRole(_ info: RoleInfo, trust: String, attached: [(type: String, name: String)], in account: AccountID) throws
        -> [String]
    {
        seedAccount(account)
        guard let state = accounts[account] else { return [] }
        let stored = try StoredPolicy(trust, kind: .trust)
        var unknown: [String] = []
        var attachments: [AttachedPolicy] = []
        let date = Timestamp.seconds(now)
        for (type, name) in attached {
            guard let kind = PolicyType(wire: type) else { continue }
            if kind == .system, SystemPolicies.all[name] == nil {
                unknown.append("System:\(name)")
                continue
            }
            attachments.append(AttachedPolicy(type: kind, name: name, attachDate: date))
        }
        let order = state.roles[info.roleName.lowercased()]?.order ?? state.nextRoleOrder
        if state.roles[info.roleName.lowercased()] == nil { state.nextRoleOrder += 1 }
        state.roles[info.roleName.lowercased()] = RAMRole(
            roleID: info.roleID, name: info.roleName, description: info.description, trust: stored,
            maxSessionDuration: info.maxSessionDuration, createDate: info.createDate,
            updateDate: info.updateDate ?? info.createDate, attached: attachments, order: order)
        return unknown
    }

    /// Removes a role the overlay assumed (a key policy named it) that the backend does not have.
    func unseedRole(_ name: String, in account: AccountID) {
        accounts[account]?.roles[name.lowercased()] = nil
    }

    /// Inserts a custom policy with its default version (the only one a plan reads).
    func seedPolicy(_ info: PolicyInfo, version: PolicyVersionInfo, in account: AccountID) throws {
        seedAccount(account)
        guard let state = accounts[account] else { return }
        let document = try StoredPolicy(version.policyDocument, kind: .identity)
        let number = Int(version.versionID.dropFirst()) ?? 1
        state.policies[info.policyName] = CustomPolicy(
            name: info.policyName, description: info.description,
            versions: [PolicyVersion(id: version.versionID, document: document, createDate: version.createDate)],
            defaultVersion: version.versionID, nextVersion: number < Int.max ? number + 1 : number, createDate: info.createDate,
            updateDate: info.updateDate ?? info.createDate, attachmentCount: info.attachmentCount ?? 0)
    }

    /// Inserts a region's KMS instances, keys (with policies) and aliases; each instance's quota use
    /// is the backend's: units not explained by its keys' policies count as bound VPCs.
    ///
    /// Roles the policies name that the overlay lacks are stubbed (the backend accepted the policy,
    /// so they exist); the seeder replaces a stub with the real role once a call is about it.
    ///
    /// - Returns: the keys whose policy the simulator could not parse (left with the default
    ///   policy), and the stubbed roles as (account, name).
    func seedKMS(
        region: String, instances: [SeedInstance], keys: [SeedKey], aliases: [(name: String, keyID: String)],
        in account: AccountID
    ) -> (unparsed: [String], stubs: [(AccountID, String)]) {
        seedAccount(account)
        guard let state = accounts[account] else { return ([], []) }
        let regionState = state.region(region)
        var stubs: [(AccountID, String)] = []
        let created = Timestamp.seconds(now)
        // Ids that are not KMS ids cannot be held; a backend that is KMS never answers them.
        for instance in instances {
            guard let id = KMSInstanceID(instance.id), regionState.instances[id] == nil else { continue }
            regionState.instances[id] = KMSInstanceState(
                id: id, name: instance.id, vpcNum: instance.vpcNum, keyNum: instance.keyNum, boundVPCs: 0,
                createTime: created, pendingReleases: [:], shareCounts: [:])
        }
        var unparsed: [String] = []
        for key in keys {
            let metadata = key.metadata
            guard let keyID = KMSKeyID(metadata.keyID), regionState.keys[keyID] == nil else { continue }
            let instanceID = metadata.dkmsInstanceID.flatMap(KMSInstanceID.init)
            var policy: StoredPolicy?
            var shared = Set<AccountID>()
            if let instanceID {
                let text = key.policy ?? KMSNames.defaultKeyPolicy(owner: account)
                if let stored = try? StoredPolicy(text, kind: .keyPolicy) {
                    policy = stored
                } else {
                    unparsed.append(metadata.keyID)
                    policy = try? StoredPolicy(KMSNames.defaultKeyPolicy(owner: account), kind: .keyPolicy)
                }
                if let document = policy?.document {
                    shared = KMSNames.externalAccounts(of: document, owner: account)
                    for case .role(let roleAccount, let name) in KMSNames.namedRoles(of: document)
                    where !hasRole(name, in: roleAccount) {
                        stubRole(name, in: roleAccount)
                        stubs.append((roleAccount, name))
                    }
                }
                for sharee in shared {
                    seedAccount(sharee)
                    regionState.instances[instanceID]?.shareCounts[sharee.rawValue, default: 0] += 1
                }
            }
            let state = KeyState(rawValue: metadata.keyState) ?? .unavailable
            let versionID = metadata.primaryKeyVersion ?? withIDs { $0.uuid() }
            let material = Data(withIDs { $0.bytes(32) })
            regionState.keys[keyID] = KMSKeyState(
                id: keyID, instanceID: instanceID,
                spec: metadata.keySpec, usage: metadata.keyUsage, origin: metadata.origin,
                protectionLevel: metadata.protectionLevel, state: state, description: metadata.description,
                creationDate: metadata.creationDate, deleteDate: metadata.deleteDate, versionID: versionID,
                material: material, policy: policy, sharedAccounts: shared, tags: [:], aliases: [])
            index.keys[keyID] = ResourceLocation(owner: account, region: region)
        }
        for alias in aliases {
            guard let keyID = KMSKeyID(alias.keyID), regionState.keys[keyID] != nil, regionState.aliases[alias.name] == nil
            else { continue }
            regionState.aliases[alias.name] = keyID
            regionState.keys[keyID]?.aliases.append(alias.name)
        }
        for instance in instances {
            guard let id = KMSInstanceID(instance.id), var seeded = regionState.instances[id] else { continue }
            seeded.boundVPCs = max(0, instance.used - seeded.shareCounts.count)
            regionState.instances[id] = seeded
        }
        return (unparsed, stubs)
    }

    /// A role known only by name (a key policy names it): trusted by nobody, no policies attached.
    private func stubRole(_ name: String, in account: AccountID) {
        seedAccount(account)
        guard let state = accounts[account], let trust = try? StoredPolicy(Self.stubTrust, kind: .trust) else { return }
        let date = Timestamp.seconds(now)
        state.roles[name.lowercased()] = RAMRole(
            roleID: withIDs { $0.digits(19) }, name: name, description: "", trust: trust, maxSessionDuration: 3600,
            createDate: date, updateDate: date, attached: [], order: state.nextRoleOrder)
        state.nextRoleOrder += 1
    }

    private static let stubTrust =
        #"{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":["ecs.aliyuncs.com"]}}],"Version":"1"}"#
}
