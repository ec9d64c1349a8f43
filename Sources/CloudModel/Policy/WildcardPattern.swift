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

    /// Whether `value` matches in full; `?` stands for one character (not one byte).
    package func matches(_ value: String) -> Bool {
        if !text.utf8.contains(where: { $0 == 0x2A || $0 == 0x3F }) {
            return caseInsensitive ? text.lowercased() == value.lowercased() : text == value
        }
        if text.utf8.allSatisfy({ $0 < 0x80 }), value.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII: one byte is one character, so bytes can be matched directly.
            let fold: (UInt8) -> UInt8 = { caseInsensitive && (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
            return Self.matches(pattern: text.utf8.map(fold), subject: value.utf8.map(fold), any: 0x2A, one: 0x3F)
        }
        let pattern = Array(caseInsensitive ? text.lowercased() : text)
        let subject = Array(caseInsensitive ? value.lowercased() : value)
        return Self.matches(pattern: pattern, subject: subject, any: "*", one: "?")
    }

    /// The glob loop over characters or bytes: iterative with single backtracking to the last
    /// `*`, so never exponential.
    private static func matches<Element: Equatable>(
        pattern: [Element], subject: [Element], any: Element, one: Element
    ) -> Bool {
        var p = 0, s = 0
        var star: Int? = nil, resume = 0
        while s < subject.count {
            if p < pattern.count, pattern[p] == one || (pattern[p] != any && pattern[p] == subject[s]) {
                p += 1
                s += 1
            } else if p < pattern.count, pattern[p] == any {
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
        while p < pattern.count, pattern[p] == any { p += 1 }
        return p == pattern.count
    }
}
