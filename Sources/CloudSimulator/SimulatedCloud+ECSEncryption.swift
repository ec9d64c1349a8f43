import CloudAPI
import CloudModel

// How ECS uses a KMS key for the caller (the seed procedure, alibaba-api.md §6.1 and §6.7): ECS
// assumes the caller's AliyunECSDiskEncryptDefaultRole, whose policies AND (across accounts) the
// key's policy must let it use the key. The error mapping is inferred: divergences SIM-020…SIM-024.
extension SimulatedCloud {
    /// The role ECS assumes to use KMS keys for an account.
    static let diskEncryptRole = "AliyunECSDiskEncryptDefaultRole"
    /// The role an owner needs to share encrypted images.
    static let shareImageRole = "AliyunECSShareEncryptImageDefaultRole"
    /// The role an owner needs to share encrypted snapshots.
    static let shareSnapshotRole = "AliyunECSShareEncryptSnapshotDefaultRole"
    /// The KMS actions ECS performs with the key.
    static let ecsKeyActions = KeyAuthorization.ecsKeyActions

    /// Resolves `KMSKeyId` for an encrypted ECS resource of `caller` in `region` and checks that
    /// ECS may use it; throws the ECS `InvalidParameter.KMSKeyId.*` codes.
    func ecsKey(_ keyID: String, caller: AccountID, region: String) throws -> KeyReference {
        let (key, location) = try findKeyForECS(keyID, caller: caller, region: region)
        guard key.isSymmetric else {
            throw CloudError.invalid("InvalidKMSKeyId.NotSymmetric", "KmsKeyId must be symmetric.")
        }
        guard let account = accounts[caller], let role = account.roles[Self.diskEncryptRole.lowercased()] else {
            throw CloudError.kmsUnauthorized
        }
        let trust = KeyAuthorization.ecsMayAssume(
            ResourceName.role(role.name, in: caller),
            trust: role.trust.source(named: "trust policy"), for: caller)
        guard trust.isAllowed else { throw CloudError.kmsUnauthorized }
        let session = Principal.assumedRole(caller, roleName: role.name, sessionName: "ecs")
        try checkServiceRole(
            session, role: role, in: account, key: key, location: location,
            roleDenied: .kmsUnauthorized, keyDenied: .cmkUnauthorized)
        switch key.state {
        case .enabled: break
        case .pendingImport, .unavailable: throw CloudError.cmkNotEnabled
        case .disabled, .pendingDeletion: throw CloudError.cmkNotEnabled
        }
        return KeyReference(owner: location.owner, region: location.region, keyID: key.id, isServiceKey: false)
    }

    /// Checks that a service-role session may use the key for ECS: the role's policies (and, in
    /// another account, the key policy too; in the same account either) must allow every action.
    func checkServiceRole(
        _ session: Principal, role: RAMRole, in account: AccountState, key: KMSKeyState,
        location: ResourceLocation, roleDenied: CloudError, keyDenied: CloudError
    ) throws {
        let resource = ResourceName.key(key.id.rawValue, region: RegionID(location.region), account: location.owner)
        let sources = sources(of: role.attached, in: account)
        for action in Self.ecsKeyActions {
            let request = AccessRequest(principal: session, action: action, resource: resource)
            let decision = KeyAuthorization.serviceRole(
                request, keyOwner: location.owner, policies: sources,
                keyPolicy: key.policy?.source(named: "key policy"))
            guard let side = decision.refusedBy else { continue }
            lastDenial = Denial(
                principal: session, action: action, resource: resource.description,
                identity: decision.identity, resourcePolicy: decision.keyPolicy)
            throw side == .keyPolicy ? keyDenied : roleDenied
        }
    }

    /// Finds the key ECS means: the caller's own key (id, alias or ARN) in the region, else any
    /// account's key with that id in the region (ECS resolves shared keys by id; whether the key is
    /// really shared is decided by the role and key-policy checks that follow).
    private func findKeyForECS(_ keyID: String, caller: AccountID, region: String) throws -> (KMSKeyState, ResourceLocation) {
        if let own = accounts[caller]?.regions[region] {
            if let id = KMSKeyID(keyID), let key = own.keys[id] { return (key, ResourceLocation(owner: caller, region: region)) }
            if keyID.hasPrefix("alias/"), let id = own.aliases[keyID], let key = own.keys[id] {
                return (key, ResourceLocation(owner: caller, region: region))
            }
        }
        var text = keyID
        if keyID.hasPrefix("acs:") {
            guard let arn = ResourceName(parsing: keyID), arn.service == "kms", arn.resource.hasPrefix("key/") else {
                throw CloudError.kmsKeyIDNotFound
            }
            text = String(arn.resource.dropFirst(4))
        }
        guard let id = KMSKeyID(text), let location = index.keys[id], location.region == region,
            let key = accounts[location.owner]?.regions[region]?.keys[id]
        else { throw CloudError.kmsKeyIDNotFound }
        return (key, location)
    }

    /// The account's ECS service key (`alias/acs/ecs`) in a region, created on first use.
    func serviceKey(for account: AccountState, region regionName: String) throws -> KeyReference {
        let region = account.region(regionName)
        if let id = region.serviceKeyID {
            return KeyReference(owner: account.id, region: regionName, keyID: id, isServiceKey: true)
        }
        // A UUID always is a key id: the check is the type's, it never fails here.
        guard let id = KMSKeyID(withIDs { $0.uuid() }) else { throw CloudError.internalError }
        region.serviceKeyID = id
        touch(account.id)
        return KeyReference(owner: account.id, region: regionName, keyID: id, isServiceKey: true)
    }

    /// Checks that the owner's share role lets ECS act for each recipient with the key
    /// (encrypted image/snapshot sharing); throws `denied` (403 `AssumeRoleError`).
    func checkShareRole(
        _ roleName: String, owner: AccountState, recipients: [AccountID], key reference: KeyReference,
        denied: CloudError
    ) throws {
        guard !recipients.isEmpty else { return }
        guard let role = owner.roles[roleName.lowercased()] else { throw denied }
        let roleARN = ResourceName.role(role.name, in: owner.id)
        for recipient in recipients {
            let trust = KeyAuthorization.ecsMayAssume(
                roleARN, trust: role.trust.source(named: "trust policy"),
                for: recipient)
            guard trust.isAllowed else { throw denied }
        }
        guard let key = accounts[reference.owner]?.regions[reference.region]?.keys[reference.keyID] else { throw denied }
        let session = Principal.assumedRole(owner.id, roleName: role.name, sessionName: "ecs")
        try checkServiceRole(
            session, role: role, in: owner, key: key,
            location: ResourceLocation(owner: reference.owner, region: reference.region),
            roleDenied: denied, keyDenied: denied)
    }
}
