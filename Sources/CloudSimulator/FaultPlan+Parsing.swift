import BoundedYAML
import CloudAPI
import Foundation
import Yams

// The user's way to write a fault plan: the `faults:` section of a world file, a YAML file with
// the same fields, or `--faults`' inline form. Schema (README "Faults"):
//
//   seed: 7                      # draws are reproducible under a seed
//   retry_after: 200ms           # the throttling errors' x-acs-retry-after hint
//   role_propagation: 5s         # a new role is a usable principal this long after CreateRole
//   throttle: 10%                # rule fields at the top apply to every API group …
//   kms-write: {rate_limit: 10}  # … a group's section overrides them for that group …
//   kms:SetKeyPolicy: {drop_after: 5%}  # … and an action's section for that action.
//
// Rule fields: throttle, 5xx, drop (half before, half after), drop_before, drop_after, latency
// (`100ms`, `{min: 50ms, max: 200ms}` or `{mean: 100ms, p99: 400ms}`), rate_limit (requests/s
// per account).
extension FaultPlan {
    /// The fields a rule takes.
    static let ruleFields = ["throttle", "5xx", "drop", "drop_before", "drop_after", "latency", "rate_limit"]
    /// The plan-wide fields.
    static let planFields = ["seed", "retry_after", "role_propagation"]

    /// The plan a world file's `faults:` node describes; errors name `faults.<field>`.
    package static func parse(node: Node, path: String = "faults") throws -> FaultPlan {
        if case .scalar(let scalar) = node, ["", "~", "null"].contains(scalar.string) { return FaultPlan() }
        return try parse(FaultSettings.from(node, path: path), path: path)
    }

    /// The plan of `--faults VALUE`: the path of a YAML file with the `faults:` section's fields
    /// (or a world-like file with a `faults:` key), else the inline form `throttle=10%,seed=7`.
    package static func parse(option value: String, label: String = "--faults") throws -> FaultPlan {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else {
            throw FaultPlanError("\(label) is empty; give a YAML file or settings such as throttle=10%,5xx=5%,seed=7.")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: value, isDirectory: &isDirectory) {
            guard !isDirectory.boolValue else {
                throw FaultPlanError("\(label) \(value) is a directory; give a YAML file of fault settings or inline settings.")
            }
            return try parse(file: URL(fileURLWithPath: value), label: label)
        }
        guard trimmed.contains("=") else {
            throw FaultPlanError(
                "\(label) \(trimmed.prefix(80)): no such file, and not inline settings; give a YAML "
                    + "file or name=value pairs such as throttle=10%,5xx=5%,drop=1%,latency=100ms,seed=7.")
        }
        return try parse(FaultSettings.inline(trimmed, label: label), path: label, separator: " ")
    }

    /// The largest fault file read.
    static let maximumFileSize = 1_048_576

    /// Reads a YAML file of fault settings.
    private static func parse(file: URL, label: String) throws -> FaultPlan {
        let data: Data
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
            // A FIFO or device would block the read (or never end): only a regular file is read.
            guard attributes[.type] as? FileAttributeType == .typeRegular else {
                throw FaultPlanError("\(label) \(file.path) is not a regular file; give a YAML file of fault settings.")
            }
            let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
            guard size <= maximumFileSize else {
                throw FaultPlanError("\(label) \(file.path) is larger than 1 MB; a fault file holds a few settings.")
            }
            data = try Data(contentsOf: file)
        } catch let error as FaultPlanError {
            throw error
        } catch {
            throw FaultPlanError(
                "\(label) \(file.path) cannot be read (\(error.localizedDescription)); check the path and its permissions.")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw FaultPlanError("\(label) \(file.path) is not UTF-8 text; save it as UTF-8 YAML.")
        }
        let root: Node?
        do {
            root = try YAMLComposer.compose(text, limits: YAMLLimits(maximumDepth: 16, maximumValues: 10_000))
        } catch {
            throw FaultPlanError("\(label) \(file.path) is not usable YAML: \(error.message).")
        }
        guard let root else { return FaultPlan() }
        // A world file (or any file with a `faults:` key) gives its section.
        if case .mapping(let mapping) = root, let section = mapping["faults"] {
            return try parse(node: section, path: "\(label) \(file.path): faults")
        }
        return try parse(node: root, path: "\(label) \(file.path):")
    }

    /// Checks `settings` and builds the plan; `path` prefixes every field named in an error.
    static func parse(_ settings: FaultSettings, path: String, separator: String = ".") throws -> FaultPlan {
        guard case .map(let entries) = settings else {
            throw FaultPlanError("\(path) must be a mapping of fault settings, e.g. `throttle: 10%`.")
        }
        func at(_ name: String) -> String { path.hasSuffix(":") ? "\(path) \(name)" : "\(path)\(separator)\(name)" }
        var plan = FaultPlan()
        var shared = PartialRule()
        var groups: [(APIGroup, PartialRule)] = []
        var actions: [(String, APIGroup, PartialRule)] = []
        for (name, value) in entries {
            switch name {
            case "seed":
                plan.seed = try FaultValue.seed(value, at: at(name))
            case "retry_after":
                plan.retryAfterMilliseconds = try FaultValue.milliseconds(value, at: at(name))
            case "role_propagation":
                plan.rolePropagationSeconds = Double(try FaultValue.milliseconds(value, at: at(name))) / 1000
            case _ where ruleFields.contains(name):
                try shared.set(name, value, at: at(name))
            default:
                if let group = APIGroup(rawValue: name) {
                    groups.append((group, try PartialRule(value, at: at(name))))
                } else if let (action, group) = knownAction(name) {
                    actions.append((action, group, try PartialRule(value, at: at(name))))
                } else {
                    throw FaultPlanError(
                        "\(at(name)) is not a fault setting; use \((planFields + ruleFields).joined(separator: ", ")), "
                            + "an API group (\(APIGroup.allCases.map(\.rawValue).joined(separator: ", "))) or an action "
                            + "such as kms:SetKeyPolicy.")
                }
            }
        }
        // The shared fields alone first, so an error names them rather than the first group.
        if !shared.isEmpty { _ = try shared.rule(at: path) }
        var merged: [APIGroup: PartialRule] = [:]
        for group in APIGroup.allCases where !shared.isEmpty { merged[group] = shared }
        for (group, rule) in groups { merged[group] = (merged[group] ?? PartialRule()).overlaid(by: rule) }
        for group in APIGroup.allCases {
            if let rule = merged[group] { plan.rules[group] = try rule.rule(at: at(group.rawValue)) }
        }
        for (action, group, rule) in actions {
            // An action inherits its group's faults, not its rate limit (the group's limit still counts it).
            var inherited = merged[group] ?? PartialRule()
            inherited.rateLimit = nil
            plan.actions[action] = try inherited.overlaid(by: rule).rule(at: at(action))
        }
        plan.rules = plan.rules.filter { !$0.value.isEmpty }
        return plan
    }

    /// `kms:SetKeyPolicy` (any case) → its spelling and API group, for the operations keyshare knows.
    static func knownAction(_ name: String) -> (String, APIGroup)? {
        let lowered = name.lowercased()
        guard let request = CloudOperations.all.first(where: { $0.ramAction.lowercased() == lowered }) else { return nil }
        return (request.ramAction, group(of: request))
    }

    /// The group the simulator counts `request`'s calls in (KMS by its quota groups).
    package static func group(of request: any CloudRequest.Type) -> APIGroup {
        switch request.product {
        case .kms:
            if request.action == "CreateKey" { return .kmsCreate }
            if ["Encrypt", "Decrypt", "GenerateDataKey"].contains(request.action) { return .kmsCrypto }
            return request.isMutating ? .kmsWrite : .kmsRead
        case .ram: return .ram
        case .sts: return .sts
        case .ecs: return .ecs
        case .resourceManager: return .resourceManager
        case .resourceSharing: return .resourceSharing
        }
    }
}

