import Synchronization

/// The pacing half of a run's call governor, without any cloud types: a token bucket per API group,
/// account and region (``RateGroup``), an AIMD window of calls in flight per group, the retry
/// budgets, the throttling meter and the run's brake. `GovernedCloud` (Runner) applies it to calls.
///
/// Waiting is always a suspension (`sleep`), never a blocked thread. A class under one lock rather
/// than an actor: every call of a run is admitted and released here, and two actor hops per call
/// cost more than the pacing they decide when nothing is paced (the embedded simulator).
package final class CallGovernor: Sendable {
    /// The paces in force.
    package var limits: RateLimits { state.withLock { $0.limits } }
    /// The pace of a group `limits` does not name (nil there: not paced).
    package let defaults: RateDefaults
    /// Back-off between attempts.
    package let backoff: Backoff
    /// The most a single call waits on throttling before it fails with the throttling error.
    package let maximumThrottleWait: Duration
    /// Attempts of a call that is safe to repeat and meets 5xx answers or dropped connections.
    package let maximumTransientAttempts: Int
    /// How long a grant naming a role this run created is retried while the cloud says the role
    /// does not exist (RAM is eventually consistent).
    package let principalPropagation: Duration
    /// Throttling waits per target and in total.
    package let meter: ThrottleMeter
    /// Pulled on an authentication failure.
    package let brake: RunBrake
    /// Waits (tests pass a recorder).
    package let sleep: @Sendable (Duration) async -> Void
    /// A uniform draw in 0…1 for jitter.
    package let random: @Sendable () -> Double

    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant

    /// Everything that changes, under one lock.
    private struct State: ~Copyable {
        var limits: RateLimits
        var buckets: [String: TokenBucket] = [:]
        var windows: [RateGroup: ConcurrencyWindow] = [:]
        var inFlight: [RateGroup: Int] = [:]
        var waiting: [RateGroup: [CheckedContinuation<Void, Never>]] = [:]
        var counters = Counters()
    }
    private let state: Mutex<State>

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
    package init(
        limits: RateLimits = RateLimits(), defaults: RateDefaults = .documented, backoff: Backoff = Backoff(),
        maximumThrottleWait: Duration = .seconds(120), maximumTransientAttempts: Int = 4,
        principalPropagation: Duration = .seconds(30), maximumInFlight: Int = 256,
        sleep: @escaping @Sendable (Duration) async -> Void = { try? await Task.sleep(for: $0) },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }
    ) {
        state = Mutex(State(limits: limits))
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
    package var counts: Counters { state.withLock { $0.counters } }

    /// Paces calls by `limits` from now on (a playbook's `rate` field under `--rate`, known once the
    /// playbook is read); buckets restart full.
    package func use(_ limits: RateLimits) {
        state.withLock {
            $0.limits = limits
            $0.buckets = [:]
        }
    }

    /// The current in-flight limit of `group`.
    package func allowed(_ group: RateGroup) -> Int {
        state.withLock { window(group, in: $0).allowed }
    }

    /// Waits for a slot of `group` and then for its token in `bucket` (`group/account[/region]`, or
    /// `group/action/account` where the limits are per API and no `rate` names the group).
    /// Pair with ``release(_:throttled:)``.
    package func admit(_ group: RateGroup, bucket: String, action: String = "") async {
        let admitted = state.withLock { state -> Bool in
            state.counters.calls += 1
            return takeSlot(group, in: &state)
        }
        if !admitted {
            // Checked again under the lock that queues it: a release in between is not missed. A
            // release that wakes it hands its slot over (counted in flight already).
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state -> Bool in
                    if takeSlot(group, in: &state) { return true }
                    state.waiting[group, default: []].append(continuation)
                    return false
                }
                if now { continuation.resume() }
            }
        }
        let now = seconds()
        let wait = state.withLock { state -> Double in
            let rate: Double
            let key: String
            if let override = state.limits.overrides[group] {
                (rate, key) = (override, group.rawValue + "/" + bucket)
            } else if let pace = defaults.pace(of: group, action: action) {
                rate = pace.rate
                key = group.rawValue + "/" + (pace.perAction ? action + "/" : "") + bucket
            } else {
                return 0
            }
            var tokens = state.buckets[key] ?? TokenBucket(rate: rate, burst: Self.burst(of: rate))
            let wait = tokens.reserve(at: now)
            state.buckets[key] = tokens
            if wait > 0 { state.counters.paced += 1 }
            return wait
        }
        if wait > 0 {
            await sleep(.nanoseconds(Int64((min(wait, 3_600) * 1e9).rounded(.up))))
        }
    }

    /// Counts a call of `group` in flight when its window has room.
    private func takeSlot(_ group: RateGroup, in state: inout State) -> Bool {
        guard state.inFlight[group, default: 0] < window(group, in: state).allowed else { return false }
        state.inFlight[group, default: 0] += 1
        return true
    }

    /// The calls a bucket paced at `rate` lets go back to back: an eighth of a second's worth. Paces
    /// are 80 % of a limit, so any one-second window sees at most 90 % of the limit, and two
    /// independent reads (a key policy and its instance's quota) need not wait a token apart.
    package static func burst(of rate: Double) -> Double {
        max(1, (rate / 8).rounded(.down))
    }

    /// Gives the slot back; a throttling answer narrows the group's window, anything else widens it.
    package func release(_ group: RateGroup, throttled: Bool) {
        let now = seconds()
        let woken = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            var window = window(group, in: state)
            if throttled {
                state.counters.throttled += 1
                window.throttled(at: now)
            } else {
                window.succeeded()
            }
            state.windows[group] = window
            state.inFlight[group] = max(0, state.inFlight[group, default: 1] - 1)
            guard var queue = state.waiting[group], !queue.isEmpty else { return [] }
            let free = max(0, window.allowed - state.inFlight[group, default: 0])
            let woken = Array(queue.prefix(free))
            queue.removeFirst(woken.count)
            state.waiting[group] = queue
            // Each woken call gets its slot here, so none is taken by a newcomer in between.
            state.inFlight[group, default: 0] += woken.count
            return woken
        }
        for continuation in woken { continuation.resume() }
    }

    /// Notes a retry after a 5xx or a dropped connection.
    package func noteTransientRetry() { state.withLock { $0.counters.transientRetries += 1 } }

    private func window(_ group: RateGroup, in state: borrowing State) -> ConcurrencyWindow {
        state.windows[group] ?? ConcurrencyWindow(maximum: maximumInFlight)
    }

    private func seconds() -> Double {
        let (whole, fraction) = (clock.now - origin).components
        return Double(whole) + Double(fraction) / 1e18
    }
}
