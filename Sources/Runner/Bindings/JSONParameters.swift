/// The request parameters that carry JSON text on the wire (a key policy, a RAM policy document,
/// ECS `DiskIds`, KMS `Tags`…; see the reference's parameter encodings): from Lua they take a
/// string, sent as written, or a table, sent as canonical JSON.
///
/// Named by wire name, since request types keep them as plain `String`s; every one is a top-level
/// parameter, so only top-level string fields of a request qualify.
package enum JSONParameters {
    /// Wire names of the JSON-text parameters of every operation.
    package static let wireNames: Set<String> = [
        "AssumeRolePolicyDocument", "DiskIds", "EncryptionContext", "Filters", "NewAssumeRolePolicyDocument",
        "Policy", "PolicyDocument", "SnapshotIds", "TagKeys", "Tags",
    ]

    /// Whether the top-level string parameter `wireName` carries JSON text.
    package static func carriesJSON(_ wireName: String) -> Bool { wireNames.contains(wireName) }
}
