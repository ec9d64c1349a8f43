/// The life-cycle state of a KMS key, as `KeyMetadata.KeyState` spells it.
package enum KeyState: String, Sendable, Codable, CaseIterable {
    case enabled = "Enabled"
    case disabled = "Disabled"
    case pendingDeletion = "PendingDeletion"
    case pendingImport = "PendingImport"
    case unavailable = "Unavailable"
}
