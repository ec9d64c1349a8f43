import CloudAPI
import CloudModel
import CloudSimulator

/// The names a conformance check needs: who owns the shared key, who it is shared with, and the
/// key and instance ids, all fixed so outcomes (and error messages) match across backends.
package struct ConformanceFixture: Equatable, Sendable {
    /// The resource directory's management account, which owns the KMS instance and the key.
    package var owner: AccountID
    /// Member accounts the key can be shared with.
    package var sharees: [AccountID]
    /// The region of the instance and the key.
    package var region: RegionID
    /// The resource directory id.
    package var resourceDirectoryID: String
    /// The KMS 3.0 instance in the owner account.
    package var instanceID: String
    /// The shared key (in the instance, default key policy at start).
    package var keyID: String
    /// The alias of the shared key.
    package var keyAlias: String
    /// Root access keys per account, for backends that reach the simulator over HTTP.
    package var accessKeys: [AccountID: World.AccessKey]

    /// The first sharee: most checks need exactly one.
    package var sharee: AccountID { sharees[0] }

    /// `acs:kms:<region>:<owner>:key/<id>`: what another account must pass as `KeyId`.
    package var keyARN: String { ResourceName.key(keyID, region: region, account: owner).description }

    /// The owner's root in the fixture's region.
    package var ownerRoot: CallContext { .root(owner, region: region) }

    /// A sharee's root in the fixture's region.
    package func root(_ account: AccountID) -> CallContext { .root(account, region: region) }
}
