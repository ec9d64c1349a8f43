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
    ///
    /// ASCII pattern and value (the common case: actions, ARNs) are matched on their UTF-8 bytes
    /// in place, without allocating; anything else on `Character`s.
    package func matches(_ value: String) -> Bool {
        var pattern = text
        var subject = value
        let fold = caseInsensitive
        let ascii = pattern.withUTF8 { p in
            subject.withUTF8 { s -> Bool? in
                guard Self.isASCII(p), Self.isASCII(s) else { return nil }
                return Self.glob(p, s, any: UInt8(ascii: "*"), one: UInt8(ascii: "?")) { a, b in
                    a == b || (fold && a | 0x20 == b | 0x20 && (0x61...0x7A).contains(a | 0x20))
                }
            }
        }
        if let ascii { return ascii }
        let characters = Array(caseInsensitive ? text.lowercased() : text)
        let other = Array(caseInsensitive ? value.lowercased() : value)
        return Self.glob(characters, other, any: "*", one: "?", equal: ==)
    }

    private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.allSatisfy { $0 < 0x80 }
    }

    /// The glob loop over characters or bytes: iterative with single backtracking to the last
    /// `*`, so never exponential.
    private static func glob<C: RandomAccessCollection>(
        _ pattern: C, _ subject: C, any: C.Element, one: C.Element, equal: (C.Element, C.Element) -> Bool
    ) -> Bool where C.Index == Int, C.Element: Equatable {
        var p = pattern.startIndex
        var s = subject.startIndex
        var star: Int? = nil
        var resume = s
        while s < subject.endIndex {
            if p < pattern.endIndex, pattern[p] == one || (pattern[p] != any && equal(pattern[p], subject[s])) {
                p += 1
                s += 1
            } else if p < pattern.endIndex, pattern[p] == any {
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
        while p < pattern.endIndex, pattern[p] == any { p += 1 }
        return p == pattern.endIndex
    }
}
