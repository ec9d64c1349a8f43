/// A policy string pattern: `*` matches any run of characters (including `:` and `/`), `?` exactly
/// one; the whole value must match.
package struct WildcardPattern: Hashable, Sendable {
    /// The pattern as written in the policy.
    package let text: String
    /// Whether letters compare without regard to case (actions, role names).
    package let caseInsensitive: Bool

    /// Wraps `text`; nothing to validate, every string is a pattern.
    package init(_ text: String, caseInsensitive: Bool = false) {
        self.text = text
        self.caseInsensitive = caseInsensitive
    }

    /// Whether `value` matches in full. Iterative with single backtracking, so linear-ish in the
    /// common cases and never exponential.
    package func matches(_ value: String) -> Bool {
        let pattern = Array(caseInsensitive ? text.lowercased() : text)
        let subject = Array(caseInsensitive ? value.lowercased() : value)
        var p = 0, s = 0
        var star: Int? = nil, resume = 0
        while s < subject.count {
            if p < pattern.count, pattern[p] == "?" || (pattern[p] != "*" && pattern[p] == subject[s]) {
                p += 1
                s += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p
                resume = s
                p += 1
            } else if let starIndex = star {
                p = starIndex + 1
                resume += 1
                s = resume
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
