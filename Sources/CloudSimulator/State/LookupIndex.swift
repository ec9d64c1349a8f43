import CloudModel

/// Where a resource lives: its owner account and region.
struct ResourceLocation: Sendable, Hashable {
    /// The owner.
    var owner: AccountID
    /// The region.
    var region: String
}

/// Global id → owner lookups, rebuilt from the accounts on start and kept current by every
/// mutation (never persisted): KMS keys (ciphertexts and ECS name keys by id alone), snapshots and
/// images (shared across accounts), and access keys.
struct LookupIndex: Sendable {
    /// Key id → location.
    var keys: [KMSKeyID: ResourceLocation] = [:]
    /// Snapshot id → location.
    var snapshots: [String: ResourceLocation] = [:]
    /// Image id → location.
    var images: [String: ResourceLocation] = [:]
    /// AccessKeyId (static and STS) → account.
    var accessKeys: [String: AccountID] = [:]

    /// Builds the index of `accounts`.
    init(_ accounts: [AccountID: AccountState]) {
        for (id, account) in accounts {
            for key in account.accessKeys { accessKeys[key.id] = id }
            for sessionKey in account.sessions.keys { accessKeys[sessionKey] = id }
            for (regionName, region) in account.regions {
                let location = ResourceLocation(owner: id, region: regionName)
                for keyID in region.keys.keys { keys[keyID] = location }
                for snapshotID in region.snapshots.keys { snapshots[snapshotID] = location }
                for imageID in region.images.keys { images[imageID] = location }
            }
        }
    }
}
