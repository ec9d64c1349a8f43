import LuaKit
import Rollout

/// Reads a playbook's `rate` field: `rate = { ["kms-write"] = 5, sts = 50 }`, requests per second
/// per API group (``RateGroup``), each bad entry reported with the field and the fix.
enum PlaybookRateParser {
    /// The paces `value` sets; `problem(message, field)` receives each bad entry.
    static func parse(_ value: LuaValue, problem: (String, String) -> Void) -> RateLimits {
        guard case .table(let table) = value, table.array.isEmpty else {
            problem(
                "rate = \(PlaybookStagingParser.shown(value)): give requests per second per API group, e.g. "
                    + "rate = { [\"kms-write\"] = 5, sts = 50 } (groups: \(groups))", "rate")
            return RateLimits()
        }
        var overrides: [RateGroup: Double] = [:]
        for (key, entry) in table.fields.sorted(by: { "\($0.key)" < "\($1.key)" }) {
            guard case .string(let name) = key else {
                problem("rate: keys must be API group names (\(groups))", "rate")
                continue
            }
            let number: Double? =
                switch entry {
                case .integer(let whole): Double(whole)
                case .number(let real): real
                default: nil
                }
            guard let number else {
                problem(
                    "rate[\"\(name)\"] = \(PlaybookStagingParser.shown(entry)): a number of requests per second, "
                        + "e.g. [\"\(name)\"] = 5", "rate")
                continue
            }
            do {
                let (group, rate) = try RateLimits.parse(
                    group: name, value: number, source: "rate[\"\(name)\"]",
                    shown: PlaybookStagingParser.shown(entry))
                overrides[group] = rate
            } catch {
                problem(error.description, "rate")
            }
        }
        return RateLimits(overrides)
    }

    private static var groups: String { RateGroup.allCases.map(\.rawValue).joined(separator: ", ") }
}
