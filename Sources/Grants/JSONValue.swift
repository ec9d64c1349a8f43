import CloudModel
import Foundation

/// A JSON document as a value, with one canonical text form: keys sorted, no insignificant
/// whitespace. Policies are compared and written in that form, so re-running writes nothing.
package enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses JSON text.
    ///
    /// - Throws: ``KeyPolicyEditError`` naming `what` when the text is not JSON.
    package init(parsing text: String, what: String = "JSON") throws {
        do throws(CloudModel.JSONValue.SyntaxError) {
            self = JSONValue(try CloudModel.JSONValue.parse(text))
        } catch {
            throw KeyPolicyEditError(
                code: "keyshare.InvalidJSON",
                message: "\(what) is not valid JSON: \(error.reason) at byte \(error.offset)")
        }
    }

    /// Converts CloudModel's parse (members in order, numbers as text): the last duplicate key wins,
    /// integral numbers that fit stay integers.
    private init(_ parsed: CloudModel.JSONValue) {
        switch parsed {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .string(let value): self = .string(value)
        case .number(let literal):
            if let integer = Int64(literal) { self = .integer(integer) } else { self = .number(Double(literal) ?? .nan) }
        case .array(let values): self = .array(values.map(JSONValue.init))
        case .object(let members):
            var fields: [String: JSONValue] = [:]
            for member in members { fields[member.key] = JSONValue(member.value) }
            self = .object(fields)
        }
    }

    /// The canonical text: sorted keys, compact, `/` unescaped.
    package var canonicalText: String {
        var output = ""
        write(to: &output)
        return output
    }

    /// The value under `key` of an object, or nil.
    package subscript(key: String) -> JSONValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    /// The string payload, or nil.
    package var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// A string or an array of strings (policy elements allow both), as an array.
    package var stringList: [String] {
        switch self {
        case .string(let value): [value]
        case .array(let values): values.compactMap(\.stringValue)
        default: []
        }
    }

    private func write(to output: inout String) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .integer(let value): output += String(value)
        case .number(let value):
            if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
                output += String(Int64(value))
            } else {
                output += "\(value)"
            }
        case .string(let value): Self.writeString(value, to: &output)
        case .array(let values):
            output += "["
            for (index, value) in values.enumerated() {
                if index > 0 { output += "," }
                value.write(to: &output)
            }
            output += "]"
        case .object(let fields):
            output += "{"
            for (index, key) in fields.keys.sorted().enumerated() {
                if index > 0 { output += "," }
                Self.writeString(key, to: &output)
                output += ":"
                fields[key]!.write(to: &output)
            }
            output += "}"
        }
    }

    /// Whether `value` holds a quote, a backslash or a control character. Scans the contiguous
    /// UTF-8 buffer of a native string (every string here is one) rather than the UTF-8 view's
    /// index by index: a ~500-principal policy is written back once per batch.
    private static func needsEscaping(_ value: String) -> Bool {
        let scan = { (byte: UInt8) in byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") }
        return value.utf8.withContiguousStorageIfAvailable { $0.contains(where: scan) } ?? value.utf8.contains(where: scan)
    }

    private static func writeString(_ value: String, to output: inout String) {
        output += "\""
        // Nearly every string (ARNs, actions, names) needs no escaping: append it whole.
        if !needsEscaping(value) {
            output += value
            output += "\""
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                output += String(format: "\\u%04x", scalar.value)
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
