import ACSClient
import CloudAPI
import CloudModel
import CloudSimulator
import Foundation
import Rollout

extension Sim.Capture {
    /// The cloud to read, the account its credentials belong to, and what to close at the end. The
    /// sim backend is opened as a plan opens it (a copy in memory, the state file only read). Both
    /// are paced and retried by the run's governor, so throttling slows a capture down instead of
    /// failing it.
    ///
    /// - Throws: `StartFailure` naming the world, state file or credentials and the fix.
    func openCaptureBackend() async throws -> (any Cloud, AccountID, (@Sendable () async throws -> Void)?) {
        switch backend.backend {
        case .sim:
            let environment = SimulatorEnvironment(isDeterministic: false, seed: 0, start: Date(), provisioningDelay: 2)
            let cloud = try await backend.simulatorLaunch(starterAccounts: World.starterMembers)
                .openSnapshot(environment: environment)
            guard let account = await cloud.defaultAccount() else {
                throw StartFailure("--world \(backend.world ?? ""): the world has no accounts; add one under `accounts:`")
            }
            // Governed as a run is, so the faults of --faults or the world are retried, not fatal.
            return (await GovernedBackend.wrap(cloud, rate: RateLimits()), account, nil)
        case .http:
            let remote: RemoteCloud
            do {
                remote = try backend.makeRemoteCloud()
            } catch {
                throw StartFailure("\(error)")
            }
            let account: AccountID
            do {
                account = try await remote.broker.ownAccountID()
            } catch {
                try? await remote.shutdown()
                throw StartFailure("the http backend could not identify its credentials (GetCallerIdentity); "
                    + "nothing was read: \(error). Check --endpoint, --profile and the network.")
            }
            let governed = await GovernedBackend.wrap(remote, rate: RateLimits())
            return (governed, account, { try await remote.shutdown() })
        }
    }
}
