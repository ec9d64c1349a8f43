/// How hard `RemoteCloud` tries: bounded attempts and total time, exponential back-off with
/// full jitter, and the server's `x-acs-retry-after` honoured as a minimum wait.
package struct RetryPolicy: Sendable, Hashable {
    /// Attempts per logical call, the first included.
    package var maxAttempts: Int
    /// The back-off ceiling of the first retry; it doubles for each further retry.
    package var baseDelay: Duration
    /// The largest jittered back-off (a longer server `retry-after` still wins).
    package var maxDelay: Duration
    /// No retry starts once the call has spent this long, waits included.
    package var maxTotalDuration: Duration

    /// Creates a policy.
    package init(
        maxAttempts: Int = 4, baseDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(20),
        maxTotalDuration: Duration = .seconds(60)
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxTotalDuration = maxTotalDuration
    }

    /// One attempt, no retries.
    package static let none = RetryPolicy(maxAttempts: 1)

    /// The wait before retry number `retry` (1 for the first retry).
    ///
    /// Full jitter: a uniform draw (`fraction` in 0...1) below `min(maxDelay, baseDelay * 2^(retry-1))`,
    /// raised to the server's `retryAfterMilliseconds` when it asked for longer.
    package func delay(beforeRetry retry: Int, retryAfterMilliseconds: Int?, fraction: Double) -> Duration {
        let doublings = min(max(retry - 1, 0), 30)
        let ceiling = min(maxDelay, baseDelay * (1 << doublings))
        let jittered = ceiling * min(max(fraction, 0), 1)
        guard let retryAfterMilliseconds, retryAfterMilliseconds > 0 else { return jittered }
        return max(jittered, .milliseconds(retryAfterMilliseconds))
    }
}
