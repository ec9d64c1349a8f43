import ACSClient
import CloudAPI
import CloudModel
import CloudSimulator
import Foundation
import Rollout

extension SimulatorLaunch {
    /// The simulator a plan changes instead of this launch's: the world (and state file) loaded
    /// into memory, the state file only read (copied under a shared lock, see
    /// `SimulatedCloud.snapshot`), nothing created. Messages are `open(environment:)`'s.
    ///
    /// - Throws: `StartFailure` naming the world or state file and the fix.
    func openSnapshot(environment: SimulatorEnvironment) async throws -> SimulatedCloud {
        let (world, source) = try loadWorld()
        guard let statePath else {
            do {
                let cloud = try SimulatedCloud(world: world, environment: environment)
                try await applyFaults(to: cloud)
                return cloud
            } catch let failure as StartFailure {
                throw failure
            } catch {
                throw StartFailure("--world \(worldPath ?? "(starter)"): \(error)")
            }
        }
        let existing = existingState
        let copy: SimulatedCloud
        do {
            copy = try await SimulatedCloud.snapshot(
                of: URL(fileURLWithPath: statePath), world: world, stamp: WorldStamp(world: world, source: source),
                existing: existing, environment: environment, waiting: waitState)
        } catch {
            throw StartFailure("--state \(statePath): \(error)")
        }
        // A copy starts without faults; the plan meets those the run would.
        await copy.setFaults(world.faults)
        try await applyFaults(to: copy)
        return copy
    }
}

extension Plan {
    /// The shadow of the chosen backend and the account raw calls act as by default, plus what to
    /// close at the end (the http backend's connections).
    func makeShadow() async throws -> (ShadowCloud, AccountID, (@Sendable () async throws -> Void)?, String) {
        switch options.backend.backend {
        case .sim:
            let (shadow, account, described) = try await options.simulatorShadow()
            return (shadow, account, nil, described)
        case .http:
            let (remote, account) = try await options.openRemoteCloud()
            let (shadow, described) = try await options.remoteShadow(over: remote, account: account)
            return (shadow, account, { try await remote.shutdown() }, described)
        }
    }
}

extension PlaybookOptions {
    /// A shadow over a copy of the simulator (world and `--state` in memory), the account raw
    /// calls act as, and how the backend is described (shared by `plan` and `drift`).
    ///
    /// - Throws: `StartFailure` naming the world or state file and the fix.
    func simulatorShadow() async throws -> (ShadowCloud, AccountID, String) {
        // As in `run`: disks stay Creating for 2 simulated seconds and waits move the clock.
        let environment = SimulatorEnvironment(isDeterministic: false, seed: 0, start: Date(), provisioningDelay: 2)
        let overlay = try await backend.simulatorLaunch(starterAccounts: World.starterMembers)
            .openSnapshot(environment: environment)
        guard let account = await overlay.defaultAccount() else {
            throw StartFailure("--world \(backend.world ?? ""): the world has no accounts; add one under `accounts:`")
        }
        let described = backend.simulator.state.map { "the simulator state \($0)" } ?? "the embedded simulator"
        return (ShadowCloud(copy: overlay), account, described)
    }

    /// A shadow over the http backend `remote` whose credentials belong to `account`, and how the
    /// backend is described; on failure `remote` is shut down.
    ///
    /// - Throws: `StartFailure` when the backend could not be read for `purpose` (`the plan`).
    func remoteShadow(over remote: RemoteCloud, account: AccountID, for purpose: String = "the plan") async throws
        -> (ShadowCloud, String)
    {
        let environment = SimulatorEnvironment(isDeterministic: false, seed: 0, start: Date(), provisioningDelay: 2)
        let shadow: ShadowCloud
        // The plan's reads are paced and retried as a run's are: a 1,000-account plan against the
        // real cloud meets its rate limits too.
        let governed = await GovernedBackend.wrap(remote, rate: (try? staging.rateLimits()) ?? RateLimits())
        do {
            shadow = try await ShadowCloud.over(
                remote: governed, owner: account, accessRole: backend.accessRole,
                region: backend.regionID(), environment: environment)
        } catch {
            try? await remote.shutdown()
            throw StartFailure("the http backend could not be read for \(purpose); nothing ran: \(error)")
        }
        let described = backend.endpoint.map { "the http backend at \($0)" } ?? "Alibaba Cloud (http backend)"
        return (shadow, described)
    }
}
