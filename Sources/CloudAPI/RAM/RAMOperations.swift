/// The RAM request types.
package enum RAMOperations {
    /// Every RAM operation keyshare knows.
    package static let all: [any CloudRequest.Type] = CloudOperations.all(of: .ram)
}
