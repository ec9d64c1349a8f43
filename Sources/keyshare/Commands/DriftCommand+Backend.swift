import ACSClient
import ArgumentParser
import CloudModel
import CloudSimulator
import Foundation

extension Drift {
    /// The plan's shadow of the chosen backend, the account raw calls act as, what to close at the
    /// end and how the backend is described. Input that cannot be used (a world, a state file,
    /// credentials that cannot be found) is a `StartFailure` (exit 64); a backend that cannot be
    /// read (GetCallerIdentity or the shadow's first reads fail) exits 1, as any error does.
    func openShadow() async throws -> (ShadowCloud, AccountID, (@Sendable () async throws -> Void)?, String) {
        switch options.backend.backend {
        case .sim:
            let (shadow, account, described) = try await options.simulatorShadow()
            return (shadow, account, nil, described)
        case .http:
            let remote: RemoteCloud
            do {
                remote = try options.backend.makeRemoteCloud()
            } catch {
                throw StartFailure("\(error)")
            }
            let account: AccountID
            do {
                account = try await remote.broker.ownAccountID()
            } catch {
                try? await remote.shutdown()
                StandardError.write(
                    "keyshare: the http backend could not identify its credentials (GetCallerIdentity); "
                        + "nothing was checked: \(error). Check --endpoint, --profile and the network.\n")
                throw ExitCode.failure
            }
            do {
                let (shadow, described) = try await options.remoteShadow(over: remote, account: account, for: "the drift check")
                return (shadow, account, { try await remote.shutdown() }, described)
            } catch let failure as StartFailure {
                StandardError.write("keyshare: \(failure.message)\n")
                throw ExitCode.failure
            }
        }
    }
}
