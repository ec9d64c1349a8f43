/// A behaviour built on an inferred (`[I]`) reading of Alibaba's rules: an id the register lists
/// and one sentence saying what keyshare does, so a difference from the real cloud can be traced.
package struct Divergence: Hashable, Sendable {
    /// Stable id: `POL-nnn` for the policy language, `SIM-nnn` for the simulator.
    package let id: String
    /// What keyshare does and why, in one sentence.
    package let summary: String

    /// Builds an entry.
    package init(id: String, summary: String) {
        self.id = id
        self.summary = summary
    }
}
