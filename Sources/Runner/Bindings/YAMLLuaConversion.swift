import BoundedYAML
import LuaKit
import Yams

/// `yaml.decode`'s conversion of a composed YAML node into a Lua value, charged against the memory
/// left under the cap. Mapping keys become strings; merge keys (`<<: *base` or `<<: [*a, *b]`)
/// copy the fields the mapping does not set itself, earlier sources first, as YAML 1.1 says.
enum YAMLLuaConversion {
    /// Nesting allowed in `yaml.decode`: as deep as a table may be pushed into Lua.
    static let maximumDepth = 100

    /// Decodes `text` into a Lua value within `budget`.
    ///
    /// - Throws: ``LuaArgumentError`` naming the problem (syntax with line and column, nesting,
    ///   alias expansion, or the memory left), never quoting the text.
    static func decode(_ text: String, budget: inout LuaOutputBudget) throws(LuaArgumentError) -> LuaValue {
        let limits = YAMLLimits(maximumDepth: maximumDepth, maximumValues: budget.maximumValues ?? 5_000_000)
        let root: Node?
        do {
            root = try YAMLComposer.compose(text, limits: limits)
        } catch {
            switch error.kind {
            case .syntax: throw LuaArgumentError(position: 1, message: "not valid YAML: " + error.message)
            case .size: throw budget.exceeded()
            case .structure, .aliases: throw LuaArgumentError(position: 1, message: "YAML text refused: " + error.message)
            }
        }
        guard let root else { return .nil }
        return try value(of: root, budget: &budget)
    }

    private static func value(of node: Node, budget: inout LuaOutputBudget) throws(LuaArgumentError) -> LuaValue {
        switch node {
        case .scalar(let scalar):
            try budget.charge(LuaOutputBudget.valueCost)
            switch YAMLScalar(scalar) {
            case .null: return .nil
            case .bool(let flag): return .boolean(flag)
            case .integer(let number): return .integer(number)
            case .float(let number): return .number(number)
            case .string(let text):
                try budget.charge(text.utf8.count)
                return .string(text)
            }
        case .sequence(let sequence):
            try budget.charge(LuaOutputBudget.tableCost)
            var elements: [LuaValue] = []
            elements.reserveCapacity(sequence.count)
            for element in sequence { elements.append(try value(of: element, budget: &budget)) }
            return .table(LuaTable(array: elements))
        case .mapping(let mapping):
            try budget.charge(LuaOutputBudget.tableCost)
            var table = LuaTable()
            var merges: [Node] = []
            for (key, element) in mapping {
                guard case .scalar(let name) = key else { continue }
                if name.style == .plain || name.style == .any, name.string == "<<" {
                    merges.append(element)
                    continue
                }
                try budget.charge(LuaOutputBudget.valueCost + name.string.utf8.count)
                table[name.string] = try value(of: element, budget: &budget)
            }
            for merge in merges { try self.merge(merge, into: &table, budget: &budget) }
            return .table(table)
        case .alias:
            return .nil
        }
    }

    /// Copies the fields of a merge source (a mapping or a list of mappings) that `table` lacks.
    private static func merge(_ source: Node, into table: inout LuaTable, budget: inout LuaOutputBudget)
        throws(LuaArgumentError)
    {
        let sources: [Node] =
            switch source {
            case .mapping: [source]
            case .sequence(let sequence): Array(sequence)
            default: []
            }
        guard !sources.isEmpty, sources.allSatisfy({ if case .mapping = $0 { true } else { false } }) else {
            throw LuaArgumentError(
                position: 1,
                message: "YAML text refused: a merge key '<<' takes a mapping "
                    + "or a list of mappings (e.g. <<: *defaults)")
        }
        for source in sources {
            guard case .table(let fields) = try value(of: source, budget: &budget) else { continue }
            for (key, element) in fields.fields where table[key] == .nil { table[key] = element }
        }
    }
}
