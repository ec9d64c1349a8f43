/// Paces calls at `rate` per second with room for `burst` back to back: each call reserves a
/// token and is told how long to wait for it, so calls are spaced before they are sent.
///
/// Time is seconds on any monotonic clock, passed in, so tables of instants test it exactly.
package struct TokenBucket: Sendable, Hashable {
    /// Tokens added per second.
    package let rate: Double
    /// Tokens the bucket holds at most (1: no two calls closer than 1/rate).
    package let burst: Double
    private var tokens: Double
    private var last: Double?

    /// A full bucket.
    package init(rate: Double, burst: Double = 1) {
        self.rate = max(rate, 1e-6)
        self.burst = max(burst, 1)
        tokens = self.burst
    }

    /// Takes a token at `now`; returns the seconds to wait before the call may go (0: at once).
    /// A token taken on credit puts later callers behind it, so waiting callers never overtake.
    package mutating func reserve(at now: Double) -> Double {
        // An instant before the last one (callers racing to the clock) counts as the last one.
        let at = max(last ?? now, now)
        if let last, at > last { tokens = min(burst, tokens + (at - last) * rate) }
        last = at
        tokens -= 1
        return (at - now) + (tokens >= 0 ? 0 : -tokens / rate)
    }
}
