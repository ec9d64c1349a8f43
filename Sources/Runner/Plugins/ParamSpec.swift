import Foundation
import LuaKit

/// A typed parameter a plugin declares: `verify = { type = "boolean", default = true, doc = "…" }`.
package struct ParamSpec: Sendable, Equatable {
    /// The parameter types a plugin may declare.
    package enum Kind: String, Sendable, CaseIterable {
        case string, integer, number, boolean, list
    }

    /// The name (`--param name=value`).
    package var name: String
    /// The type.
    package var kind: Kind
    /// The default; nil when the parameter has none.
    package var defaultValue: LuaValue?
    /// Whether a value must be given (only meaningful without a default).
    package var isRequired: Bool
    /// One line of documentation.
    package var doc: String
    /// The plugin declaring it.
    package var plugin: String
    /// The smallest value an integer or number param may take (`min = 1`); nil when unbounded.
    package var minimum: Double?

    /// Creates a declaration.
    package init(name: String, kind: Kind, defaultValue: LuaValue?, isRequired: Bool, doc: String, plugin: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.isRequired = isRequired
        self.doc = doc
        self.plugin = plugin
    }

    /// Checks a Lua value against the type; returns the value (integers from floats normalised).
    package func check(_ value: LuaValue) -> LuaValue? {
        switch (kind, value) {
        case (.string, .string), (.boolean, .boolean), (.number, .integer), (.number, .number): value
        case (.integer, _): value.integerValue.map(LuaValue.integer)
        case (.list, .table(let table)) where table.fields.isEmpty && table.array.allSatisfy({ $0.stringValue != nil }):
            value
        default: nil
        }
    }

    /// Parses `--param name=text` for this type.
    package func parse(_ text: String) -> LuaValue? {
        switch kind {
        case .string: return .string(text)
        case .integer: return Int64(text).map(LuaValue.integer)
        case .number: return Double(text).map(LuaValue.number)
        case .boolean:
            switch text.lowercased() {
            case "true", "yes", "1", "on": return .boolean(true)
            case "false", "no", "0", "off": return .boolean(false)
            default: return nil
            }
        case .list:
            let items = text.split(separator: ",").map { LuaValue.string(String($0).trimmingCharacters(in: .whitespaces)) }
            return .table(LuaTable(array: items))
        }
    }

    /// Why `value` is below ``minimum`` (or not a number at all), or nil when it is in range.
    package func rangeProblem(_ value: LuaValue) -> String? {
        guard let minimum else { return nil }
        let number: Double? =
            switch value {
            case .integer(let integer): Double(integer)
            case .number(let double): double
            default: nil
            }
        if let number, !number.isNaN, number >= minimum { return nil }
        return "must be at least \(Self.render(minimum)), got \(Self.render(value))"
    }

    /// `verify (boolean, default true): create an encrypted disk…`.
    package var summary: String {
        var text = "\(name) (\(kind.rawValue)"
        if let minimum { text += ", at least \(Self.render(minimum))" }
        if let defaultValue { text += ", default \(ParamSpec.render(defaultValue))" } else if isRequired { text += ", required" }
        return text + "): \(doc)"
    }

    /// A bound as the user would type it: `1`, not `1.0`.
    static func render(_ bound: Double) -> String {
        Int64(exactly: bound).map(String.init) ?? String(bound)
    }

    /// A value as the user would type it.
    package static func render(_ value: LuaValue) -> String {
        switch value {
        case .string(let text): text.isEmpty ? "\"\"" : text
        case .boolean(let flag): flag ? "true" : "false"
        case .integer(let number): String(number)
        case .number(let number): String(number)
        case .table(let table): table.array.compactMap(\.stringValue).joined(separator: ",")
        default: value.typeName
        }
    }
}
