import CloudAPI
import CloudModel

extension ShadowSeeder {
    /// The most pages of 100 a listing is read for: a backend that never says "last page" cannot
    /// keep a plan reading forever.
    static let pageLimit = 1_000

    /// The KMS instances, keys (with policies) and aliases of `account` in `region`.
    func keys(of account: AccountID, region: String, _ overlay: SimulatedCloud) async throws {
        let backend = backend
        try await once("kms:\(account)/\(region)") { [self] in
            let context = CallContext.root(account, region: RegionID(region))
            var instances: [SeedInstance] = []
            var page = 1
            while true {
                let listed = try await backend.listKmsInstances(
                    ListKmsInstancesRequest(pageNumber: page, pageSize: 100),
                    context: context)
                for item in listed.kmsInstances.kmsInstance {
                    let instance = try await backend.getKmsInstance(
                        GetKmsInstanceRequest(kmsInstanceID: item.kmsInstanceID),
                        context: context
                    ).kmsInstance
                    let quota = try await backend.getKmsInstanceQuotaInfos(
                        GetKmsInstanceQuotaInfosRequest(kmsInstanceID: item.kmsInstanceID, resourceType: "vpc"),
                        context: context
                    ).kmsInstanceQuotaInfos.first { $0.resourceType == "vpc" }
                    instances.append(
                        SeedInstance(
                            id: instance.instanceID, vpcNum: quota?.resourceQuota ?? instance.vpcNum,
                            keyNum: instance.keyNum, used: quota?.usedQuantity ?? 0))
                }
                if listed.kmsInstances.kmsInstance.isEmpty || page >= min(Self.pageLimit, listed.totalCount / 100 + 1) { break }
                page += 1
            }
            var keys: [SeedKey] = []
            page = 1
            while true {
                let listed = try await backend.listKeys(ListKeysRequest(pageNumber: page, pageSize: 100), context: context)
                for key in listed.keys.key {
                    let metadata = try await backend.describeKey(DescribeKeyRequest(keyID: key.keyID), context: context)
                        .keyMetadata
                    var policy: String?
                    if let instance = metadata.dkmsInstanceID, !instance.isEmpty {
                        policy = try await backend.getKeyPolicy(
                            GetKeyPolicyRequest(keyID: key.keyID, policyName: "default"),
                            context: context
                        ).policy
                    }
                    keys.append(SeedKey(metadata: metadata, policy: policy))
                }
                if listed.keys.key.isEmpty || page >= min(Self.pageLimit, listed.totalCount / 100 + 1) { break }
                page += 1
            }
            var aliases: [(name: String, keyID: String)] = []
            page = 1
            while true {
                let listed = try await backend.listAliases(ListAliasesRequest(pageNumber: page, pageSize: 100), context: context)
                aliases += listed.aliases.alias.map { ($0.aliasName, $0.keyID) }
                if listed.aliases.alias.isEmpty || page >= min(Self.pageLimit, listed.totalCount / 100 + 1) { break }
                page += 1
            }
            let (unparsed, stubs) = await overlay.seedKMS(
                region: region, instances: instances, keys: keys, aliases: aliases,
                in: account)
            await self.markStubs(stubs)
            for keyID in unparsed {
                await self.caveat("the policy of key \(keyID) could not be modelled; the plan uses the default policy for it")
            }
        }
    }

    /// The role a RAM request names.
    static func roleName(of request: some CloudRequest) -> String? {
        switch request {
        case let request as GetRoleRequest: request.roleName
        case let request as CreateRoleRequest: request.roleName
        case let request as UpdateRoleRequest: request.roleName
        case let request as DeleteRoleRequest: request.roleName
        case let request as AttachPolicyToRoleRequest: request.roleName
        case let request as DetachPolicyFromRoleRequest: request.roleName
        case let request as ListPoliciesForRoleRequest: request.roleName
        default: nil
        }
    }

    /// The custom policy a RAM request names.
    static func customPolicyName(of request: some CloudRequest) -> String? {
        switch request {
        case let request as CreatePolicyRequest: request.policyName
        case let request as GetPolicyRequest: request.policyType == "Custom" ? request.policyName : nil
        case let request as CreatePolicyVersionRequest: request.policyName
        case let request as SetDefaultPolicyVersionRequest: request.policyName
        case let request as DeletePolicyVersionRequest: request.policyName
        case let request as DeletePolicyRequest: request.policyName
        case let request as AttachPolicyToRoleRequest: request.policyType == "Custom" ? request.policyName : nil
        case let request as DetachPolicyFromRoleRequest: request.policyType == "Custom" ? request.policyName : nil
        default: nil
        }
    }

    /// The account and region of a key a KMS request names by ARN.
    static func arnHome(of request: some CloudRequest) -> (AccountID, String)? {
        let keyID: String? =
            switch request {
            case let request as DescribeKeyRequest: request.keyID
            case let request as GetKeyPolicyRequest: request.keyID
            case let request as SetKeyPolicyRequest: request.keyID
            case let request as EncryptRequest: request.keyID
            case let request as GenerateDataKeyRequest: request.keyID
            default: nil
            }
        let parts = keyID?.split(separator: ":", omittingEmptySubsequences: false) ?? []
        guard parts.count == 5, parts[0] == "acs", parts[1] == "kms", let account = AccountID(String(parts[3])) else {
            return nil
        }
        return (account, String(parts[2]))
    }

    /// `acs:ram::<uid>:role/<name>` as (account, name).
    static func roleARN(_ arn: String) -> (AccountID, String)? {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "acs", parts[1] == "ram", let account = AccountID(String(parts[3])),
            parts[4].lowercased().hasPrefix("role/")
        else { return nil }
        return (account, String(parts[4].dropFirst(5)))
    }
}

extension ShadowCloud {
    /// A shadow of a remote backend whose credentials belong to `owner` (members reached through
    /// `accessRole`): the overlay starts with the owner and the directory's accounts (ListAccounts,
    /// when the credentials may list them) and learns the rest through `ShadowSeeder`.
    ///
    /// - Throws: what the backend answered to a read other than the directory listing.
    package static func over(
        remote: any Cloud, owner: AccountID, accessRole: String, region: RegionID,
        environment: SimulatorEnvironment
    ) async throws -> ShadowCloud {
        var members: [World.Account] = []
        var page = 1
        do {
            while true {
                let listed = try await remote.listAccounts(
                    ListAccountsRequest(pageNumber: page, pageSize: 100, includeTags: true),
                    context: .root(owner))
                for info in listed.accounts.account {
                    guard let id = AccountID(info.accountID), id != owner else { continue }
                    var tags: [String: String] = [:]
                    for tag in info.tags?.tag ?? [] { tags[tag.key] = tag.value ?? "" }
                    members.append(World.Account(id: id, name: info.displayName, tags: tags))
                }
                if listed.accounts.account.isEmpty || page >= min(ShadowSeeder.pageLimit, listed.totalCount / 100 + 1) { break }
                page += 1
            }
        } catch {
            members = []
        }
        let world = World(defaultRegion: region.rawValue, accounts: [World.Account(id: owner, name: owner.rawValue)] + members)
        let overlay = try SimulatedCloud(world: world, environment: environment)
        let shadow = ShadowCloud(
            overlay: overlay, seeder: ShadowSeeder(backend: remote, owner: owner, accessRole: accessRole),
            backend: remote, owner: owner, accessRole: accessRole)
        return shadow
    }
}
