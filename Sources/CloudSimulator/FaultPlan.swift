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

    /// The product whose calls fall in the group.
    var product: CloudProduct {
        switch self {
        case .kmsCreate, .kmsCrypto, .kmsRead, .kmsWrite: .kms
        case .ram: .ram
        case .sts: .sts
        case .ecs: .ecs
        case .resourceManager: .resourceManager
        case .resourceSharing: .resourceSharing
        }
    }
}

/// Injected failures, latency, rate limits and eventual consistency, per API group and per action,
/// reproducible from `seed`. A user writes one as the `faults:` section of a world file or with
/// `--faults` (see `FaultPlan+Parsing.swift`); tests build it in code.
package struct FaultPlan: Sendable, Equatable {
    /// What happens to the calls of one group (or one action). Rates are probabilities (0…1) drawn
    /// once per call from one roll, so they add up: their sum is at most 1.
    package struct Rule: Sendable, Equatable {
        /// Probability that a call fails with one of `errors` (drawn separately from the rates below).
        package var errorRate: Double
        /// The errors `errorRate` picks from; empty means the group's throttling error.
        package var errors: [CloudError]
        /// Probability of the group's throttling error, with the plan's retry-after hint.
        package var throttleRate: Double
        /// Probability of a server error (503 unavailable or 500 internal, in the product's wording).
        package var serverErrorRate: Double
        /// Probability that the connection drops before the call reaches the service (nothing applied).
        package var dropBeforeRate: Double
        /// Probability that the connection drops after the call was applied (the answer is lost).
        package var dropAfterRate: Double
        /// Latency added to every call.
        package var latency: FaultLatency?
        /// A per-account limit in requests per second of the simulator's clock; excess is throttled.
        package var requestsPerSecond: Int?

        /// Builds a rule; everything is off by default. `latencyMilliseconds` is a uniform latency.
        package init(
            errorRate: Double = 0, errors: [CloudError] = [], latencyMilliseconds: ClosedRange<Int>? = nil,
            requestsPerSecond: Int? = nil, throttleRate: Double = 0, serverErrorRate: Double = 0,
            dropBeforeRate: Double = 0, dropAfterRate: Double = 0, latency: FaultLatency? = nil
        ) {
            self.errorRate = errorRate
            self.errors = errors
            self.requestsPerSecond = requestsPerSecond
            self.throttleRate = throttleRate
            self.serverErrorRate = serverErrorRate
            self.dropBeforeRate = dropBeforeRate
            self.dropAfterRate = dropAfterRate
            self.latency = latency ?? latencyMilliseconds.map { .uniform(min: $0.lowerBound, max: $0.upperBound) }
        }

        /// Whether the rule changes anything at all.
        var isEmpty: Bool { self == Rule() }
    }

    /// The generator seed.
    package var seed: UInt64
    /// Rules per group; groups without a rule are untouched.
    package var rules: [APIGroup: Rule]
    /// Rules per action (`kms:SetKeyPolicy`), replacing the group's rule for that action. Their
    /// `requestsPerSecond` counts the action's calls alone; the group's limit still counts them too.
    package var actions: [String: Rule]
    /// The back-off hint attached to throttling errors.
    package var retryAfterMilliseconds: Int
    /// Seconds of the simulator's clock after `CreateRole` before KMS (a key policy's principal)
    /// and STS (`AssumeRole`) see the new role; nil: at once.
    package var rolePropagationSeconds: Double?

    /// Builds a plan.
    package init(
        seed: UInt64 = 0, rules: [APIGroup: Rule] = [:], actions: [String: Rule] = [:],
        retryAfterMilliseconds: Int = 200, rolePropagationSeconds: Double? = nil
    ) {
        self.seed = seed
        self.rules = rules
        self.actions = actions
        self.retryAfterMilliseconds = retryAfterMilliseconds
        self.rolePropagationSeconds = rolePropagationSeconds
    }

    /// Alibaba's documented limits only: STS AssumeRole 100 requests/s per account.
    package static let documentedLimits = FaultPlan(rules: [.sts: Rule(requestsPerSecond: 100)])

    /// The rule deciding a call of `action` (`kms:SetKeyPolicy`) in `group`, if any.
    func rule(for group: APIGroup, action: String) -> Rule? {
        actions[action] ?? rules[group]
    }
}
