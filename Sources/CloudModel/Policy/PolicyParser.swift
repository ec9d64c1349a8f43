/// Validates the JSON of one document against the grammar of its ``PolicyKind``, producing
/// errors that name the offending element by path (`Statement[0].Principal.RAM[1]`).
struct PolicyParser {
    /// The language being checked.
    let kind: PolicyKind

    /// An error for `kind` whose message says what is wrong and where.
    func malformed(_ message: String) -> PolicyError {
        PolicyError(kind: kind, reason: .malformed, message: message)
    }

    /// Checks an object's member names: no duplicates, none outside `allowed`; members that
    /// belong to another policy kind get a message saying why they are refused here.
    func members(
        of object: [(key: String, value: JSONValue)], at path: String, allowed: [String],
        refused: [String: String] = [:]
    ) throws(PolicyError) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for (key, value) in object {
            let place = path.isEmpty ? key : "\(path).\(key)"
            guard result[key] == nil else { throw malformed("\(place) appears more than once") }
            if let why = refused[key] { throw malformed("\(place) is not allowed in \(kind.withArticle): \(why)") }
            guard allowed.contains(key) else {
                let near = allowed.first { $0.lowercased() == key.lowercased() }
                let hint =
                    near.map { "; element names are case-sensitive, did you mean \"\($0)\"?" }
                    ?? "; allowed here: \(allowed.joined(separator: ", "))"
                throw malformed("\(place) is not a known element\(hint)")
            }
            result[key] = value
        }
        return result
    }

    /// Reads an element that may be one string or a non-empty array of non-empty strings.
    func stringList(_ value: JSONValue, at path: String) throws(PolicyError) -> [String] {
        switch value {
        case .string(let text):
            guard !text.isEmpty else { throw malformed("\(path) must not be an empty string") }
            return [text]
        case .array(let elements):
            guard !elements.isEmpty else { throw malformed("\(path) must not be an empty array") }
            var result: [String] = []
            for (index, element) in elements.enumerated() {
                guard case .string(let text) = element else {
                    throw malformed("\(path)[\(index)] must be a string, got \(element.typeDescription)")
                }
                guard !text.isEmpty else { throw malformed("\(path)[\(index)] must not be an empty string") }
                result.append(text)
            }
            return result
        default:
            throw malformed("\(path) must be a string or an array of strings, got \(value.typeDescription)")
        }
    }

    /// The path of element `index` of a list read by ``stringList(_:at:)`` (no index for a
    /// single string).
    func elementPath(_ path: String, _ index: Int, in value: JSONValue) -> String {
        if case .array = value { return "\(path)[\(index)]" }
        return path
    }

    /// Quotes a string for a message, JSON-style.
    func quoted(_ text: String) -> String { JSONValue.string(text).canonicalText }
}
