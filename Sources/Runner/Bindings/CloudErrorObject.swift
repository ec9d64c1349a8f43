import CloudAPI
import Grants
import LuaKit

/// A cloud or keyshare error as Lua receives it: a table `{ code, message, http_status,
/// request_id }` whose `tostring` is `code (HTTP status): message [request id]`.
package struct CloudErrorObject: LuaErrorObject, Sendable {
    /// The error.
    package let error: CloudError

    /// Wraps a cloud error.
    package init(_ error: CloudError) { self.error = error }

    /// Wraps a keyshare precheck or policy error (HTTP status 400: a client-side refusal).
    package init(_ error: KeyPolicyEditError) {
        self.error = CloudError(code: error.code, message: error.message, httpStatus: 400)
    }

    package var luaFields: LuaTable {
        var table = LuaTable()
        table["code"] = .string(error.code)
        table["message"] = .string(error.message)
        table["http_status"] = .integer(Int64(error.httpStatus))
        if let requestID = error.requestID { table["request_id"] = .string(requestID) }
        return table
    }

    package var luaMessage: String { error.description }
}
