import Crypto
import Foundation

/// Which world a state file was seeded from: a fingerprint of the world's canonical content (so a
/// world file that was moved still matches, and an edited one does not) and where it came from,
/// for messages.
package struct WorldStamp: Codable, Hashable, Sendable {
    /// SHA-256 of the world's canonical YAML, hex.
    package var fingerprint: String
    /// Where the world came from: a file path, or e.g. "the starter world (40 accounts)".
    package var source: String

    /// The stamp of `world`, described as `source`.
    package init(world: World, source: String) {
        fingerprint = SHA256.hash(data: Data(world.yaml().utf8)).map { String(format: "%02x", $0) }.joined()
        self.source = source
    }
}

/// What to do with a state file that already holds a simulated cloud.
package enum ExistingState: Sendable {
    /// Resume it whatever world made it (the given world only seeds a new file).
    case resume
    /// Resume it only when it was seeded from the given world; otherwise refuse naming both.
    case requireSameWorld
    /// Discard it and seed it again from the given world (`--fresh-state`).
    case reseed
}
