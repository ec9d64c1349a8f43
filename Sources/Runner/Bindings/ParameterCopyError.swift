import CloudAPI
import LuaKit

extension CloudBinding {
    /// The argument error for a parameter table LuaKit could not copy (a cycle, nesting too deep, a
    /// copy past the memory cap): it names the operation, the parameter and where in it, and what
    /// to pass instead (`DescribeDisks: disk_ids: the table refers to itself (a cycle); pass a list
    /// of ids`), since LuaKit's own words know neither.
    package func parameterError(_ error: LuaCopyError) -> LuaArgumentError {
        let path = error.path
        let field = path.first.flatMap { key in
            if case .string(let name) = key { parameters.first { $0.luaName == name } } else { nil }
        }
        let name = path.isEmpty ? "the parameter table" : LuaCopyError.text(of: path.prefix(1))
        let problem: String
        let fix: String
        switch error.reason {
        case .cycle(let ancestor):
            let holder = Self.location(path.dropFirst().dropLast())
            if ancestor == 0 {
                problem = "the value\(Self.location(path.dropFirst())) is the parameter table itself (a cycle)"
            } else if ancestor == path.count - 1 {
                problem = "the table\(holder) refers to itself (a cycle)"
            } else {
                problem =
                    "the table\(holder) refers back to \(LuaCopyError.text(of: path.prefix(ancestor))), "
                    + "which encloses it (a cycle)"
            }
            fix = Self.expected(field)
        case .tooDeep(let limit):
            problem = "tables nesting deeper than \(limit) levels"
            fix = "flatten it: " + Self.expected(field)
        case .tooLarge:
            problem =
                "the value is too large to copy under the memory cap (a table referenced many times is "
                + "copied once per reference)"
            fix = "pass a smaller value, or raise the cap with --max-memory MB"
        case .keyType(let type):
            problem = "a table key of type \(type)\(Self.location(path.dropFirst()))"
            fix = path.isEmpty ? "name parameters with strings, e.g. { key_id = \"…\" }" : "use string or integer keys"
        case .stackOverflow:
            problem = "the Lua stack overflowed while reading it"
            fix = "pass a smaller value"
        }
        return LuaArgumentError(position: 1, message: "\(requestType.action): \(name): \(problem); \(fix)")
    }

    /// ` at <keys>` inside the parameter, or nothing for the parameter itself.
    private static func location(_ keys: ArraySlice<LuaKey>) -> String {
        keys.isEmpty ? "" : " at \(LuaCopyError.text(of: keys))"
    }

    /// What the parameter takes, as advice (`pass a list of ids`); generic for an unknown name.
    private static func expected(_ field: ShapeField?) -> String {
        guard let field else { return "pass plain data: strings, numbers, booleans and tables of them" }
        if field.luaName.hasSuffix("_ids") { return "pass a list of ids" }
        if field.luaName.hasSuffix("_keys") { return "pass a list of keys" }
        if field.carriesJSON { return "pass the JSON document as plain nested tables, or as JSON text" }
        return "pass " + description(of: field.shape)
    }

    /// The shape in words: `a list of strings`, `a table of fields`.
    private static func description(of shape: ValueShape) -> String {
        switch shape {
        case .string: "a string"
        case .integer: "an integer"
        case .number: "a number"
        case .boolean: "a boolean"
        case .record: "a table of fields"
        case .list(.string): "a list of strings"
        case .list(.integer): "a list of integers"
        case .list(.number): "a list of numbers"
        case .list(.boolean): "a list of booleans"
        case .list(.record): "a list of tables of fields"
        case .list(.list): "a list of lists"
        }
    }
}
