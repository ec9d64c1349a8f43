import Foundation

/// Readers for the values of fault settings; each error names the field and shows a valid spelling.
enum FaultValue {
    /// A probability: `10%`, `2.5%` or a fraction `0.1`, from 0 to 1.
    static func rate(_ value: FaultSettings, at path: String) throws -> Double {
        let text = try scalar(value, at: path, example: "10%")
        let number: Double?
        if text.hasSuffix("%") {
            number = Double(text.dropLast().trimmingCharacters(in: .whitespaces)).map { $0 / 100 }
        } else {
            number = Double(text)
        }
        guard let number, number.isFinite, (0...1).contains(number) else {
            throw FaultPlanError(
                "\(path): '\(text.prefix(40))' is not a rate; write a percentage from 0% to 100% "
                    + "(e.g. 10%) or a fraction from 0 to 1 (e.g. 0.1).")
        }
        return number
    }

    /// A duration in milliseconds: `250ms`, `2s`, `1.5s`, `1m`, or `0`; at most a day.
    static func milliseconds(_ value: FaultSettings, at path: String) throws -> Int {
        let text = try scalar(value, at: path, example: "100ms")
        let units: [(String, Double)] = [("ms", 1), ("s", 1000), ("m", 60_000)]
        var amount: Double?
        if text == "0" { amount = 0 }
        for (suffix, scale) in units where amount == nil && text.hasSuffix(suffix) {
            amount = Double(text.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)).map { $0 * scale }
        }
        guard let amount, amount.isFinite, (0...86_400_000).contains(amount) else {
            throw FaultPlanError(
                "\(path): '\(text.prefix(40))' is not a duration; write a number with a unit, "
                    + "e.g. 100ms, 2s or 1m (at most a day).")
        }
        return Int(amount.rounded())
    }

    /// The generator seed: a whole number from 0 to 2^64 − 1.
    static func seed(_ value: FaultSettings, at path: String) throws -> UInt64 {
        let text = try scalar(value, at: path, example: "7")
        guard let seed = UInt64(text) else {
            throw FaultPlanError("\(path): '\(text.prefix(40))' is not a seed; write a whole number such as 7.")
        }
        return seed
    }

    /// Requests per second per account: a whole number ≥ 1, optionally written `10/s`.
    static func rateLimit(_ value: FaultSettings, at path: String) throws -> Int {
        let text = try scalar(value, at: path, example: "10")
        let digits = text.hasSuffix("/s") ? String(text.dropLast(2)).trimmingCharacters(in: .whitespaces) : text
        guard let limit = Int(digits), (1...1_000_000).contains(limit) else {
            throw FaultPlanError(
                "\(path): '\(text.prefix(40))' is not a rate limit; write requests per second per "
                    + "account as a whole number from 1 to 1000000 (e.g. 10 or 10/s).")
        }
        return limit
    }

    /// `100ms` (fixed), `{min: 50ms, max: 200ms}` (uniform) or `{mean: 100ms, p99: 400ms}` (skewed).
    static func latency(_ value: FaultSettings, at path: String) throws -> FaultLatency {
        let shapes = "write 100ms, {min: 50ms, max: 200ms} or {mean: 100ms, p99: 400ms}"
        switch value {
        case .scalar:
            let fixed = try milliseconds(value, at: path)
            guard fixed <= FaultLatency.ceilingMilliseconds else {
                throw FaultPlanError("\(path): latency is at most 60s; lower it.")
            }
            return .fixed(milliseconds: fixed)
        case .map(let entries):
            var fields: [String: Int] = [:]
            for (name, field) in entries {
                guard ["min", "max", "mean", "p99"].contains(name) else {
                    throw FaultPlanError("\(path).\(name) is not a latency field; \(shapes).")
                }
                let amount = try milliseconds(field, at: "\(path).\(name)")
                guard amount <= FaultLatency.ceilingMilliseconds else {
                    throw FaultPlanError("\(path).\(name): latency is at most 60s; lower it.")
                }
                fields[name] = amount
            }
            switch (fields["min"], fields["max"], fields["mean"], fields["p99"]) {
            case (let low?, let high?, nil, nil):
                guard low <= high else { throw FaultPlanError("\(path): min is more than max; swap them.") }
                return .uniform(min: low, max: high)
            case (nil, nil, let mean?, let p99?):
                guard p99 >= mean else { throw FaultPlanError("\(path): p99 is below mean; p99 must be at least the mean.") }
                guard Double(p99) <= Double(mean) * FaultLatency.maximumSkew else {
                    throw FaultPlanError(
                        "\(path): p99 is more than \(Int(FaultLatency.maximumSkew)) × mean, more skew than "
                            + "the log-normal shape allows; raise mean or lower p99.")
                }
                return .skewed(mean: mean, p99: p99)
            default:
                throw FaultPlanError("\(path) needs min and max together, or mean and p99 together; \(shapes).")
            }
        }
    }

    /// `0.125` as `12.5%`.
    static func percent(_ rate: Double) -> String {
        let value = (rate * 1000).rounded() / 10
        return value == value.rounded() ? "\(Int(value))%" : "\(value)%"
    }

    private static func scalar(_ value: FaultSettings, at path: String, example: String) throws -> String {
        guard case .scalar(let text) = value else {
            throw FaultPlanError("\(path) takes a single value (e.g. \(example)), not a mapping.")
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw FaultPlanError("\(path) is empty; give a value such as \(example).") }
        return trimmed
    }
}
