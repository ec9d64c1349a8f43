import CloudModel
import LuaKit
import Rollout

/// Reads a playbook's staging fields (`concurrency`, `canary`, `batches`, `pause`, `pause_hook`,
/// `tolerance`, `tolerance_mode`) and its call pacing (`rate`), reporting each bad value with the
/// field and the fix.
struct PlaybookStagingParser {
    /// The fields this parser reads.
    static let fields: Set<String> = [
        "concurrency", "canary", "batches", "pause", "pause_hook", "tolerance", "tolerance_mode", "rate",
    ]

    /// What the fields say; nil members were not given.
    struct Fields {
        var concurrency: RolloutAmount?
        var staging = PlaybookStaging()
    }

    /// Parses the fields of `table`; `problem(message, field)` receives each bad value.
    static func parse(_ table: LuaTable, catalog: PluginCatalog, problem: (String, String) -> Void) -> Fields {
        var fields = Fields()
        if table["concurrency"] != .nil {
            fields.concurrency = amount(table["concurrency"], minimum: 1)
            if fields.concurrency == nil {
                problem(
                    "concurrency = \(shown(table["concurrency"])): give a count ≥ 1 or a percentage of the targets "
                        + "from 1% to 100% (e.g. 20 or \"10%\")", "concurrency")
            }
        }
        switch table["canary"] {
        case .nil: break
        case .table(let list) where !list.array.isEmpty:
            var ids: [String] = []
            for (index, entry) in list.array.enumerated() {
                let text = entry.stringValue ?? entry.integerValue.map { String($0) }
                guard let text, AccountID(text) != nil else {
                    problem(
                        "canary[\(index + 1)] = \(shown(entry)): an account UID string such as \"1000000000000002\"", "canary")
                    continue
                }
                if ids.contains(text) { problem("canary[\(index + 1)] = \"\(text)\" is listed twice", "canary") }
                ids.append(text)
            }
            fields.staging.canary = .accounts(ids)
        case let value:
            if let amount = amount(value, minimum: 1) {
                fields.staging.canary = .amount(amount)
            } else {
                problem(
                    "canary = \(shown(value)): give a count ≥ 1, a percentage from 1% to 100% (\"5%\") or a list of "
                        + "account UIDs ({ \"1000000000000002\" })", "canary")
            }
        }
        switch table["batches"] {
        case .nil: break
        case .table(let list) where !list.array.isEmpty && list.fields.isEmpty:
            for (index, entry) in list.array.enumerated() {
                if let amount = amount(entry, minimum: 1) {
                    fields.staging.batches.append(amount)
                } else {
                    problem(
                        "batches[\(index + 1)] = \(shown(entry)): a batch size ≥ 1 or a percentage from 1% to 100% "
                            + "of the targets", "batches")
                }
            }
        case let value:
            problem(
                "batches = \(shown(value)): give a list of batch sizes or percentages, e.g. { 1, \"10%\", \"100%\" }", "batches")
        }
        if table["pause"] != .nil {
            if let text = table["pause"].stringValue, let pause = RolloutPause(rawValue: text) {
                fields.staging.pause = pause
            } else {
                problem(
                    "pause = \(shown(table["pause"])): one of \"never\", \"canary\" (after the canary) or \"batch\" "
                        + "(after the canary and every batch)", "pause")
            }
        }
        if table["pause_hook"] != .nil {
            let text = table["pause_hook"].stringValue ?? ""
            let parts = text.split(separator: ".", maxSplits: 1).map(String.init)
            if parts.count == 2, catalog.plugins[parts[0]]?.provides[.hook]?[parts[1]] != nil {
                fields.staging.hook = (parts[0], parts[1])
            } else {
                problem(
                    "pause_hook = \(shown(table["pause_hook"])): a plugin hook as \"plugin.hook\" (see `keyshare plugins list`)",
                    "pause_hook")
            }
        }
        if table["tolerance"] != .nil {
            // "0%" is a tolerance (none), though it is no size.
            fields.staging.tolerance = table["tolerance"] == .string("0%") ? .count(0) : amount(table["tolerance"], minimum: 0)
            if fields.staging.tolerance == nil {
                problem(
                    "tolerance = \(shown(table["tolerance"])): a count of failures ≥ 0 or a percentage of the targets "
                        + "from 0% to 100% (e.g. 2 or \"5%\")", "tolerance")
            }
        }
        if table["tolerance_mode"] != .nil {
            if let text = table["tolerance_mode"].stringValue, let mode = ToleranceMode(rawValue: text) {
                fields.staging.mode = mode
            } else {
                problem(
                    "tolerance_mode = \(shown(table["tolerance_mode"])): \"strict\" (never more than tolerance + 1 "
                        + "failures) or \"soft\" (full concurrency, stop once failures exceed the tolerance)", "tolerance_mode")
            }
        }
        if table["rate"] != .nil { fields.staging.rate = PlaybookRateParser.parse(table["rate"], problem: problem) }
        return fields
    }

    /// A count (≥ `minimum`) or a `"N%"` string (1% to 100%).
    static func amount(_ value: LuaValue, minimum: Int) -> RolloutAmount? {
        if let number = value.integerValue {
            guard number >= Int64(minimum), number <= Int64(Int32.max) else { return nil }
            return .count(Int(number))
        }
        guard let text = value.stringValue, let amount = RolloutAmount(parsing: text) else { return nil }
        if case .count(let count) = amount, count < minimum { return nil }
        return amount
    }

    /// A value as the playbook wrote it, for messages.
    static func shown(_ value: LuaValue) -> String {
        switch value {
        case .string(let text): String(reflecting: String(text.prefix(60)))
        case .integer(let number): "\(number)"
        case .number(let number): "\(number)"
        case .boolean(let flag): "\(flag)"
        case .nil: "nil"
        case .table: "a table"
        default: "a \(value.typeName)"
        }
    }
}

/// A playbook's staging: the Rollout values plus the hook that may answer its pauses.
package struct PlaybookStaging: Sendable {
    /// Canary, batches, pause and tolerance.
    package var rollout = RolloutStaging()
    /// The hook deciding pauses (`plugin.hook`); nil: a person at a terminal, or `--yes`.
    package var hook: (plugin: String, name: String)?
    /// The `rate` field: paces per API group, over the defaults (`--rate` wins over it).
    package var rate = RateLimits()

    /// Creates an empty staging.
    package init() {}

    var canary: RolloutCanary? {
        get { rollout.canary }
        set { rollout.canary = newValue }
    }
    var batches: [RolloutAmount] {
        get { rollout.batches }
        set { rollout.batches = newValue }
    }
    var pause: RolloutPause {
        get { rollout.pause }
        set { rollout.pause = newValue }
    }
    var tolerance: RolloutAmount? {
        get { rollout.tolerance }
        set { rollout.tolerance = newValue }
    }
    var mode: ToleranceMode {
        get { rollout.mode }
        set { rollout.mode = newValue }
    }
}
