/// The life-cycle state of a KMS key, as `KeyMetadata.KeyState` spells it.
package enum KeyState: String, Sendable, Codable, CaseIterable {
    case enabled = "Enabled"
    case disabled = "Disabled"
    case pendingDeletion = "PendingDeletion"
    case pendingImport = "PendingImport"
    case unavailable = "Unavailable"
}

extension KeyState {
    /// The 409 code KMS answers Encrypt, Decrypt and GenerateDataKey with in this state, nil when
    /// the state allows cryptography (reference §2.4).
    package var cryptoRefusalCode: String? {
        switch self {
        case .enabled: nil
        case .disabled: "Rejected.Disabled"
        case .pendingDeletion: "Rejected.PendingDeletion"
        case .pendingImport: "Rejected.PendingImport"
        case .unavailable: "Rejected.Unavailable"
        }
    }

    /// The actions whose calls the key's state gates with ``cryptoRefusalCode``.
    package static let cryptoActions: Set<String> = ["kms:encrypt", "kms:decrypt", "kms:generatedatakey"]
}