/// A rule as written: only the fields given, so sections overlay each other field by field.
struct PartialRule: Equatable {
    /// `throttle`.
    var throttle: Double?
    /// `5xx`.
    var serverErrors: Double?
    /// `drop_before`, or half of `drop`.
    var dropBefore: Double?
    /// `drop_after`, or half of `drop`.
    var dropAfter: Double?
    /// `latency`.
    var latency: FaultLatency?
    /// `rate_limit`.
    var rateLimit: Int?

    /// A rule giving no field.
    init() {}

    /// The rule of a group's or action's section.
    init(_ settings: FaultSettings, at path: String) throws {
        guard case .map(let entries) = settings else {
            throw FaultPlanError(
                "\(path) must be a mapping of \(FaultPlan.ruleFields.joined(separator: ", ")), "
                    + "e.g. `{throttle: 10%}`.")
        }
        for (name, value) in entries { try set(name, value, at: path + "." + name) }
    }

    /// Whether no field is given.
    var isEmpty: Bool { self == PartialRule() }

    /// Reads one field.
    mutating func set(_ name: String, _ value: FaultSettings, at path: String) throws {
        switch name {
        case "throttle": throttle = try FaultValue.rate(value, at: path)
        case "5xx": serverErrors = try FaultValue.rate(value, at: path)
        case "drop":
            guard dropBefore == nil, dropAfter == nil else { throw both(path) }
            let rate = try FaultValue.rate(value, at: path)
            (dropBefore, dropAfter) = (rate / 2, rate / 2)
        case "drop_before":
            guard dropBefore == nil else { throw both(path) }
            dropBefore = try FaultValue.rate(value, at: path)
        case "drop_after":
            guard dropAfter == nil else { throw both(path) }
            dropAfter = try FaultValue.rate(value, at: path)
        case "latency": latency = try FaultValue.latency(value, at: path)
        case "rate_limit": rateLimit = try FaultValue.rateLimit(value, at: path)
        default:
            throw FaultPlanError("\(path) is not a fault setting here; use \(FaultPlan.ruleFields.joined(separator: ", ")).")
        }
    }

    private func both(_ path: String) -> FaultPlanError {
        FaultPlanError("\(path): drop sets drop_before and drop_after (half each); give drop alone or the two halves, not both.")
    }

    /// `self` with the fields `other` gives replaced.
    func overlaid(by other: PartialRule) -> PartialRule {
        var result = self
        if let value = other.throttle { result.throttle = value }
        if let value = other.serverErrors { result.serverErrors = value }
        if let value = other.dropBefore { result.dropBefore = value }
        if let value = other.dropAfter { result.dropAfter = value }
        if let value = other.latency { result.latency = value }
        if let value = other.rateLimit { result.rateLimit = value }
        return result
    }

    /// The finished rule; its failure rates may not add up past 100 %.
    func rule(at path: String) throws -> FaultPlan.Rule {
        let rule = FaultPlan.Rule(
            requestsPerSecond: rateLimit, throttleRate: throttle ?? 0,
            serverErrorRate: serverErrors ?? 0, dropBeforeRate: dropBefore ?? 0,
            dropAfterRate: dropAfter ?? 0, latency: latency)
        let total = rule.throttleRate + rule.serverErrorRate + rule.dropBeforeRate + rule.dropAfterRate
        guard total <= 1 + 1e-9 else {
            throw FaultPlanError(
                "\(path): throttle, 5xx and drop add up to \(FaultValue.percent(total)), more than 100%; "
                    + "lower them (each call meets at most one of them).")
        }
        return rule
    }
}
