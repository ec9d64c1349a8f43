import CloudAPI
import CloudModel

/// Fills a plan's overlay from a remote backend with read-only calls, before the overlay answers a
/// call about an account, key or role it has not seen.
actor ShadowSeeder {
    /// The backend read from (never written).
    let backend: any Cloud
    /// What the overlay cannot model of the backend.
    private(set) var caveats: [String] = []

    init(backend: any Cloud) {
        self.backend = backend
    }

    /// Seeds what `request` by `context` is about, once.
    func prepare<R: CloudRequest>(_ request: R, context: CallContext, overlay: SimulatedCloud) async throws {}
}

extension ShadowCloud {
    /// A shadow of a remote backend acting as `owner` (placeholder until the seeder lands).
    package static func over(remote: any Cloud, owner: AccountID, environment: SimulatorEnvironment) async throws
        -> ShadowCloud
    {
        let world = World(accounts: [World.Account(id: owner, name: owner.rawValue)])
        let overlay = try SimulatedCloud(world: world, environment: environment)
        return ShadowCloud(overlay: overlay, seeder: ShadowSeeder(backend: remote))
    }
}
