import Foundation
import Yams

/// A YAML scalar resolved to its type the way Yams resolves it (YAML 1.1 booleans, `0x`/`0o`/
/// sexagesimal integers, `.inf`), but without traps: Yams multiplies sexagesimal parts
/// (`1:2:3:…`) unchecked, which crashes on a long one. Integers too large for 64 bits read as
/// floats, as Lua reads such literals.
package enum YAMLScalar: Sendable, Equatable {
    /// `null`, `~`, or an empty value.
    case null
    /// `true`/`false` and YAML 1.1's `yes`/`no`/`on`/`off`.
    case bool(Bool)
    /// An integer that fits 64 bits (decimal, `0x`, `0o`, `0b`, sexagesimal).
    case integer(Int64)
    /// A float, `.inf` or `.nan`, or an integer literal too large for 64 bits.
    case float(Double)
    /// Anything else, timestamps included, as written.
    case string(String)

    /// Resolves `scalar` by its tag (explicit, or implicit from its text and style).
    package init(_ scalar: Node.Scalar) {
        switch Tag.Name(rawValue: Node.scalar(scalar).tag.description) {
        case .null: self = .null
        case .bool: self = Bool.construct(from: scalar).map(YAMLScalar.bool) ?? .string(scalar.string)
        case .int:
            if let value = Self.integer(scalar.string) {
                self = .integer(value)
            } else if let value = Double.construct(from: scalar) {
                self = .float(value)
            } else {
                self = .string(scalar.string)
            }
        case .float: self = Double.construct(from: scalar).map(YAMLScalar.float) ?? .string(scalar.string)
        default: self = .string(scalar.string)
        }
    }

    /// The integer a YAML 1.1 integer literal denotes, or nil when it is not one or does not fit.
    package static func integer(_ literal: String) -> Int64? {
        var text = Substring(literal.replacingOccurrences(of: "_", with: ""))
        var negative = false
        if let sign = text.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            text = text.dropFirst()
        }
        guard !text.isEmpty else { return nil }
        // Magnitudes are read as UInt64 so that -9223372036854775808 fits.
        var magnitude: UInt64?
        if text.contains(":") {
            magnitude = sexagesimal(text)
        } else if text == "0" {
            magnitude = 0
        } else {
            let radixes: [(String, Int)] = [("0x", 16), ("0b", 2), ("0o", 8), ("0", 8)]
            if let (prefix, radix) = radixes.first(where: { text.hasPrefix($0.0) }) {
                magnitude = UInt64(text.dropFirst(prefix.count), radix: radix)
            } else {
                magnitude = UInt64(text, radix: 10)
            }
        }
        guard let magnitude else { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        return Int64(exactly: magnitude)
    }

    /// `1:30:00` → 5400, with every step overflow-checked.
    private static func sexagesimal(_ text: Substring) -> UInt64? {
        var value: UInt64 = 0
        for part in text.split(separator: ":", omittingEmptySubsequences: false) {
            guard let digit = UInt64(part, radix: 10) else { return nil }
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 60)
            let (sum, carry) = shifted.addingReportingOverflow(digit)
            guard !overflow, !carry else { return nil }
            value = sum
        }
        return value
    }
}
