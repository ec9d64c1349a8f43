import CloudModel
import Synchronization

/// Parses of small policy documents, by text and kind. A rollout sends every target the same
/// trust and role policy (two parses per target before); parsing is pure, so an answer kept here —
/// the document or the error — is exactly what parsing again would give.
///
/// Bounded: documents over ``maximumBytes`` (key policies of many principals, each written once)
/// are not kept, and the cache starts over once it holds ``capacity`` entries.
enum ParsedPolicyCache {
    /// Largest document kept, in UTF-8 bytes (RAM documents are at most 6,144 characters).
    static let maximumBytes = 8_192
    /// Entries kept before the cache is emptied.
    static let capacity = 256

    private struct Entry: Hashable {
        let text: String
        let kind: PolicyKind
    }

    private static let entries = Mutex<[Entry: Result<StoredPolicy, PolicyError>]>([:])

    /// The parse of `text` as `kind`, from the cache when it was parsed before.
    static func parse(_ text: String, kind: PolicyKind) -> Result<StoredPolicy, PolicyError> {
        guard text.utf8.count <= maximumBytes else { return fresh(text, kind: kind) }
        let entry = Entry(text: text, kind: kind)
        if let known = entries.withLock({ $0[entry] }) { return known }
        let parsed = fresh(text, kind: kind)
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[entry] = parsed
        }
        return parsed
    }

    /// Parses without the cache.
    static func fresh(_ text: String, kind: PolicyKind) -> Result<StoredPolicy, PolicyError> {
        Result { () throws(PolicyError) in try StoredPolicy(text, kind: kind) }
    }
}
