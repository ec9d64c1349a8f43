/// The pacing half of a run's call governor, without any cloud types: a token bucket per API group,
/// account and region (``RateGroup``), an AIMD window of calls in flight per group, the retry
/// budgets, the throttling meter and the run's brake. `GovernedCloud` (Runner) applies it to calls.
///
/// Waiting is always a suspension (`sleep`), never a blocked thread.
package actor CallGovernor {
    /// The paces in force.
    package private(set) var limits: RateLimits
    /// The pace of a group `limits` does not name (nil there: not paced).
    package nonisolated let defaults: RateDefaults
    /// Back-off between attempts.
    package nonisolated let backoff: Backoff
    /// The most a single call waits on throttling before it fails with the throttling error.
    package nonisolated let maximumThrottleWait: Duration
    /// Attempts of a call that is safe to repeat and meets 5xx answers or dropped connections.
    package nonisolated let maximumTransientAttempts: Int
    /// How long a grant naming a role this run created is retried while the cloud says the role
    /// does not exist (RAM is eventually consistent).
    package nonisolated let principalPropagation: Duration
    /// Throttling waits per target and in total.
    package nonisolated let meter: ThrottleMeter
    /// Pulled on an authentication failure.
    package nonisolated let brake: RunBrake
    /// Waits (tests pass a recorder).
    package nonisolated let sleep: @Sendable (Duration) async -> Void
    /// A uniform draw in 0…1 for jitter.
    package nonisolated let random: @Sendable () -> Double

    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant
    private var buckets: [String: TokenBucket] = [:]
    private var windows: [RateGroup: ConcurrencyWindow] = [:]
    private var inFlight: [RateGroup: Int] = [:]
    private var waiting: [RateGroup: [CheckedContinuation<Void, Never>]] = [:]
    private var counters = Counters()

    /// What the governor did, for tests and the benchmark.
    package struct Counters: Sendable, Hashable {
        /// Calls admitted.
        package var calls = 0
        /// Throttling answers seen.
        package var throttled = 0
        /// Attempts sent again after a 5xx or a dropped connection.
        package var transientRetries = 0
        /// Calls that waited for their group's token.
        package var paced = 0
    }

    /// Creates a governor.
    package init(limits: RateLimits = RateLimits(), defaults: RateDefaults = .documented, backoff: Backoff = Backoff(),
                 maximumThrottleWait: Duration = .seconds(120), maximumTransientAttempts: Int = 4,
                 principalPropagation: Duration = .seconds(30), maximumInFlight: Int = 256,
                 sleep: @escaping @Sendable (Duration) async -> Void = { try? await Task.sleep(for: $0) },
                 random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) })
    {
        self.limits = limits
        self.defaults = defaults
        self.backoff = backoff
        self.maximumThrottleWait = maximumThrottleWait
        self.maximumTransientAttempts = max(1, maximumTransientAttempts)
        self.principalPropagation = principalPropagation
        self.sleep = sleep
        self.random = random
        meter = ThrottleMeter()
        brake = RunBrake()
        origin = clock.now
        self.maximumInFlight = Double(max(1, maximumInFlight))
    }

    private let maximumInFlight: Double

    /// What the governor did so far.
    package var counts: Counters { counters }

    /// Paces calls by `limits` from now on (a playbook's `rate` field under `--rate`, known once the
    /// playbook is read); buckets restart full.
    package func use(_ limits: RateLimits) {
        self.limits = limits
        buckets = [:]
    }

    /// The current in-flight limit of `group`.
    package func allowed(_ group: RateGroup) -> Int { window(group).allowed }

    /// Waits for a slot of `group` and then for its token in `bucket` (`group/account[/region]`, or
    /// `group/action/account` where the limits are per API and no `rate` names the group).
    /// Pair with ``release(_:throttled:)``.
    package func admit(_ group: RateGroup, bucket: String, action: String = "") async {
        counters.calls += 1
        while (inFlight[group] ?? 0) >= window(group).allowed {
            await withCheckedContinuation { waiting[group, default: []].append($0) }
        }
        inFlight[group, default: 0] += 1
        let rate: Double, key: String
        if let override = limits.overrides[group] {
            (rate, key) = (override, group.rawValue + "/" + bucket)
        } else if let pace = defaults.pace(of: group, action: action) {
            rate = pace.rate
            key = group.rawValue + "/" + (pace.perAction ? action + "/" : "") + bucket
        } else {
            return
        }
        var tokens = buckets[key] ?? TokenBucket(rate: rate, burst: Self.burst(of: rate))
        let wait = tokens.reserve(at: seconds())
        buckets[key] = tokens
        if wait > 0 {
            counters.paced += 1
            await sleep(.nanoseconds(Int64((min(wait, 3_600) * 1e9).rounded(.up))))
        }
    }

    /// The calls a bucket paced at `rate` lets go back to back: an eighth of a second's worth. Paces
    /// are 80 % of a limit, so any one-second window sees at most 90 % of the limit, and two
    /// independent reads (a key policy and its instance's quota) need not wait a token apart.
    package static func burst(of rate: Double) -> Double {
        max(1, (rate / 8).rounded(.down))
    }

    /// Gives the slot back; a throttling answer narrows the group's window, anything else widens it.
    package func release(_ group: RateGroup, throttled: Bool) {
        var window = window(group)
        if throttled {
            counters.throttled += 1
            window.throttled(at: seconds())
        } else {
            window.succeeded()
        }
        windows[group] = window
        inFlight[group] = max(0, (inFlight[group] ?? 1) - 1)
        var queue = waiting[group] ?? []
        let free = max(0, window.allowed - (inFlight[group] ?? 0))
        let woken = queue.prefix(free)
        queue.removeFirst(woken.count)
        waiting[group] = queue
        for continuation in woken { continuation.resume() }
    }

    /// Notes a retry after a 5xx or a dropped connection.
    package func noteTransientRetry() { counters.transientRetries += 1 }

    private func window(_ group: RateGroup) -> ConcurrencyWindow {
        windows[group] ?? ConcurrencyWindow(maximum: maximumInFlight)
    }

    private func seconds() -> Double {
        let (whole, fraction) = (clock.now - origin).components
        return Double(whole) + Double(fraction) / 1e18
    }
}
