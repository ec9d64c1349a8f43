/// The KMS request types, in the order of the API reference.
package enum KMSOperations {
    /// Every KMS operation keyshare knows.
    package static let all: [any CloudRequest.Type] = CloudOperations.all(of: .kms)
}
