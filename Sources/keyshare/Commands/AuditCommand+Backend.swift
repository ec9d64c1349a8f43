import ACSClient
import ArgumentParser
import Audit
import CloudAPI
import CloudModel
import CloudSimulator
import Foundation
import Rollout

extension AuditCommand {
    /// The backend the audit reads, the account it reads as, and what to close at the end. The sim
    /// backend is opened as explain and plan open it (the world and `--state` copied into memory,
    /// the state file only read); over http the credential broker assumes into member accounts and
    /// every read is paced and retried as a run's are.
    ///
    /// - Throws: `StartFailure` naming the world, state file or credentials and the fix; `ExitCode.failure`
    ///   (exit 1) when the http backend cannot even say whose the credentials are.
    func openBackend() async throws -> (any Cloud, AccountID, (@Sendable () async throws -> Void)?) {
        switch backend.backend {
        case .sim:
            let environment = SimulatorEnvironment(isDeterministic: false, seed: 0, start: Date(), provisioningDelay: 2)
            let cloud = try await backend.simulatorLaunch(starterAccounts: World.starterMembers)
                .openSnapshot(environment: environment)
            guard let account = await cloud.defaultAccount() else {
                throw StartFailure("--world \(backend.world ?? ""): the world has no accounts; add one under `accounts:`")
            }
            return (cloud, account, nil)
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
                // Not bad input: the backend could not be read at all (exit 1, as a failed read later).
                StandardError.write("keyshare: audit could not read the backend: the http backend could not identify its "
                    + "credentials (GetCallerIdentity); nothing was read: \(error). Check --endpoint, --profile and the network.\n")
                throw ExitCode.failure
            }
            // A thousand-account audit meets Alibaba's rate limits as a run does: paced, retried by class.
            let governed = await GovernedBackend.wrap(remote, rate: RateLimits())
            return (governed, account, { try await remote.shutdown() })
        }
    }
}
