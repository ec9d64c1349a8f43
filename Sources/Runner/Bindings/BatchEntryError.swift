import LuaKit

/// The error of one entry of `kms.each`, raised as its single call raises it (the same table, the
/// same `code`, `message` and `http_status`) with its position added: field `index`, and a
/// `tostring` naming the entry (`kms.each entry #3: EntityNotExist.Role (HTTP 404): …`).
struct BatchEntryError: LuaErrorObject {
    /// The entry's own error.
    let error: any LuaErrorObject
    /// The entry's 1-based position in the request list.
    let index: Int
    /// The batch function (`kms.each`).
    let function: String

    /// Wraps `error`, the failure of entry `index` of `function`.
    init(_ error: any LuaErrorObject, index: Int, function: String) {
        self.error = error
        self.index = index
        self.function = function
    }

    /// The entry's error table plus `index`.
    var luaFields: LuaTable {
        var fields = error.luaFields
        fields["index"] = .integer(Int64(index))
        return fields
    }

    /// The entry's `tostring`, after the batch function and the entry's position.
    var luaMessage: String { "\(function) entry #\(index): \(error.luaMessage)" }
}
