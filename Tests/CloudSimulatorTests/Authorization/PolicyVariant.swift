import KeyshareTesting

/// One value of a truth-table dimension: a policy (or its absence) and what it says about the
/// call under test — whether it allows it, and whether it explicitly denies it.
struct PolicyVariant: Sendable {
    /// Short label used in the row name.
    var label: String
    /// The custom document; nil = none.
    var policy: PolicyFixture?
    /// System policies (RAM side only).
    var system: [String] = []
    /// The document allows the call.
    var allows: Bool
    /// The document explicitly denies the call.
    var denies = false
}

/// How the two sides combine, straight from the reference (§2.3, U-KPOL): explicit deny wins;
/// same-account access needs either side; cross-account access needs both.
enum Combination {
    case sameAccount, crossAccount

    func allows(keyPolicy: PolicyVariant, ram: PolicyVariant) -> Bool {
        if keyPolicy.denies || ram.denies { return false }
        switch self {
        case .sameAccount: return keyPolicy.allows || ram.allows
        case .crossAccount: return keyPolicy.allows && ram.allows
        }
    }
}
