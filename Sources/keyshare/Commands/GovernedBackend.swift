import ACSClient
import CloudAPI
import CloudSimulator
import Rollout
import Runner

/// The composition root's one wrapping of a chosen backend: every call of a run, resume or undo
/// goes through a `GovernedCloud`, which owns pacing and retries; the http backend then makes one
/// attempt per call (its own retry loop would multiply the governor's).
enum GovernedBackend {
    /// `cloud` governed at `rate` (the command line's paces; a playbook's `rate` field is applied
    /// by the runner once it has read the playbook). Groups neither names are paced at Alibaba's
    /// documented limits over HTTP, and at the limits the embedded simulator enforces in process.
    static func wrap(_ cloud: any Cloud, rate: RateLimits) async -> GovernedCloud {
        let backend: any Cloud = (cloud as? RemoteCloud)?.withoutRetries() ?? cloud
        return GovernedCloud(backend, governor: CallGovernor(limits: rate, defaults: await defaults(for: cloud)))
    }

    /// What paces the groups a run's `rate` does not name.
    static func defaults(for cloud: any Cloud) async -> RateDefaults {
        guard let simulator = cloud as? SimulatedCloud else { return .documented }
        return .enforcing(await simulator.enforcedRateLimits)
    }
}
