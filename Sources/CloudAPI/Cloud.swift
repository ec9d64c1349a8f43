/// Everything keyshare can ask of Alibaba Cloud: the seam between playbooks and backends.
///
/// Conformers are `SimulatedCloud` (in process) and `RemoteCloud` (HTTP). To write a fake or a
/// decorator, adopt `CloudInterceptor` (or use `KeyshareTesting`'s `HandlerCloud`): one generic
/// method instead of one per operation.
package typealias Cloud = KMSAPI & RAMAPI & STSAPI & ECSAPI & ResourceManagerAPI & ResourceSharingAPI

/// Every operation keyshare knows, in one table: the server routes by it, the client encodes
/// through it and the Lua bindings are generated from it.
package enum CloudOperations {
    /// All request types, grouped by product: one per `CloudOperation` case, so none can be missing.
    package static let all: [any CloudRequest.Type] = CloudOperation.allCases.map(\.requestType)

    /// The request types of `product`, in table order.
    package static func all(of product: CloudProduct) -> [any CloudRequest.Type] {
        all.filter { $0.product == product }
    }

    /// Finds the request type for `action` of `product`.
    package static func request(product: CloudProduct, action: String) -> (any CloudRequest.Type)? {
        index[Key(product: product, action: action)]
    }

    /// Whether wire action `action` changes what the cloud holds: everything but reads (`Describe*`,
    /// `List*`, `Get*`), cryptographic use of a key and `AssumeRole` (a session, nothing stored).
    package static func isMutating(action: String) -> Bool {
        if ["Describe", "List", "Get"].contains(where: { action.hasPrefix($0) }) { return false }
        return !["AssumeRole", "Encrypt", "Decrypt", "GenerateDataKey"].contains(action)
    }

    private struct Key: Hashable {
        let product: CloudProduct
        let action: String
    }

    private static let index: [Key: any CloudRequest.Type] = Dictionary(
        all.map { (Key(product: $0.product, action: $0.action), $0) }, uniquingKeysWith: { first, _ in first }
    )
}
