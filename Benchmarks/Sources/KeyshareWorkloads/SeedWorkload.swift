import CloudAPI
import CloudModel
import CloudSimulator

/// The seed procedure for many sharees over one simulator, as an automation would run it: for
/// each sharee the role, its policy and the attachment (in the sharee), the key-policy grant (in
/// the owner), then an encrypted disk with the shared key (in the sharee).
///
/// A key policy holds at most 32 KiB, about 500 role ARNs, so sharees are spread over keys of the
/// owner's KMS instance, `shareesPerKey` to a key; each grant rewrites that key's policy with every
/// sharee granted so far, as SetKeyPolicy replaces the whole document.
package struct SeedWorkload: Sendable {
    /// The simulator, seeded with the starter world of `sharees` members.
    package let cloud: SimulatedCloud
    /// The key owner.
    package let owner: AccountID
    /// The members, in order.
    package let sharees: [AccountID]
    /// The owner's KMS instance (its quota is sized for every member).
    package let instanceID: String
    /// The starter world's key, the first of the spread.
    package let firstKeyID: String
    /// How many sharees each key's policy names.
    package let shareesPerKey: Int

    /// Builds the starter world; not part of the measured procedure.
    package init(sharees count: Int, shareesPerKey: Int = 100) throws {
        let world = World.starter(accounts: count)
        guard let keyID = world.accounts[0].keys.first?.id else { throw LoadError("The starter world has no key id.") }
        cloud = try SimulatedCloud(world: world, environment: .deterministic())
        owner = world.accounts[0].id
        sharees = world.accounts.dropFirst().map(\.id)
        instanceID = world.accounts[0].kmsInstances[0].id
        firstKeyID = keyID
        self.shareesPerKey = max(1, shareesPerKey)
    }

    /// Runs the whole procedure; returns the number of disks created (one per sharee).
    package func run() async throws -> Int {
        let ownerRoot = CallContext.root(owner)
        var keys = [firstKeyID]
        let keyCount = (sharees.count + shareesPerKey - 1) / shareesPerKey
        while keys.count < keyCount {
            let created = try await cloud.createKey(CreateKeyRequest(dkmsInstanceID: instanceID), context: ownerRoot)
            keys.append(created.keyMetadata.keyID)
        }
        var granted: [AccountID] = []
        var disks = 0
        for (index, sharee) in sharees.enumerated() {
            let root = CallContext.root(sharee)
            _ = try await cloud.createRole(
                CreateRoleRequest(roleName: SeedDocuments.diskEncryptRole, assumeRolePolicyDocument: SeedDocuments.ecsTrust),
                context: root)
            _ = try await cloud.createPolicy(
                CreatePolicyRequest(
                    policyName: SeedDocuments.diskEncryptPolicy,
                    policyDocument: SeedDocuments.diskEncryptPolicyDocument), context: root)
            _ = try await cloud.attachPolicyToRole(
                AttachPolicyToRoleRequest(policyName: SeedDocuments.diskEncryptPolicy, roleName: SeedDocuments.diskEncryptRole),
                context: root)
            if index % shareesPerKey == 0 { granted.removeAll(keepingCapacity: true) }
            granted.append(sharee)
            let keyID = keys[index / shareesPerKey]
            _ = try await cloud.setKeyPolicy(
                SetKeyPolicyRequest(keyID: keyID, policy: SeedDocuments.keyPolicy(owner: owner, sharees: granted)),
                context: ownerRoot)
            _ = try await cloud.createDisk(
                CreateDiskRequest(
                    regionID: "cn-hangzhou", zoneID: "cn-hangzhou-h", diskCategory: "cloud_essd", size: 20,
                    encrypted: true, kmsKeyID: keyID),
                context: root)
            disks += 1
        }
        return disks
    }
}
