import CloudAPI

/// A request type the simulator answers: the conformance sits next to the behaviour it names, in
/// the `SimulatedCloud+…` file of its product, so an operation's simulation is one file.
package protocol SimulatedOperation: CloudRequest {
    /// Answers the request as `cloud` (faults, authorization, state and persistence included).
    func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response
}

extension SimulatedCloud {
    /// Answers `request` through its `SimulatedOperation` behaviour; a request type without one is
    /// refused with ``CloudError/notSimulated(action:)`` instead of trapping. Nonisolated: the
    /// behaviour hops onto the actor itself (or parses off it first), as a direct call does.
    package nonisolated func call<R: CloudRequest>(_ request: R, context: CallContext) async throws -> R.Response {
        guard let operation = request as? any SimulatedOperation else {
            throw CloudError.notSimulated(action: R.action)
        }
        return try await answer(operation, as: R.self, context: context)
    }

    /// `operation`'s answer as `R.Response`. Generic over the opened type, so the response is never
    /// boxed in an existential: the cast is between one type and itself (the cast in `call` opened
    /// `request` to `R` itself), which the runtime settles at once.
    private nonisolated func answer<Operation: SimulatedOperation, R: CloudRequest>(
        _ operation: Operation, as _: R.Type, context: CallContext
    ) async throws -> R.Response {
        let answer = try await operation.answer(on: self, context: context)
        guard let response = answer as? R.Response else {
            throw CloudError(
                code: "InternalError", message: "The simulator answered \(R.action) with \(Operation.Response.self).",
                httpStatus: 500)
        }
        return response
    }
}

extension CloudError {
    /// The code of an operation the table knows but the simulator has no behaviour for.
    package static let notSimulatedCode = "keyshare.NotSimulated"

    /// 501: the simulator has no behaviour for `action` (a `SimulatedOperation` conformance is
    /// missing); permanent, so never retried.
    package static func notSimulated(action: String) -> CloudError {
        CloudError(
            code: notSimulatedCode, message: "The simulator does not implement \(action) (no behaviour for it).",
            httpStatus: 501)
    }
}
