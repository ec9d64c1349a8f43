import CloudAPI
import CloudModel

/// What the audit read in one account and region: its KMS instances with their quota, and its keys.
struct AccountScan: Sendable {
    /// The account.
    var account: AccountID
    /// The region.
    var region: RegionID
    /// Its KMS instances.
    var instances: [AuditedInstance] = []
    /// Its keys.
    var keys: [KeyReading] = []
    /// Why its keys could not be listed; nil when they were.
    var problem: String?
    /// Why its instances could not be listed; nil when they were.
    var instanceProblem: String?
}

/// One key as read: metadata, aliases and the policy text.
struct KeyReading: Sendable {
    /// The key ID.
    var id: String
    /// The key ARN.
    var arn: String
    /// The owner.
    var owner: AccountID
    /// The region.
    var region: RegionID
    /// The state DescribeKey reported.
    var state: String?
    /// The instance holding it.
    var instance: String?
    /// Its aliases.
    var aliases: [String] = []
    /// The policy as GetKeyPolicy returned it.
    var policyText: String?
    /// Why there is no policy to audit (a default key) or why a read failed.
    var note: String?
    /// Whether a read failed (a finding), as opposed to a key without a policy (none).
    var unreadable = false
}

/// Reads one account in one region as its root (over http, the broker's session in the account):
/// ListKmsInstances, GetKmsInstanceQuotaInfos, ListKeys, DescribeKey, GetKeyPolicy, ListAliases.
struct AccountScanner: Sendable {
    /// The backend; only read.
    var cloud: any Cloud

    /// Everything readable in `account` and `region`; failures become notes, never errors.
    func scan(_ account: AccountID, region: RegionID) async -> AccountScan {
        let context = CallContext.root(account, region: region)
        var scan = AccountScan(account: account, region: region)
        let listed: [ListKeysResponse.Key]
        do {
            listed = try await allPages { page, size in
                let answer = try await cloud.listKeys(ListKeysRequest(pageNumber: page, pageSize: size), context: context)
                return (answer.keys.key, answer.totalCount)
            }
        } catch {
            scan.problem = "ListKeys failed: \(readFailure(error))"
            return scan
        }
        (scan.instances, scan.instanceProblem) = await instances(account, context: context)
        let aliases = await aliasesByKey(context)
        for key in listed {
            var reading = await read(key, owner: account, context: context)
            reading.aliases = (aliases[key.keyID] ?? []).sorted()
            scan.keys.append(reading)
        }
        return scan
    }

    /// The account's instances with the access-management (`vpc`) quota of each.
    private func instances(_ account: AccountID, context: CallContext) async -> ([AuditedInstance], String?) {
        let listed: [ListKmsInstancesResponse.Item]
        do {
            listed = try await allPages { page, size in
                let answer = try await cloud.listKmsInstances(
                    ListKmsInstancesRequest(pageNumber: page, pageSize: size),
                    context: context)
                return (answer.kmsInstances.kmsInstance, answer.totalCount)
            }
        } catch {
            // Keys are still audited; a finding says the quotas are unknown.
            return ([], "ListKmsInstances failed: \(readFailure(error))")
        }
        var result: [AuditedInstance] = []
        for item in listed {
            var instance = AuditedInstance(id: item.kmsInstanceID, account: account.rawValue, region: context.region.rawValue)
            do {
                let answer = try await cloud.getKmsInstanceQuotaInfos(
                    GetKmsInstanceQuotaInfosRequest(kmsInstanceID: item.kmsInstanceID, resourceType: "vpc"), context: context)
                if let vpc = answer.kmsInstanceQuotaInfos.first(where: { $0.resourceType.lowercased() == "vpc" }) {
                    instance.accessQuota = QuotaUse(used: vpc.usedQuantity, total: vpc.resourceQuota)
                } else {
                    instance.reason = "GetKmsInstanceQuotaInfos reported no vpc (access-management) quota"
                }
            } catch {
                instance.reason = "GetKmsInstanceQuotaInfos failed: \(readFailure(error))"
            }
            result.append(instance)
        }
        return (result, nil)
    }

    /// Alias names per key ID; empty when the aliases cannot be listed (the keys are still audited).
    private func aliasesByKey(_ context: CallContext) async -> [String: [String]] {
        let listed: [ListAliasesResponse.Alias] =
            (try? await allPages { page, size in
                let answer = try await cloud.listAliases(ListAliasesRequest(pageNumber: page, pageSize: size), context: context)
                return (answer.aliases.alias, answer.totalCount)
            }) ?? []
        return Dictionary(grouping: listed, by: \.keyID).mapValues { $0.map(\.aliasName) }
    }

    /// DescribeKey and GetKeyPolicy of one listed key.
    private func read(_ key: ListKeysResponse.Key, owner: AccountID, context: CallContext) async -> KeyReading {
        var reading = KeyReading(id: key.keyID, arn: key.keyARN, owner: owner, region: context.region)
        do {
            let metadata = try await cloud.describeKey(DescribeKeyRequest(keyID: key.keyID), context: context).keyMetadata
            reading.state = metadata.keyState
            reading.instance = metadata.dkmsInstanceID.flatMap { $0.isEmpty ? nil : $0 }
        } catch {
            reading.note = "DescribeKey failed: \(readFailure(error))"
            reading.unreadable = true
        }
        do {
            reading.policyText = try await cloud.getKeyPolicy(GetKeyPolicyRequest(keyID: key.keyID), context: context).policy
        } catch let error as CloudError
            where [CloudError.keyPolicyUnsupported.code, CloudError.policyNotFound.code].contains(error.code)
        {
            reading.note = reading.note ?? "no key policy (\(error.code)): only the owner's RAM policies grant it"
        } catch {
            let failure = "GetKeyPolicy failed: \(readFailure(error))"
            reading.note = reading.note.map { "\($0); \(failure)" } ?? failure
            reading.unreadable = true
        }
        return reading
    }
}
