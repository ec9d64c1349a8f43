import Foundation
import LuaKit

/// Checks the table a plugin's `init.lua` returns and turns it into ``PluginInfo``; every problem
/// is a ``Diagnostic`` at the line where the offending field is written.
struct PluginValidator {
    let name: String
    let label: String
    let source: String
    let file: URL

    func validate(_ value: LuaValue) throws -> PluginInfo {
        guard case .table(let table) = value else {
            throw fail(
                "init.lua must return a table (name, version, description, categories, params, provides), "
                    + "got \(value.typeName)", near: "return")
        }
        let declared = try string(table, "name")
        guard declared == name else {
            throw fail("name '\(declared)' differs from the folder name '\(name)': rename one", near: "name")
        }
        let categories = try strings(table, "categories")
        for category in categories where !PluginInfo.categories.contains(category) {
            throw fail(
                "unknown category '\(category)' (valid: \(PluginInfo.categories.sorted().joined(separator: ", ")))",
                near: "categories")
        }
        return PluginInfo(
            name: name, version: try string(table, "version"), description: try string(table, "description"),
            categories: categories, params: try params(table["params"]), provides: try provides(table["provides"]),
            file: file, label: label)
    }

    /// A diagnostic at the first line that mentions `field =`.
    func fail(_ message: String, near field: String) -> Diagnostic {
        var line = 1
        for (index, text) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = text.drop { $0 == " " || $0 == "\t" }
            if trimmed.hasPrefix(field + " ") || trimmed.hasPrefix(field + "=") || trimmed.contains("." + field + " =")
                || trimmed.hasPrefix(field) && field == "return"
            {
                line = index + 1
                break
            }
        }
        return Diagnostic(location: "\(label):\(line)", message: message)
    }

    private func string(_ table: LuaTable, _ field: String) throws -> String {
        guard case .string(let value) = table[field], !value.isEmpty else {
            throw fail("field '\(field)' must be a non-empty string, got \(table[field].typeName)", near: field)
        }
        return value
    }

    private func strings(_ table: LuaTable, _ field: String) throws -> [String] {
        guard case .table(let list) = table[field], list.fields.isEmpty else {
            throw fail("field '\(field)' must be a list of strings", near: field)
        }
        return try list.array.map {
            guard case .string(let value) = $0 else { throw fail("field '\(field)' must hold strings only", near: field) }
            return value
        }
    }

    private func params(_ value: LuaValue) throws -> [ParamSpec] {
        guard case .table(let table) = value else {
            if value == .nil { return [] }
            throw fail("params must be a table of name = { type = …, default = …, doc = … }", near: "params")
        }
        var specs: [ParamSpec] = []
        for (key, entry) in table.sortedFields {
            guard case .string(let param) = key, case .table(let fields) = entry else {
                throw fail("params entries must be name = { type = …, default = …, doc = … }", near: "params")
            }
            guard let kind = fields["type"].stringValue.flatMap(ParamSpec.Kind.init(rawValue:)) else {
                throw fail(
                    "param '\(param)' needs a type among \(ParamSpec.Kind.allCases.map(\.rawValue).joined(separator: ", "))",
                    near: param)
            }
            var spec = ParamSpec(
                name: param, kind: kind, defaultValue: nil, isRequired: fields["required"] == .boolean(true),
                doc: fields["doc"].stringValue ?? "", plugin: name)
            if fields["default"] != .nil {
                guard let checked = spec.check(fields["default"]) else {
                    throw fail("param '\(param)': default is not a \(kind.rawValue)", near: param)
                }
                spec.defaultValue = checked
            }
            if fields["min"] != .nil {
                let bound: Double? =
                    switch fields["min"] {
                    case .integer(let integer): Double(integer)
                    case .number(let number) where number.isFinite: number
                    default: nil
                    }
                guard let bound, kind == .integer || kind == .number else {
                    throw fail(
                        "param '\(param)': min must be a number, and only integer and number params have one",
                        near: param)
                }
                spec.minimum = bound
                if let value = spec.defaultValue, let problem = spec.rangeProblem(value) {
                    throw fail("param '\(param)': the default \(problem)", near: param)
                }
            }
            guard !spec.doc.isEmpty else { throw fail("param '\(param)' needs a doc string", near: param) }
            specs.append(spec)
        }
        return specs
    }

    private func provides(_ value: LuaValue) throws -> [PluginInfo.Kind: [String: String]] {
        guard case .table(let table) = value, !table.fields.isEmpty else {
            throw fail("provides must name what the plugin provides: action, inventory, reporter or hook", near: "provides")
        }
        var provided: [PluginInfo.Kind: [String: String]] = [:]
        for (key, entry) in table.sortedFields {
            guard case .string(let kindName) = key, let kind = PluginInfo.Kind(rawValue: kindName) else {
                throw fail("provides has an unknown kind '\(key)' (valid: action, inventory, reporter, hook)", near: "provides")
            }
            switch kind {
            case .inventory, .reporter:
                provided[kind] = [name: try entryDoc(entry, what: "provides.\(kindName)")]
            case .action, .hook:
                guard case .table(let entries) = entry, !entries.fields.isEmpty else {
                    throw fail(
                        "provides.\(kindName) must be a table of name = function or { run = function, doc = … }",
                        near: kindName)
                }
                var docs: [String: String] = [:]
                for (entryKey, item) in entries.fields {
                    guard case .string(let entryName) = entryKey else { continue }
                    docs[entryName] = try entryDoc(item, what: "provides.\(kindName).\(entryName)")
                }
                provided[kind] = docs
            }
        }
        return provided
    }

    private func entryDoc(_ entry: LuaValue, what: String) throws -> String {
        switch entry {
        case .function: return ""
        case .table(let fields):
            guard case .function = fields["run"] else { throw fail("\(what).run must be a function", near: "provides") }
            return fields["doc"].stringValue ?? ""
        default:
            throw fail("\(what) must be a function or { run = function, doc = … }", near: "provides")
        }
    }
}
