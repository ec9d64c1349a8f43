import LuaKit

extension JSONValue {
    /// The JSON form of a Lua value: tables with only an array part (and the empty table) are
    /// arrays, other tables are objects with string keys; functions and userdata are `null`.
    package init(lua value: LuaValue) {
        switch value {
        case .nil: self = .null
        case .boolean(let flag): self = .bool(flag)
        case .integer(let number): self = .integer(number)
        case .number(let number): self = .number(number)
        case .string(let text): self = .string(text)
        case .table(let table):
            if table.fields.isEmpty {
                self = .array(table.array.map(JSONValue.init(lua:)))
            } else {
                var fields: [String: JSONValue] = [:]
                for (index, element) in table.array.enumerated() { fields[String(index + 1)] = JSONValue(lua: element) }
                for (key, element) in table.fields {
                    switch key {
                    case .string(let name): fields[name] = JSONValue(lua: element)
                    case .integer(let index): fields[String(index)] = JSONValue(lua: element)
                    }
                }
                self = .object(fields)
            }
        case .function, .userdata, .object: self = .null
        }
    }

    /// The Lua form: objects become tables with fields, arrays become sequences, `null` is nil.
    package var luaValue: LuaValue {
        switch self {
        case .null: .nil
        case .bool(let flag): .boolean(flag)
        case .integer(let number): .integer(number)
        case .number(let number): .number(number)
        case .string(let text): .string(text)
        case .array(let values): .table(LuaTable(array: values.map(\.luaValue)))
        case .object(let fields):
            .table(LuaTable(fields: Dictionary(uniqueKeysWithValues: fields.compactMap { key, value in
                value == .null ? nil : (LuaKey.string(key), value.luaValue)
            })))
        }
    }
}
