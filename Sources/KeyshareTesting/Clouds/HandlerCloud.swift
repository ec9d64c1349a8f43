import CloudAPI

/// A `Cloud` whose every operation goes to one closure: the server side of loopback tests, or a
/// stand-in that answers the few actions a test cares about and throws `CloudError` for the rest.
///
/// The closure answers with a value of the request's `Response` type or throws; any other answer
/// is the test's own mistake and comes back as a 500 `InternalError` naming the action and both types.
package struct HandlerCloud: Cloud {
    /// Answers one request: a value of its `Response` type, or a thrown error.
    package typealias Handler = @Sendable (any CloudRequest, CallContext) async throws -> any Sendable

    /// The closure every operation reaches.
    package let handler: Handler

    /// Creates a cloud answering every operation through `handler`.
    package init(_ handler: @escaping Handler) {
        self.handler = handler
    }

    package func call<Request: CloudRequest>(_ request: Request, context: CallContext) async throws
        -> Request.Response
    {
        let answer = try await handler(request, context)
        guard let response = answer as? Request.Response else {
            throw CloudError(
                code: "InternalError",
                message: "the test's handler answered \(Request.action) with \(type(of: answer)), "
                    + "not \(Request.Response.self)",
                httpStatus: 500)
        }
        return response
    }
}
