import CloudAPI
import CloudModel

/// A KMS key as a playbook shares it: where it lives and who owns it.
package struct SharedKey: Sendable, Hashable {
    /// The key id (`key-…`).
    package var keyID: String
    /// The key's ARN, which other accounts must use to name it.
    package var arn: String
    /// The key's region.
    package var region: RegionID
    /// The owner account.
    package var owner: AccountID
    /// The KMS 3.0 instance holding the key; nil for a default key (no key policy support).
    package var instanceID: String?
    /// `Enabled`, `Disabled`, …
    package var state: String

    /// Builds the key from `DescribeKey` metadata.
    package init(metadata: KeyMetadata, owner: AccountID, region: RegionID) {
        keyID = metadata.keyID
        arn = metadata.arn
        self.region = region
        self.owner = owner
        instanceID = metadata.dkmsInstanceID
        state = metadata.keyState
    }
}
