/// A request for one wire action: its product, action name and response type; `Cloud.call` sends it.
///
/// Every request and response is `Codable` with the wire's field names as coding keys, so the
/// HTTP codec (`ACSWire`), the server and the Lua bindings all work from this one description.
/// Adding an operation: a conforming type naming its `CloudOperation` case, with its response and
/// its `Cloud` method in the product's requests file; the case (and its `requestType` line); the
/// simulator's behaviour (a `SimulatedOperation` conformance); its conformance check; its line in
/// `Runner`'s `MutationDescriber` (the compiler asks); and regenerated Lua stubs. Routes and
/// bindings follow from the case, and `OperationTableTests` fails until each of the others is there.
package protocol CloudRequest: Codable, Sendable {
    /// What the action answers with (without the `RequestId`, which the envelope carries).
    associatedtype Response: Codable, Sendable
    /// The product that serves the action.
    static var product: CloudProduct { get }
    /// The wire action name, e.g. `CreateKey`.
    static var action: String { get }
    /// The operation's case: what puts the type in `CloudOperations.all` (no case, no compile).
    static var operation: CloudOperation { get }
}

extension CloudRequest {
    /// The RAM action this request is authorized as (`kms:CreateKey`).
    package static var ramAction: String { "\(product.code):\(action)" }

    /// Whether the action changes what the cloud holds. Reads (`Describe*`, `List*`, `Get*`),
    /// cryptographic use of a key and `AssumeRole` (a session, nothing stored) do not; a plan and
    /// a second run of a playbook that is already applied send none of the others.
    package static var isMutating: Bool { CloudOperations.isMutating(action: action) }
}

/// A request the cloud makes idempotent with a caller-chosen `ClientToken`: repeated with the same
/// token, it returns what the first one made instead of making a second resource.
package protocol IdempotentRequest: CloudRequest {
    /// The token (ECS: up to 64 ASCII characters); nil sends none.
    var clientToken: String? { get set }
}

/// A response with no fields besides the request id.
package struct EmptyResponse: Codable, Sendable, Hashable {
    /// Creates the empty response.
    package init() {}
}
