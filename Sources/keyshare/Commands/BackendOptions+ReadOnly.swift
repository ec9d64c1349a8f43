import ACSClient
import CloudAPI
import CloudModel
import CloudSimulator
import Foundation
import Rollout

extension BackendOptions {
    /// The backend opened for reading only, as `explain`, `audit` and `sim capture` read it: the
    /// cloud, the account its credentials belong to, and what to close at the end. The sim backend is
    /// opened as a plan opens it (the world and `--state` copied into memory, the state file only
    /// read); over http the credential broker assumes into member accounts. Both are paced and
    /// retried by class through a run's governor, so throttling or injected faults slow a read down
    /// instead of failing it.
    ///
    /// - Parameter unidentified: the error to throw when the http backend cannot even say whose the
    ///   credentials are (GetCallerIdentity failed), given the sentence that says so; each command
    ///   decides its exit code.
    /// - Throws: `StartFailure` naming the world, state file or credentials and the fix.
    func openReadOnly(unidentified: (String) -> any Error) async throws
        -> (any Cloud, AccountID, (@Sendable () async throws -> Void)?)
    {
        switch backend {
        case .sim:
            let environment = SimulatorEnvironment(isDeterministic: false, seed: 0, start: Date(), provisioningDelay: 2)
            let cloud = try await simulatorLaunch(starterAccounts: World.starterMembers).openSnapshot(environment: environment)
            guard let account = await cloud.defaultAccount() else {
                throw StartFailure("--world \(world ?? ""): the world has no accounts; add one under `accounts:`")
            }
            return (await GovernedBackend.wrap(cloud, rate: RateLimits()), account, nil)
        case .http:
            let remote: RemoteCloud
            do {
                remote = try makeRemoteCloud()
            } catch {
                throw StartFailure("\(error)")
            }
            let account: AccountID
            do {
                account = try await remote.broker.ownAccountID()
            } catch {
                try? await remote.shutdown()
                throw unidentified(
                    "the http backend could not identify its credentials (GetCallerIdentity); nothing "
                        + "was read: \(error). Check --endpoint, --profile and the network.")
            }
            return (await GovernedBackend.wrap(remote, rate: RateLimits()), account, { try await remote.shutdown() })
        }
    }
}
