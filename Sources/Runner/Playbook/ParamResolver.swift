import LuaKit

/// Resolves the run's parameters before anything runs: the declared params of every plugin the
/// playbook uses, their defaults, the playbook's values, then `--param name=value`. Unknown names
/// and wrong types are refused with the valid list.
package enum ParamResolver {
    /// The final parameter table.
    package static func resolve(specs: [ParamSpec], playbook: LuaTable, command line: [String: String]) throws
        -> LuaTable
    {
        var byName: [String: ParamSpec] = [:]
        for spec in specs {
            if let other = byName[spec.name], other.kind != spec.kind {
                throw RunError(
                    "param '\(spec.name)' is declared as \(other.kind.rawValue) by \(other.plugin) and as "
                        + "\(spec.kind.rawValue) by \(spec.plugin): the plugins cannot be used together")
            }
            if byName[spec.name] == nil { byName[spec.name] = spec }
        }
        let valid = byName.keys.sorted()
        func unknown(_ name: String, _ origin: String) -> RunError {
            let hint = WireName.nearest(to: name, in: valid).map { "did you mean '\($0)'? " } ?? ""
            return RunError(
                "unknown param '\(name)' \(origin) (\(hint)valid: "
                    + (valid.isEmpty ? "none" : valid.joined(separator: ", ")) + ")")
        }
        var values = LuaTable()
        for spec in byName.values { if let value = spec.defaultValue { values[spec.name] = value } }
        for (key, value) in playbook.fields {
            guard case .string(let name) = key, let spec = byName[name] else { throw unknown("\(key)", "in the playbook") }
            guard let checked = spec.check(value) else {
                throw RunError("param '\(name)' in the playbook must be a \(spec.kind.rawValue), got \(value.typeName)")
            }
            values[name] = checked
        }
        for (name, text) in line.sorted(by: { $0.key < $1.key }) {
            guard let spec = byName[name] else { throw unknown(name, "given with --param") }
            guard let parsed = spec.parse(text) else {
                throw RunError("--param \(name)=\(text): not a \(spec.kind.rawValue)")
            }
            values[name] = parsed
        }
        for spec in byName.values.sorted(by: { $0.name < $1.name }) {
            guard values[spec.name] != .nil, let problem = spec.rangeProblem(values[spec.name]) else { continue }
            let origin = line[spec.name] != nil ? "--param \(spec.name)" : "param '\(spec.name)' in the playbook"
            throw RunError(
                "\(origin) of plugin \(spec.plugin) \(problem) (e.g. --param \(spec.name)="
                    + "\(spec.defaultValue.map(ParamSpec.render) ?? ParamSpec.render(spec.minimum ?? 0)))")
        }
        for spec in byName.values.sorted(by: { $0.name < $1.name }) where spec.isRequired && values[spec.name] == .nil {
            throw RunError(
                "param '\(spec.name)' of plugin \(spec.plugin) is required: pass --param \(spec.name)=… "
                    + "or set it in the playbook's params")
        }
        return values
    }
}

/// A run that cannot start or finish, with the input to fix.
package struct RunError: Error, Sendable, CustomStringConvertible {
    /// What is wrong and how to fix it.
    package var message: String
    /// Creates the error.
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}
