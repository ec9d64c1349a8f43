import Foundation

/// A policy document in a world file: written as a YAML map or as a JSON string, kept as JSON text.
package struct PolicyText: Codable, Sendable, Equatable, ExpressibleByStringLiteral {
    /// The document as JSON text.
    package var json: String

    /// Wraps JSON text.
    package init(json: String) { self.json = json }

    package init(stringLiteral value: String) { self.json = value }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            json = text
            return
        }
        let value = try container.decode(DocumentValue.self)
        json = try value.jsonText()
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(json)
    }
}

/// A YAML/JSON value inside a policy document map. Scalars are kept as strings: the policy parser
/// accepts `"1"`, `"true"` and numbers written as text.
enum DocumentValue: Codable, Sendable {
    /// A scalar, kept as text.
    case string(String)
    /// A sequence.
    case array([DocumentValue])
    /// A mapping.
    case object([String: DocumentValue])
    /// An empty value.
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let list = try? container.decode([DocumentValue].self) {
            self = .array(list)
        } else {
            self = .object(try container.decode([String: DocumentValue].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let text): try container.encode(text)
        case .array(let list): try container.encode(list)
        case .object(let map): try container.encode(map)
        case .null: try container.encodeNil()
        }
    }

    /// Compact JSON with sorted keys.
    func jsonText() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
