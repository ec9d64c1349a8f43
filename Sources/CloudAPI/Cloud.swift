/// Everything keyshare can ask of Alibaba Cloud: the seam between playbooks and backends.
///
/// One requirement: `call` takes any request type and answers with its response, so a fake or a
/// decorator (`RemoteCloud`, the run's governor, `KeyshareTesting`'s `HandlerCloud`) is one generic
/// method. The per-operation names (`cloud.createKey(_:context:)`) are `Cloud` extension methods
/// next to each product's request types, each a `call`.
package protocol Cloud: Sendable {
    /// Sends `request` and answers with its response, or throws the cloud's `CloudError`.
    func call<R: CloudRequest>(_ request: R, context: CallContext) async throws -> R.Response
}

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
