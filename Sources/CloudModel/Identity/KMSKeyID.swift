/// A KMS key id: `key-…` for keys in a KMS 3.0 instance, a UUID for default keys.
///
/// Only the length is checked, not the shape: world files name keys freely (`key-1`) and a backend's
/// ids are taken as read. Aliases and ARNs are other ideas, resolved to a key id by the service.
package struct KMSKeyID: TextIdentifier {
    /// The id as KMS prints it.
    package let rawValue: String

    /// The longest id in UTF-8 bytes: real ids have about 40, and the simulator's ciphertexts
    /// carry the id after a one-byte length.
    package static let maxLength = 255

    package static var expectation: String { "a KMS key id (expected 1 to \(maxLength) bytes)" }

    /// Accepts 1 to ``maxLength`` UTF-8 bytes; anything else names no key.
    package init?(_ rawValue: String) {
        guard (1...Self.maxLength).contains(rawValue.utf8.count) else { return nil }
        self.rawValue = rawValue
    }
}
