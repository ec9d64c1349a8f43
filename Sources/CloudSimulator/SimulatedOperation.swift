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
        let answer = try await operation.answer(on: self, context: context)
        // Always the same type: the cast opened `request` to `R` itself.
        guard let response = answer as? R.Response else {
            throw CloudError(
                code: "InternalError", message: "The simulator answered \(R.action) with \(type(of: answer)).",
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
