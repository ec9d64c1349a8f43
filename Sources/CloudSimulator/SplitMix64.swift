/// SplitMix64: a fast, seedable 64-bit generator (not cryptographic) for what must replay from a
/// seed: the deterministic simulator's ids, fault draws and tests' random kill points.
package struct SplitMix64: RandomNumberGenerator, Sendable, Hashable, Codable {
    /// The generator's state; the next value depends only on it.
    package var state: UInt64

    /// Starts the sequence at `seed`.
    package init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
