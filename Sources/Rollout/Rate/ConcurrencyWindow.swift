/// Additive increase, multiplicative decrease of the calls one API group may have in flight:
/// each success adds 1/limit (one more slot per window of successes), a throttling answer halves
/// the limit, at most once per `cooldown` (a burst of throttles from one overload halves it once).
package struct ConcurrencyWindow: Sendable, Hashable {
    /// The fewest calls allowed in flight.
    package let minimum: Double
    /// The most calls allowed in flight.
    package let maximum: Double
    /// The factor a throttle multiplies the limit by.
    package let decrease: Double
    /// Seconds after one decrease in which further throttles do not decrease again.
    package let cooldown: Double
    /// The current limit.
    package private(set) var limit: Double
    private var lastDecrease: Double?

    /// A window starting at `maximum` (throttling, not a slow start, is what brings it down).
    package init(minimum: Double = 1, maximum: Double = 256, decrease: Double = 0.5, cooldown: Double = 0.5) {
        self.minimum = max(1, minimum)
        self.maximum = max(self.minimum, maximum)
        self.decrease = min(max(decrease, 0.1), 0.95)
        self.cooldown = max(0, cooldown)
        limit = self.maximum
    }

    /// Calls allowed in flight now.
    package var allowed: Int {
        let whole = limit.rounded(.down)
        return whole >= 1 && whole < Double(Int.max) ? Int(whole) : 1
    }

    /// A call succeeded (or failed for a reason other than throttling).
    package mutating func succeeded() {
        limit = min(maximum, limit + 1 / limit)
    }

    /// A call was throttled at `now` (seconds).
    package mutating func throttled(at now: Double) {
        if let lastDecrease, now - lastDecrease < cooldown { return }
        lastDecrease = now
        limit = max(minimum, limit * decrease)
    }
}
