/// A KMS 3.0 instance id (`kst-hzz65f0a1b2c3d4e5f6`), which holds keys and their access-management quota.
package struct KMSInstanceID: TextIdentifier {
    /// The id as KMS prints it.
    package let rawValue: String

    package static var expectation: String { "a KMS instance id (expected kst-…)" }

    /// Accepts `kst-` followed by at least one byte, the rule world files already had; other text
    /// names no instance.
    package init?(_ rawValue: String) {
        guard rawValue.utf8.count > 4, rawValue.hasPrefix("kst-") else { return nil }
        self.rawValue = rawValue
    }
}
