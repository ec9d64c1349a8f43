import Foundation

/// A run's identity: `r-20261206T234500Z-3f9a1c`, sortable by start time and unique per journal.
/// ClientTokens derive from it, so a resumed run repeats the same idempotent requests.
package struct RunID: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The id as text.
    package var rawValue: String

    /// Wraps `rawValue` when it has the shape of a run id (`r-` then letters, digits and dashes).
    package init?(_ rawValue: String) {
        guard rawValue.hasPrefix("r-"), rawValue.count > 2, rawValue.count <= 64,
            rawValue.utf8.allSatisfy({
                $0 == UInt8(ascii: "-") || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0)
                    || (0x61...0x7A).contains($0)
            })
        else { return nil }
        self.rawValue = rawValue
    }

    /// A fresh id for a run starting at `date`.
    package static func make(at date: Date = Date()) -> RunID {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : String($0) } ?? "00" }
        let stamp =
            "\(parts.year ?? 0)\(two(parts.month))\(two(parts.day))T\(two(parts.hour))\(two(parts.minute))\(two(parts.second))Z"
        let suffix = String(UInt32.random(in: 0...UInt32.max) & 0xFF_FFFF, radix: 16)
        return RunID(unchecked: "r-\(stamp)-\(String(repeating: "0", count: 6 - suffix.count))\(suffix)")
    }

    private init(unchecked: String) { rawValue = unchecked }

    package var description: String { rawValue }
    package static func < (lhs: RunID, rhs: RunID) -> Bool { lhs.rawValue < rhs.rawValue }
}
