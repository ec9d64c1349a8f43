/// Jittered exponential back-off: before retry n, a uniform draw below
/// `min(cap, base × 2^(n-1))` ("full jitter"), never shorter than the server's retry-after.
package struct Backoff: Sendable, Hashable {
    /// The ceiling of the first retry's wait.
    package var base: Duration
    /// The largest jittered wait (a longer server retry-after still wins).
    package var cap: Duration

    /// Creates a back-off.
    package init(base: Duration = .milliseconds(100), cap: Duration = .seconds(5)) {
        self.base = base
        self.cap = cap
    }

    /// The wait before retry number `retry` (1 for the first), `fraction` a draw in 0…1.
    package func delay(beforeRetry retry: Int, retryAfterMilliseconds: Int?, fraction: Double) -> Duration {
        let doublings = min(max(retry - 1, 0), 30)
        let ceiling = min(cap, base * (1 << doublings))
        let jittered = ceiling * min(max(fraction.isNaN ? 0 : fraction, 0), 1)
        guard let retryAfterMilliseconds, retryAfterMilliseconds > 0 else { return jittered }
        return max(jittered, .milliseconds(min(retryAfterMilliseconds, 600_000)))
    }
}
