/// A JSON value, faithful enough to print it back canonically: the one JSON type of keyshare
/// (policy parsing, wire envelopes, key-policy editing, the Lua `json` module and JSON parameters).
///
/// Objects keep their members in document order (duplicates included) so the validator can name a
/// duplicated element; numbers keep their literal text so canonical JSON never rounds them.
package enum JSONValue: Hashable, Sendable {
    /// `{…}`: members in the order they were written.
    case object([(key: String, value: JSONValue)])
    /// `[…]`.
    case array([JSONValue])
    /// A string, unescaped.
    case string(String)
    /// A number, as its literal text (`10`, `1.5e3`).
    case number(String)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null

    package static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        lhs.canonicalText == rhs.canonicalText
    }

    package func hash(into hasher: inout Hasher) { hasher.combine(canonicalText) }

    /// The deepest nesting ``parse(_:)`` reads: deeper than any sensible policy (a Condition sits
    /// at depth 5), shallow enough that hostile input cannot exhaust the stack.
    package static let maximumDepth = 64

    /// The JSON type name used in error messages ("a string", "an object", …).
    package var typeDescription: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }

    /// The value of member `key` of an object (the last one when the key is duplicated, as
    /// JavaScript's `JSON.parse` reads it), or nil.
    package subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last { $0.key == key }?.value
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

    /// The value with each object's duplicated members reduced to the last one, at every depth
    /// (where the last is kept; the canonical text sorts members anyway).
    package var lastMembersOnly: JSONValue {
        switch self {
        case .object(let members):
            var seen = Set<String>()
            var kept: [(key: String, value: JSONValue)] = []
            kept.reserveCapacity(members.count)
            for member in members.reversed() where seen.insert(member.key).inserted {
                kept.append((member.key, member.value.lastMembersOnly))
            }
            return .object(kept.reversed())
        case .array(let elements): return .array(elements.map(\.lastMembersOnly))
        case .string, .number, .bool, .null: return self
        }
    }
}
