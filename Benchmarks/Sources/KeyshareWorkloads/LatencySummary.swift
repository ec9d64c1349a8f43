/// Percentiles of a set of latencies, in microseconds.
package struct LatencySummary: Sendable {
    /// Sorted samples.
    private let sorted: [Double]
    /// The samples, sorted.
    package var samples: [Double] { sorted }

    /// Summarizes `samples` (microseconds).
    package init(_ samples: [Double]) { sorted = samples.sorted() }

    /// The `fraction` quantile (nearest rank); 0 without samples.
    package func percentile(_ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }
}

extension Duration {
    /// The duration in seconds, as a Double.
    package var inSeconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) * 1e-18
    }
}
