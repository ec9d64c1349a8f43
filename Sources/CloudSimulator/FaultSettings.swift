import Foundation
import Yams

/// The written form of a fault plan before it is checked: nested names and values, from a YAML
/// node (the world's `faults:` section, a `--faults` file) or from `--faults`' inline form
/// (`throttle=10%,kms-write.rate_limit=10`, each dotted name a path into the same nesting).
indirect enum FaultSettings: Equatable {
    /// A value as written.
    case scalar(String)
    /// Names and their settings, in the order written.
    case map([(name: String, value: FaultSettings)])

    static func == (lhs: FaultSettings, rhs: FaultSettings) -> Bool {
        switch (lhs, rhs) {
        case (.scalar(let left), .scalar(let right)): left == right
        case (.map(let left), .map(let right)):
            left.count == right.count && zip(left, right).allSatisfy { $0.name == $1.name && $0.value == $1.value }
        default: false
        }
    }

    /// The settings a YAML node holds; a list anywhere is refused (no field takes one).
    static func from(_ node: Node, path: String) throws -> FaultSettings {
        switch node {
        case .scalar(let scalar):
            return .scalar(scalar.string)
        case .mapping(let mapping):
            var entries: [(name: String, value: FaultSettings)] = []
            for (key, value) in mapping {
                guard let name = key.string, !name.isEmpty else {
                    throw FaultPlanError("\(path) has a key that is not a name; write `name: value` lines.")
                }
                entries.append((name, try from(value, path: "\(path).\(name)")))
            }
            return .map(entries)
        default:
            throw FaultPlanError(
                "\(path) is a list, but no fault setting takes one; write a value or a mapping "
                    + "(e.g. `throttle: 10%` or `latency: {min: 50ms, max: 200ms}`).")
        }
    }

    /// The settings of the inline form: comma-separated `dotted.name=value` pairs.
    static func inline(_ text: String, label: String) throws -> FaultSettings {
        var root = FaultSettings.map([])
        for item in text.split(separator: ",", omittingEmptySubsequences: true) {
            let pair = item.trimmingCharacters(in: .whitespaces)
            guard !pair.isEmpty else { continue }
            guard let equals = pair.firstIndex(of: "=") else {
                throw FaultPlanError(
                    "\(label): '\(pair.prefix(60))' is not name=value; write e.g. throttle=10% "
                        + "or kms-write.rate_limit=10, comma-separated.")
            }
            let name = pair[..<equals].trimmingCharacters(in: .whitespaces)
            let value = pair[pair.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            let path = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard !path.contains(where: \.isEmpty) else {
                throw FaultPlanError(
                    "\(label): '\(name.prefix(60))' is not a setting name; write e.g. throttle "
                        + "or kms:SetKeyPolicy.drop_after.")
            }
            try root.set(path, to: value, label: label)
        }
        return root
    }

    /// Sets `value` at `path`, making the mappings on the way; a name set twice is refused.
    private mutating func set(_ path: [String], to value: String, label: String) throws {
        guard case .map(var entries) = self, let first = path.first else { return }
        let dotted = path.joined(separator: ".")
        if let index = entries.firstIndex(where: { $0.name == first }) {
            guard path.count > 1, case .map = entries[index].value else {
                throw FaultPlanError(
                    "\(label): \(dotted) is given twice, or both as a value and as a group of "
                        + "settings; keep one.")
            }
            try entries[index].value.set(Array(path.dropFirst()), to: value, label: label)
        } else if path.count == 1 {
            entries.append((first, .scalar(value)))
        } else {
            var child = FaultSettings.map([])
            try child.set(Array(path.dropFirst()), to: value, label: label)
            entries.append((first, child))
        }
        self = .map(entries)
    }
}
