extension String {
    /// Whether two strings are equal ignoring case: ASCII byte-wise without allocating, otherwise
    /// by comparing their lower-cased forms.
    func equalsIgnoringCase(_ other: String) -> Bool {
        let fast =
            utf8.withContiguousStorageIfAvailable { lhs in
                other.utf8.withContiguousStorageIfAvailable { rhs -> Bool? in
                    guard lhs.count == rhs.count else {
                        return lhs.allSatisfy { $0 < 0x80 } && rhs.allSatisfy { $0 < 0x80 } ? false : nil
                    }
                    for (a, b) in zip(lhs, rhs) {
                        guard a < 0x80, b < 0x80 else { return nil }
                        if a != b, !(a | 0x20 == b | 0x20 && (0x61...0x7A).contains(a | 0x20)) { return false }
                    }
                    return true
                } ?? nil
            } ?? nil
        if let fast { return fast }
        return lowercased() == other.lowercased()
    }

    /// The text as an account UID's digits (1 to 32 ASCII digits), checked on bytes.
    var isAccountUID: Bool {
        (1...32).contains(utf8.count) && utf8.allSatisfy { (0x30...0x39).contains($0) }
    }
}
