import CloudAPI
import CloudModel
import CloudSimulator

/// A starter-world simulator ready for the simple-call benchmarks: the owner's shared key and a
/// disk-encrypt role in the first sharee, so GetRole and DescribeKey both succeed.
package struct SimulatorWorkload: Sendable {
    /// The in-process cloud.
    package let cloud: SimulatedCloud
    /// The management account that owns the key.
    package let owner: AccountID
    /// The first member account, which holds the role.
    package let sharee: AccountID
    /// The shared key's id.
    package let keyID: String

    /// Builds the world (`accounts` members) and the role; deterministic ids, no state file.
    package init(accounts: Int = 10) async throws {
        let world = World.starter(accounts: accounts)
        cloud = try SimulatedCloud(world: world, environment: .deterministic())
        owner = world.accounts[0].id
        sharee = world.accounts[1].id
        keyID = try await cloud.describeKey(DescribeKeyRequest(keyID: "alias/shared-disk-key"), context: .root(owner))
            .keyMetadata.keyID
        _ = try await cloud.createRole(
            CreateRoleRequest(roleName: SeedDocuments.diskEncryptRole, assumeRolePolicyDocument: SeedDocuments.ecsTrust),
            context: .root(sharee))
    }

    /// One GetRole by the sharee's root; returns the role name's length so the call is not dead code.
    /// Through `call`, as every caller of a `Cloud` reaches the simulator (its dispatch included).
    package func getRole() async throws -> Int {
        try await cloud.call(GetRoleRequest(roleName: SeedDocuments.diskEncryptRole), context: .root(sharee))
            .role.roleName.utf8.count
    }

    /// One DescribeKey by the owner's root, through `call` like ``getRole()``.
    package func describeKey() async throws -> Int {
        try await cloud.call(DescribeKeyRequest(keyID: keyID), context: .root(owner)).keyMetadata.keyID.utf8.count
    }

    /// `count` GetRole calls in a row from this nonisolated function, so the loop runs on the
    /// cooperative pool and only the actor's own executor switch is measured (a loop in
    /// main.swift would hop to the main thread and back on every call).
    package func getRoles(_ count: Int) async throws -> Int {
        var sink = 0
        for _ in 0..<count { sink &+= try await getRole() }
        return sink
    }

    /// `count` DescribeKey calls in a row, like `getRoles(_:)`.
    package func describeKeys(_ count: Int) async throws -> Int {
        var sink = 0
        for _ in 0..<count { sink &+= try await describeKey() }
        return sink
    }
}
