import CloudAPI

extension RemoteCloud {
    /// This cloud making one attempt per call, for a caller that owns retries (the run's
    /// `GovernedCloud`): two loops would multiply attempts (4 × 4) and hide throttling from the
    /// governor's AIMD window. Credentials (STS AssumeRole of member sessions) keep their retries:
    /// the governor never sees those calls.
    package func withoutRetries() -> RemoteCloud {
        var caller = caller
        caller.retryPolicy = .none
        return RemoteCloud(caller: caller, broker: broker, shutdown: { try await self.shutdown() })
    }
}
