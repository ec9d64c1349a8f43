import Audit
import CloudAPI
import CloudModel
import CloudSimulator
import Foundation

extension Explain {
    /// The explainer over the chosen backend, and what to close at the end (the http backend's
    /// connections). The sim backend is opened as a plan opens it: the world (and `--state`) copied
    /// into memory, the state file only read, so explain cannot change it.
    ///
    /// - Throws: `StartFailure` naming the world, state file or credentials and the fix.
    func openExplainer() async throws -> (KeyExplainer, (@Sendable () async throws -> Void)?) {
        switch backend.backend {
        case .sim:
            let environment = SimulatorEnvironment(isDeterministic: false, seed: 0, start: Date(), provisioningDelay: 2)
            let cloud = try await backend.simulatorLaunch(starterAccounts: World.starterMembers)
                .openSnapshot(environment: environment)
            guard let account = await cloud.defaultAccount() else {
                throw StartFailure("--world \(backend.world ?? ""): the world has no accounts; add one under `accounts:`")
            }
            return (KeyExplainer(cloud: cloud, defaultAccount: account, region: backend.regionID()), nil)
        case .http:
            let remote: any Cloud & Sendable
            let account: AccountID
            let shutdown: @Sendable () async throws -> Void
            do {
                let cloud = try backend.makeRemoteCloud()
                shutdown = { try await cloud.shutdown() }
                do {
                    account = try await cloud.broker.ownAccountID()
                } catch {
                    try? await cloud.shutdown()
                    throw StartFailure("the http backend could not identify its credentials (GetCallerIdentity); "
                        + "nothing was read: \(error). Check --endpoint, --profile and the network.")
                }
                remote = cloud
            } catch let failure as StartFailure {
                throw failure
            } catch {
                throw StartFailure("\(error)")
            }
            return (KeyExplainer(cloud: remote, defaultAccount: account, region: backend.regionID()), shutdown)
        }
    }
}
