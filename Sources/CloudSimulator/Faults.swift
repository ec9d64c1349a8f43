import CloudAPI
import Foundation

/// The API groups faults and limits apply to (KMS groups follow its documented quota groups).
package enum APIGroup: String, Sendable, Hashable, CaseIterable, Codable {
    /// CreateKey.
    case kmsCreate = "kms-create"
    /// Encrypt, Decrypt, GenerateDataKey.
    case kmsCrypto = "kms-crypto"
    /// DescribeKey, List*, Get*.
    case kmsRead = "kms-read"
    /// State, alias, tag and policy changes.
    case kmsWrite = "kms-write"
    /// Every RAM call.
    case ram
    /// Every STS call.
    case sts
    /// Every ECS call.
    case ecs
    /// Every ResourceManager call.
    case resourceManager = "resourcemanager"
    /// Every Resource Sharing call.
    case resourceSharing = "resourcesharing"

    /// KMS throttles with 429 `Rejected.Throttling`, the others with 400 `Throttling.User`.
    var isKMS: Bool { rawValue.hasPrefix("kms") }
}

/// Injected failures, latency and rate limits, per API group, reproducible from `seed`.
package struct FaultPlan: Sendable {
    /// What happens to calls of one group.
    package struct Rule: Sendable {
        /// Probability (0…1) that a call fails with one of `errors`.
        package var errorRate: Double
        /// The errors to pick from; empty means the group's throttling error.
        package var errors: [CloudError]
        /// Added latency in milliseconds, drawn uniformly from the range.
        package var latencyMilliseconds: ClosedRange<Int>?
        /// A per-account rate limit (requests per simulated-or-real second); excess is throttled.
        package var requestsPerSecond: Int?

        /// Builds a rule; everything is off by default.
        package init(errorRate: Double = 0, errors: [CloudError] = [], latencyMilliseconds: ClosedRange<Int>? = nil,
                     requestsPerSecond: Int? = nil) {
            self.errorRate = errorRate
            self.errors = errors
            self.latencyMilliseconds = latencyMilliseconds
            self.requestsPerSecond = requestsPerSecond
        }
    }

    /// The generator seed.
    package var seed: UInt64
    /// Rules per group; groups without a rule are untouched.
    package var rules: [APIGroup: Rule]
    /// The back-off hint attached to throttling errors.
    package var retryAfterMilliseconds: Int

    /// Builds a plan.
    package init(seed: UInt64 = 0, rules: [APIGroup: Rule] = [:], retryAfterMilliseconds: Int = 200) {
        self.seed = seed
        self.rules = rules
        self.retryAfterMilliseconds = retryAfterMilliseconds
    }

    /// Alibaba's documented limits only: STS AssumeRole 100 requests/s per account.
    package static let documentedLimits = FaultPlan(rules: [.sts: Rule(requestsPerSecond: 100)])
}

/// The running state of a fault plan: its generator and per-account rate windows.
struct FaultInjector {
    /// The plan.
    var plan: FaultPlan
    /// The generator (deterministic under the plan's seed).
    var ids: IDGenerator
    /// (group, account) → (window start second, calls in it).
    var windows: [String: (second: Int, count: Int)] = [:]

    /// Starts injecting `plan`.
    init(plan: FaultPlan) {
        self.plan = plan
        self.ids = IDGenerator(seed: plan.seed, deterministic: true)
    }

    /// The throttling error of `group`.
    func throttling(_ group: APIGroup) -> CloudError {
        group.isKMS ? .kmsThrottling(retryAfterMilliseconds: plan.retryAfterMilliseconds)
            : .throttlingUser(retryAfterMilliseconds: plan.retryAfterMilliseconds)
    }

    /// Decides one call: the latency to add and the error to throw, if any.
    mutating func decide(_ group: APIGroup, account: String, at time: Date) -> (latency: Int, error: CloudError?) {
        guard let rule = plan.rules[group] else { return (0, nil) }
        var latency = 0
        if let range = rule.latencyMilliseconds {
            latency = range.lowerBound + Int(ids.next() % UInt64(range.count))
        }
        if let limit = rule.requestsPerSecond {
            let key = group.rawValue + "/" + account
            let second = Int(time.timeIntervalSince1970.rounded(.down))
            var window = windows[key] ?? (second, 0)
            if window.second != second { window = (second, 0) }
            window.count += 1
            windows[key] = window
            if window.count > limit { return (latency, throttling(group)) }
        }
        if rule.errorRate > 0, Double(ids.next() % 1_000_000) / 1_000_000 < rule.errorRate {
            let error = rule.errors.isEmpty ? throttling(group) : rule.errors[Int(ids.next() % UInt64(rule.errors.count))]
            return (latency, error)
        }
        return (latency, nil)
    }
}

extension SimulatedCloud {
    /// Turns fault injection on (or off with nil); off by default.
    package func setFaults(_ plan: FaultPlan?) {
        faults = plan.map(FaultInjector.init(plan:))
    }

    /// Applies the fault plan to one call: sleeps the latency, then throws the chosen error.
    func injectFaults(_ group: APIGroup, context: CallContext) async throws {
        guard var injector = faults else { return }
        let decision = injector.decide(group, account: context.principal.accountID?.rawValue ?? "-", at: now)
        faults = injector
        if decision.latency > 0 { try await Task.sleep(nanoseconds: UInt64(decision.latency) * 1_000_000) }
        if let error = decision.error { throw error }
    }
}
