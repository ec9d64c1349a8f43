import CloudAPI
import CloudModel

/// The seed procedure's steps as calls through any `Cloud`, each made by the account root that
/// performs it in the manual procedure. Tests remove one ingredient by skipping or varying a step.
package enum SeedProcedure {
    /// In `sharee`: creates `AliyunECSDiskEncryptDefaultRole` (trust: ECS) and its custom policy, and
    /// attaches it. `trust` and `policy` can be varied to break one ingredient.
    package static func prepareDiskEncryptRole(
        in sharee: AccountID, cloud: any Cloud, region: RegionID = .hangzhou,
        trust: PolicyFixture = SeedPolicies.ecsServiceTrust,
        policy: PolicyFixture = SeedPolicies.diskEncryptPolicyDocument()
    ) async throws {
        let root = CallContext.root(sharee, region: region)
        _ = try await cloud.createRole(
            CreateRoleRequest(roleName: SeedPolicies.diskEncryptRole, assumeRolePolicyDocument: trust.json), context: root)
        _ = try await cloud.createPolicy(
            CreatePolicyRequest(policyName: SeedPolicies.diskEncryptPolicy, policyDocument: policy.json), context: root)
        _ = try await cloud.attachPolicyToRole(
            AttachPolicyToRoleRequest(
                policyType: "Custom", policyName: SeedPolicies.diskEncryptPolicy,
                roleName: SeedPolicies.diskEncryptRole), context: root)
    }

    /// In the owner account: sets the key policy to the default statement plus key use for the
    /// disk-encrypt role of every account in `sharees`.
    package static func grantKey(_ fixture: ConformanceFixture, to sharees: [AccountID], cloud: any Cloud) async throws {
        let principals = sharees.map { SeedPolicies.roleARN($0, SeedPolicies.diskEncryptRole) }
        let policy = SeedPolicies.keyPolicy(owner: fixture.owner, granting: principals)
        _ = try await cloud.setKeyPolicy(
            SetKeyPolicyRequest(keyID: fixture.keyID, policy: policy.json),
            context: fixture.ownerRoot)
    }

    /// In `sharee`: an encrypted 20 GiB ESSD with the shared key, named by ID only as the seed says.
    package static func createEncryptedDisk(
        as sharee: AccountID, keyID: String, cloud: any Cloud, region: RegionID = .hangzhou,
        encrypted: Bool? = true, clientToken: String? = nil, size: Int = 20
    ) async throws -> String {
        let request = CreateDiskRequest(
            regionID: region.rawValue, zoneID: "\(region.rawValue)-h", diskCategory: "cloud_essd", size: size,
            encrypted: encrypted, kmsKeyID: keyID, clientToken: clientToken)
        return try await cloud.createDisk(request, context: .root(sharee, region: region)).diskID
    }

    /// In `sharee`: creates `AliyunECSShareEncryptImageDefaultRole` with `trust` and the seed's share
    /// policy for the fixture's key; with `grant`, the owner adds the role to the key policy next
    /// to the sharee's disk-encrypt role (re-sharing needs both on the key).
    package static func prepareShareImageRole(
        in sharee: AccountID, _ fixture: ConformanceFixture, trust: PolicyFixture,
        grant: Bool = true, cloud: any Cloud
    ) async throws {
        let root = fixture.root(sharee)
        _ = try await cloud.createRole(
            CreateRoleRequest(
                roleName: SeedPolicies.shareImageRole,
                assumeRolePolicyDocument: trust.json), context: root)
        let policy = SeedPolicies.sharePolicyDocument(
            region: fixture.region.rawValue, owner: fixture.owner,
            keyID: fixture.keyID)
        _ = try await cloud.createPolicy(
            CreatePolicyRequest(policyName: SeedPolicies.sharePolicy, policyDocument: policy.json),
            context: root)
        _ = try await cloud.attachPolicyToRole(
            AttachPolicyToRoleRequest(
                policyName: SeedPolicies.sharePolicy,
                roleName: SeedPolicies.shareImageRole), context: root)
        guard grant else { return }
        let principals = [
            SeedPolicies.roleARN(sharee, SeedPolicies.diskEncryptRole),
            SeedPolicies.roleARN(sharee, SeedPolicies.shareImageRole),
        ]
        _ = try await cloud.setKeyPolicy(
            SetKeyPolicyRequest(
                keyID: fixture.keyID,
                policy: SeedPolicies.keyPolicy(owner: fixture.owner, granting: principals).json),
            context: fixture.ownerRoot)
    }

    /// The whole procedure for one sharee: role and policy in the sharee, grant on the owner, then
    /// an encrypted disk. Returns the disk id.
    package static func run(_ fixture: ConformanceFixture, sharee: AccountID, cloud: any Cloud) async throws -> String {
        try await prepareDiskEncryptRole(in: sharee, cloud: cloud, region: fixture.region)
        try await grantKey(fixture, to: [sharee], cloud: cloud)
        return try await createEncryptedDisk(as: sharee, keyID: fixture.keyID, cloud: cloud, region: fixture.region)
    }
}
