import Foundation

/// How long an injected delay lasts: fixed, uniform between two bounds, or skewed (log-normal) with
/// a given mean and 99th percentile, the shape real API latencies have (a long right tail).
package enum FaultLatency: Sendable, Equatable {
    /// Always `milliseconds`.
    case fixed(milliseconds: Int)
    /// Uniform on `min…max` milliseconds.
    case uniform(min: Int, max: Int)
    /// Log-normal with mean `mean` and 99th percentile `p99` milliseconds (`p99` at most 14 × `mean`,
    /// the most skew a log-normal with that mean can have).
    case skewed(mean: Int, p99: Int)

    /// The longest delay ever injected (a minute), whatever the tail draws.
    package static let ceilingMilliseconds = 60_000

    /// The z-score of the 99th percentile of a standard normal distribution.
    static let z99 = 2.326_347_874

    /// The largest `p99 / mean` a log-normal can have (σ reaches z99).
    package static let maximumSkew = 14.0

    /// One delay in milliseconds, drawn from `uniforms` (each in 0..<1).
    func draw(_ uniforms: (Double, Double)) -> Int {
        switch self {
        case .fixed(let milliseconds):
            return milliseconds
        case .uniform(let low, let high):
            return Self.clamp(Double(low) + uniforms.0 * Double(high - low + 1), below: high)
        case .skewed(let mean, let p99):
            guard p99 > mean, mean > 0 else { return mean }
            // mean = exp(μ + σ²/2) and p99 = exp(μ + z·σ) give σ²/2 − z·σ + ln(p99/mean) = 0; the
            // smaller root keeps the mean (the other one puts most mass far below it).
            let gap = log(Double(p99) / Double(mean))
            let sigma = Self.z99 - (Self.z99 * Self.z99 - 2 * min(gap, Self.z99 * Self.z99 / 2)).squareRoot()
            let mu = log(Double(mean)) - sigma * sigma / 2
            // Box–Muller: one standard normal from two uniforms (the first kept away from 0).
            let normal = (-2 * log(max(uniforms.0, 1e-12))).squareRoot() * cos(2 * Double.pi * uniforms.1)
            return Self.clamp(exp(mu + sigma * normal), below: Self.ceilingMilliseconds)
        }
    }

    /// `value` rounded down into 0…`limit` without a trapping conversion.
    private static func clamp(_ value: Double, below limit: Int) -> Int {
        guard value.isFinite, value > 0 else { return 0 }
        return value >= Double(limit) ? limit : Int(value.rounded(.down))
    }

    /// How a person would write it back (`100ms`, `{min: 50ms, max: 200ms}`, `{mean: …, p99: …}`).
    package var description: String {
        switch self {
        case .fixed(let milliseconds): "\(milliseconds)ms"
        case .uniform(let low, let high): "{min: \(low)ms, max: \(high)ms}"
        case .skewed(let mean, let p99): "{mean: \(mean)ms, p99: \(p99)ms}"
        }
    }
}
