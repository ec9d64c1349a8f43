import CloudModel
import LuaKit

/// A Lua value JSON cannot hold (NaN, an infinity; in a parameter also a function or nesting JSON
/// readers refuse), named by its path in the value.
package struct JSONEncodingError: Error, Sendable, CustomStringConvertible {
    /// Where in the value (`[2].size`; empty for the value itself).
    package var path: String
    /// What the value was (`NaN`, `inf`, `a function`).
    package var value: String
    /// Why JSON cannot hold it.
    package var why = "JSON has no NaN or infinity"
    /// What to pass instead.
    package var fix = "pass a finite number, or a string"
    package var description: String {
        "\(path.isEmpty ? "the value" : "the value at \(path)") is \(value), which JSON cannot represent (\(why)): \(fix)"
    }
}

extension JSONValue {
    /// The JSON form of a Lua value for `json.encode`: tables with only an array part (and the
    /// empty table) are arrays, other tables are objects with string keys; functions and userdata
    /// are `null`.
    ///
    /// - Throws: ``JSONEncodingError`` for NaN or an infinity anywhere in the value.
    package init(lua value: LuaValue) throws(JSONEncodingError) {
        self = try Self.converting(value, path: "", depth: 0, strict: false)
    }

    /// The JSON form of a binding parameter that carries JSON text: as ``init(lua:)``, but a
    /// function, userdata or object anywhere is an error rather than `null` (sending `null` in its
    /// place would change what the document says), and so is nesting deeper than the JSON reader
    /// takes (``JSONValue/maximumDepth``).
    ///
    /// - Throws: ``JSONEncodingError`` naming the path of the first value JSON cannot hold.
    package init(parameter value: LuaValue) throws(JSONEncodingError) {
        self = try Self.converting(value, path: "", depth: 0, strict: true)
    }

    private static func converting(_ value: LuaValue, path: String, depth: Int, strict: Bool) throws(JSONEncodingError)
        -> JSONValue
    {
        if strict, depth >= maximumDepth {
            throw JSONEncodingError(
                path: path, value: "nested \(depth) levels deep",
                why: "JSON readers stop at \(maximumDepth) levels", fix: "flatten the value")
        }
        switch value {
        case .nil: return .null
        case .boolean(let flag): return .bool(flag)
        case .integer(let number): return .number(String(number))
        case .number(let number):
            guard number.isFinite else {
                throw JSONEncodingError(path: path, value: number.isNaN ? "NaN" : (number < 0 ? "-inf" : "inf"))
            }
            return .number(literal(number))
        case .string(let text): return .string(text)
        case .table(let table):
            if table.fields.isEmpty {
                var elements: [JSONValue] = []
                elements.reserveCapacity(table.array.count)
                for (index, element) in table.array.enumerated() {
                    elements.append(try converting(element, path: "\(path)[\(index + 1)]", depth: depth + 1, strict: strict))
                }
                return .array(elements)
            }
            var fields: [String: JSONValue] = [:]
            for (index, element) in table.array.enumerated() {
                fields[String(index + 1)] = try converting(
                    element, path: "\(path)[\(index + 1)]", depth: depth + 1,
                    strict: strict)
            }
            for (key, element) in table.fields {
                switch key {
                case .string(let name):
                    fields[name] = try converting(
                        element, path: path.isEmpty ? name : "\(path).\(name)", depth: depth + 1,
                        strict: strict)
                case .integer(let index):
                    fields[String(index)] = try converting(element, path: "\(path)[\(index)]", depth: depth + 1, strict: strict)
                }
            }
            return .object(fields.map { (key: $0.key, value: $0.value) })
        case .function, .userdata, .object:
            guard strict else { return .null }
            let kind = if case .function = value { "a function" } else { "userdata" }
            throw JSONEncodingError(
                path: path, value: kind, why: "JSON holds strings, numbers, booleans and tables of them",
                fix: "pass data, not code")
        }
    }

    /// A finite float's JSON text: integral values below 10^15 without a fraction (`3`, not `3.0`),
    /// others as Swift prints them (`0.1`, `1e+20`).
    private static func literal(_ number: Double) -> String {
        if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        return "\(number)"
    }

    /// The Lua form: objects become tables with fields (a duplicated name keeps its last value),
    /// arrays become sequences, `null` is nil; numbers that are integers in range become Lua integers.
    package var luaValue: LuaValue {
        switch self {
        case .null: return .nil
        case .bool(let flag): return .boolean(flag)
        case .number(let literal):
            if let integer = Int64(literal) { return .integer(integer) }
            return .number(Double(literal) ?? .nan)
        case .string(let text): return .string(text)
        case .array(let values): return .table(LuaTable(array: values.map(\.luaValue)))
        case .object(let members):
            var fields: [LuaKey: LuaValue] = [:]
            for member in members {
                if case .null = member.value {
                    fields[.string(member.key)] = nil
                } else {
                    fields[.string(member.key)] = member.value.luaValue
                }
            }
            return .table(LuaTable(fields: fields))
        }
    }

    /// Bytes the Lua form would take (see ``LuaOutputBudget``), stopping once past `limit`.
    func luaCost(limit: Int) -> Int {
        var total = 0
        var pending: [JSONValue] = [self]
        while let value = pending.popLast(), total <= limit {
            switch value {
            case .null, .bool, .number: total += LuaOutputBudget.valueCost
            case .string(let text): total += LuaOutputBudget.valueCost + text.utf8.count
            case .array(let values):
                total += LuaOutputBudget.tableCost
                pending.append(contentsOf: values)
            case .object(let members):
                total += LuaOutputBudget.tableCost
                for (key, value) in members {
                    total += key.utf8.count
                    pending.append(value)
                }
            }
        }
        return total
    }
}
