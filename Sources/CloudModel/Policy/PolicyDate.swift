import Foundation

/// Reads the timestamps of `Date*` conditions and of `acs:CurrentTime`.
enum PolicyDate {
    /// Parses ISO-8601 date-times with a `Z` or `±hh:mm` offset, with or without fractional
    /// seconds (`2026-11-29T12:00:00Z`, `2026-11-29T20:00:00.5+08:00`).
    static func parse(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
