/// The shape of a request or response as Lua sees it: what its synthesized `Codable` conformance
/// asks for, with wire names turned into snake_case and list wrappers collapsed.
///
/// Shapes are found by probing (``ShapeProbe``), so adding an operation to `CloudOperations.all`
/// is enough for its binding, its parameter checks and its `_meta` stub.
package indirect enum ValueShape: Sendable, Hashable {
    case string
    case integer
    case number
    case boolean
    /// A Lua array of elements of one shape.
    case list(ValueShape)
    /// A table of named fields (`type` names the Swift type, for stub class names).
    case record(type: String, fields: [ShapeField])

    /// The LuaLS spelling of the shape, with `record` classes named by `className`.
    package func luaType(className: (String) -> String) -> String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .number: "number"
        case .boolean: "boolean"
        case .list(let element): element.luaType(className: className) + "[]"
        case .record(let type, _): className(type)
        }
    }
}

/// One field of a record shape.
package struct ShapeField: Sendable, Hashable {
    /// The wire name (`KMSKeyId`).
    package var wireName: String
    /// The Lua name (`kms_key_id`).
    package var luaName: String
    /// The field's shape.
    package var shape: ValueShape
    /// Whether the field may be absent.
    package var isOptional: Bool
    /// Whether the field is a string parameter carrying JSON text (see ``JSONParameters``), which
    /// Lua may also pass as a table.
    package var carriesJSON = false

    /// The LuaLS spelling of the field's type (`string|table` for a JSON-text parameter).
    package func luaType(className: (String) -> String) -> String {
        carriesJSON ? "string|table" : shape.luaType(className: className)
    }
}
