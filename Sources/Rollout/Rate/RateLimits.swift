import Foundation

/// Requests per second per group, as a run paces them: the defaults (``RateGroup/defaultRate``)
/// overridden by the playbook's `rate` field and then by `--rate`.
package struct RateLimits: Sendable, Hashable {
    /// Overrides per group; groups not named keep their default.
    package var overrides: [RateGroup: Double]

    /// Limits with `overrides` over the defaults.
    package init(_ overrides: [RateGroup: Double] = [:]) {
        self.overrides = overrides
    }

    /// The pace of `group`.
    package func rate(of group: RateGroup) -> Double {
        overrides[group] ?? group.defaultRate
    }

    /// These limits with `other`'s overrides winning (the command line over the playbook).
    package func merging(_ other: RateLimits) -> RateLimits {
        RateLimits(overrides.merging(other.overrides) { _, new in new })
    }

    /// The largest pace accepted: KMS's crypto group documents 750/s; 100,000/s is far above any
    /// documented limit and still a finite number of nanoseconds between calls.
    package static let maximumRate: Double = 100_000

    /// Checks one `group = value` pair, naming `source` (`--rate`, `rate`) in the error, and the
    /// value as the user wrote it (`shown`; by default the number).
    package static func parse(group name: String, value: Double, source: String, shown: String? = nil)
        throws(RateLimitError) -> (RateGroup, Double)
    {
        guard let group = RateGroup(rawValue: name) else {
            throw RateLimitError(
                "\(source): unknown API group '\(name)'; use one of "
                    + RateGroup.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard value.isFinite, value > 0, value <= maximumRate else {
            throw RateLimitError(
                "\(source): \(name) must be a number of requests per second above 0 and at most "
                    + "\(Int(maximumRate)), got \(shown ?? String(value))")
        }
        return (group, value)
    }

    /// Parses `--rate group=N[,group=N]` (repeatable; a later group wins).
    package static func parse(option words: [String]) throws(RateLimitError) -> RateLimits {
        var overrides: [RateGroup: Double] = [:]
        for word in words {
            for pair in word.split(separator: ",", omittingEmptySubsequences: false) {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                    .map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, !parts[0].isEmpty else {
                    throw RateLimitError("--rate '\(word)': write group=N, e.g. --rate kms-write=5,sts=50")
                }
                guard let value = Double(parts[1]) else {
                    throw RateLimitError(
                        "--rate '\(word)': \(parts[0]) must be a number of requests per second, got '\(parts[1])'")
                }
                let (group, rate) = try parse(group: parts[0], value: value, source: "--rate", shown: "'\(parts[1])'")
                overrides[group] = rate
            }
        }
        return RateLimits(overrides)
    }
}

/// A rate limit that cannot be used, naming where it came from and the fix.
package struct RateLimitError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The message.
    package var description: String
    /// Creates an error.
    package init(_ description: String) { self.description = description }
}
