import CloudAPI
import Foundation

/// What the fault plan does to one call.
struct FaultDecision: Equatable {
    /// Milliseconds to wait before the call runs.
    var latency = 0
    /// The error answered instead of running the call (a throttle, a 5xx, a drop before it arrived).
    var refusal: CloudError?
    /// Whether the call runs and then its answer is lost to a dropped connection.
    var dropsAfter = false
}

/// The running state of a fault plan: per-call draws, per-account rate windows and role creation times.
///
/// Every draw comes from the seed, the calling account, the action and how many calls of that
/// action the account made before: the nth `CreateRole` of an account meets the same fate in
/// every run with the same seed, however the calls of different accounts interleave.
struct FaultInjector {
    /// The plan.
    var plan: FaultPlan
    /// (group or action, account) → (window start second, calls in it).
    var windows: [String: (second: Int, count: Int)] = [:]
    /// (account, action) → calls so far.
    var calls: [String: UInt64] = [:]

    /// Mixed into the seed (see `SimulatedCloud.faultSalt`).
    let salt: UInt64

    /// Starts injecting `plan`.
    init(plan: FaultPlan, salt: UInt64 = 0) {
        self.plan = plan
        self.salt = salt
    }

    /// The throttling error of `group`, with the plan's back-off hint.
    func throttling(_ group: APIGroup) -> CloudError {
        group.isKMS
            ? .kmsThrottling(retryAfterMilliseconds: plan.retryAfterMilliseconds)
            : .throttlingUser(retryAfterMilliseconds: plan.retryAfterMilliseconds)
    }

    /// A server error in `group`'s wording: 503 unavailable or 500 internal, picked by `bits`.
    static func serverError(_ group: APIGroup, bits: UInt64) -> CloudError {
        switch (group.isKMS, bits & 1 == 0) {
        case (true, true):
            CloudError(code: "ServiceUnavailableTemporary", message: "Service is temporarily unavailable.", httpStatus: 503)
        case (true, false):
            CloudError(code: "InternalFailure", message: "Internal failure.", httpStatus: 500)
        case (false, true):
            .serviceUnavailable
        case (false, false):
            .internalError
        }
    }

    /// Decides one call of `action` (`kms:SetKeyPolicy`) in `group` by `account` at `time`.
    mutating func decide(_ group: APIGroup, action: String, account: String, at time: Date) -> FaultDecision {
        guard let rule = plan.rule(for: group, action: action) else { return FaultDecision() }
        var draws = Draws(seed: plan.seed ^ salt, account: account, action: action, call: nextCall(account, action))
        var decision = FaultDecision()
        if let latency = rule.latency { decision.latency = latency.draw((draws.uniform(), draws.uniform())) }
        let second = Int(time.timeIntervalSince1970.rounded(.down))
        // The group's limit counts every call of the group, the action's limit only its own calls.
        if let limit = plan.rules[group]?.requestsPerSecond,
            exceeds(limit, key: group.rawValue + "/" + account, second: second)
        {
            decision.refusal = throttling(group)
            return decision
        }
        if let limit = plan.actions[action]?.requestsPerSecond, exceeds(limit, key: action + "/" + account, second: second) {
            decision.refusal = throttling(group)
            return decision
        }
        let roll = draws.uniform()
        var bound = rule.throttleRate
        if roll < bound {
            decision.refusal = throttling(group)
            return decision
        }
        bound += rule.serverErrorRate
        if roll < bound {
            decision.refusal = Self.serverError(group, bits: draws.next())
            return decision
        }
        bound += rule.dropBeforeRate
        if roll < bound {
            decision.refusal = .connectionDropped(action: action)
            return decision
        }
        bound += rule.dropAfterRate
        if roll < bound {
            decision.dropsAfter = true
            return decision
        }
        if rule.errorRate > 0, draws.uniform() < rule.errorRate {
            decision.refusal =
                rule.errors.isEmpty ? throttling(group) : rule.errors[Int(draws.next() % UInt64(rule.errors.count))]
        }
        return decision
    }

    /// Counts a call in its one-second window; true when it is past `limit`.
    private mutating func exceeds(_ limit: Int, key: String, second: Int) -> Bool {
        var window = windows[key] ?? (second, 0)
        if window.second != second { window = (second, 0) }
        window.count += 1
        windows[key] = window
        return window.count > limit
    }

    /// The number of the account's call of `action` (0 for the first).
    private mutating func nextCall(_ account: String, _ action: String) -> UInt64 {
        let key = account + "|" + action
        let number = calls[key] ?? 0
        calls[key] = number + 1
        return number
    }

}

/// SplitMix64 seeded by a stable hash of the seed, account, action and call number.
struct Draws {
    private var generator: SplitMix64

    /// The draws of one call.
    init(seed: UInt64, account: String, action: String, call: UInt64) {
        // FNV-1a: stable across processes, unlike `Hasher`.
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in account.utf8 + [0] + action.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        generator = SplitMix64(seed: seed ^ hash ^ (call &* 0x9E37_79B9_7F4A_7C15))
    }

    /// The next 64 random bits.
    mutating func next() -> UInt64 { generator.next() }

    /// A uniform draw in 0..<1 (53 bits).
    mutating func uniform() -> Double { Double(next() >> 11) / Double(UInt64(1) << 53) }
}
