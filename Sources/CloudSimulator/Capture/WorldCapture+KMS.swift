import CloudAPI
import CloudModel

extension WorldCapture {
    /// `account`'s KMS instances (ListKmsInstances, GetKmsInstance, GetKmsInstanceQuotaInfos), keys
    /// (ListKeys, DescribeKey, GetKeyPolicy verbatim) and aliases (ListAliases) in `region`.
    func readKMS(_ account: AccountID, region: RegionID, into read: inout AccountRead) async throws {
        let context = CallContext.root(account, region: region)
        let listedInstances = try await pages("ListKmsInstances", account, region) { page in
            let answer = try await cloud.listKmsInstances(
                ListKmsInstancesRequest(pageNumber: page, pageSize: 100),
                context: context)
            return (answer.kmsInstances.kmsInstance.map(\.kmsInstanceID), answer.totalCount)
        }
        if listedInstances.truncated { read.report.truncated.append("ListKmsInstances in account \(account) (\(region))") }
        var instances: [(instance: World.KMSInstance, used: Int, bound: Int)] = []
        for id in Set(listedInstances.items).sorted() {
            let instance = try await call("GetKmsInstance \(id)", account, region) {
                try await cloud.getKmsInstance(GetKmsInstanceRequest(kmsInstanceID: id), context: context).kmsInstance
            }
            let quota = try await call("GetKmsInstanceQuotaInfos \(id)", account, region) {
                try await cloud.getKmsInstanceQuotaInfos(
                    GetKmsInstanceQuotaInfosRequest(kmsInstanceID: id, resourceType: "vpc"),
                    context: context
                ).kmsInstanceQuotaInfos.first { $0.resourceType == "vpc" }
            }
            let bound = instance.bindVpcs.bindVpc.count
            instances.append(
                (
                    World.KMSInstance(
                        id: id, region: region.rawValue, vpcNum: quota?.resourceQuota ?? instance.vpcNum,
                        keyNum: instance.keyNum, boundVPCs: bound),
                    quota?.usedQuantity ?? bound, bound
                ))
        }
        let listedKeys = try await pages("ListKeys", account, region) { page in
            let answer = try await cloud.listKeys(ListKeysRequest(pageNumber: page, pageSize: 100), context: context)
            return (answer.keys.key.map(\.keyID), answer.totalCount)
        }
        if listedKeys.truncated { read.report.truncated.append("ListKeys in account \(account) (\(region))") }
        let listedAliases = try await pages("ListAliases", account, region) { page in
            let answer = try await cloud.listAliases(ListAliasesRequest(pageNumber: page, pageSize: 100), context: context)
            return (answer.aliases.alias.map { (name: $0.aliasName, keyID: $0.keyID) }, answer.totalCount)
        }
        if listedAliases.truncated { read.report.truncated.append("ListAliases in account \(account) (\(region))") }
        var keys: [World.Key] = []
        for id in Set(listedKeys.items).sorted() {
            let metadata = try await call("DescribeKey \(id)", account, region) {
                try await cloud.describeKey(DescribeKeyRequest(keyID: id), context: context).keyMetadata
            }
            let instanceID = metadata.dkmsInstanceID.flatMap { $0.isEmpty ? nil : $0 }
            var policy: String?
            if instanceID != nil {
                policy = try await call("GetKeyPolicy \(id)", account, region) {
                    try await cloud.getKeyPolicy(GetKeyPolicyRequest(keyID: id, policyName: "default"), context: context).policy
                }
            }
            if let key = key(
                metadata, policy: policy, region: region, account: account,
                instances: Set(instances.map(\.instance.id)), report: &read.report)
            {
                keys.append(key)
            }
        }
        // The first alias by name is the key's `alias`, the rest its `aliases`; service aliases
        // (alias/acs/…) and aliases of keys left out cannot be seeded.
        var aliasesLeftOut = 0
        for alias in listedAliases.items.sorted(by: { $0.name < $1.name }) {
            guard alias.name.hasPrefix("alias/"), !alias.name.hasPrefix("alias/acs"),
                let index = keys.firstIndex(where: { $0.id == alias.keyID })
            else {
                aliasesLeftOut += 1
                continue
            }
            if keys[index].alias == nil {
                keys[index].alias = alias.name
            } else {
                keys[index].aliases = (keys[index].aliases ?? []) + [alias.name]
            }
        }
        read.report.aliasesLeftOut += aliasesLeftOut
        for entry in instances {
            var instance = entry.instance
            // The simulator counts bound VPCs plus the accounts its keys' policies name (SIM-002);
            // units the policies do not explain are kept as bound VPCs, so the used quota matches.
            var named = Set<AccountID>()
            for key in keys where key.instance == instance.id {
                guard let text = key.policy?.json, let document = try? PolicyDocument.parse(text, kind: .keyPolicy) else {
                    continue
                }
                named.formUnion(KMSNames.externalAccounts(of: document, owner: account))
            }
            instance.boundVPCs = min(instance.vpcNum, max(0, entry.used - named.count))
            if instance.boundVPCs != entry.bound { read.report.inferredBoundVPCs += 1 }
            read.instances.append(instance)
        }
        read.keys += keys
    }

    /// The world's key for `metadata`; nil (reported) when the simulator could not load it.
    private func key(
        _ metadata: KeyMetadata, policy: String?, region: RegionID, account: AccountID,
        instances: Set<String>, report: inout CaptureReport
    ) -> World.Key? {
        let at = "key \(metadata.keyID) in \(account) (\(region))"
        guard let state = KeyState(rawValue: metadata.keyState) else {
            report.leftOut.append("\(at) (state \(metadata.keyState) is unknown to the simulator)")
            return nil
        }
        guard KMSNames.keySpecs.contains(metadata.keySpec) else {
            report.leftOut.append("\(at) (spec \(metadata.keySpec) is unknown to the simulator)")
            return nil
        }
        let instance = metadata.dkmsInstanceID.flatMap { $0.isEmpty ? nil : $0 }
        if let instance, !instances.contains(instance) {
            report.leftOut.append("\(at) (its instance \(instance) was not listed)")
            return nil
        }
        if let policy {
            do {
                _ = try PolicyDocument.parse(policy, kind: .keyPolicy)
            } catch {
                report.leftOut.append("\(at) (its key policy: \(error.message))")
                return nil
            }
        }
        let rotation = metadata.automaticRotation
        if metadata.keyUsage != "ENCRYPT/DECRYPT" || metadata.protectionLevel != "SOFTWARE"
            || (metadata.origin == "EXTERNAL") != (state == .pendingImport)
            || !(rotation.isEmpty || rotation == "Disabled") || metadata.deletionProtection == "Enabled"
        {
            report.keySettingsLost += 1
        }
        return World.Key(
            id: metadata.keyID, instance: instance, region: region.rawValue, state: state,
            spec: metadata.keySpec, policy: policy.map(PolicyText.init(json:)),
            description: metadata.description.isEmpty ? nil : metadata.description)
    }
}
