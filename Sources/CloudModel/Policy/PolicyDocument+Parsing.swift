extension PolicyDocument {
    /// Parses and validates `json` as a `kind` document.
    ///
    /// Checks, in order: size (6,144 UTF-16 units for RAM documents, 32,768 UTF-8 bytes for key
    /// policies), JSON syntax, then the grammar of the kind; the first problem is thrown with the
    /// wire code for the kind and a message naming the element.
    package static func parse(_ json: String, kind: PolicyKind) throws(PolicyError) -> PolicyDocument {
        let length = kind.sizeUnit.length(of: json)
        guard length <= kind.sizeLimit else {
            throw PolicyError(
                kind: kind, reason: .tooLong(length: length, limit: kind.sizeLimit),
                message: "The \(kind) is \(length) \(kind.sizeUnit.rawValue) long; the limit is "
                    + "\(kind.sizeLimit) \(kind.sizeUnit.rawValue). Shorten it, e.g. by merging statements "
                    + "or using wildcards."
            )
        }
        let parser = PolicyParser(kind: kind)
        let root: JSONValue
        do {
            root = try JSONValue.parse(json)
        } catch {
            throw parser.malformed("The \(kind) is not valid JSON: \(error.reason) at byte \(error.offset).")
        }
        guard case .object(let object) = root else {
            throw parser.malformed(
                "The \(kind) must be a JSON object with Version and Statement, got \(root.typeDescription)")
        }
        let top = try parser.members(of: object, at: "", allowed: ["Version", "Statement"])
        guard let version = top["Version"] else { throw parser.malformed("Version is required and must be \"1\"") }
        guard version == .string("1") else {
            throw parser.malformed("Version must be \"1\", got \(version.canonicalText)")
        }
        guard let statementValue = top["Statement"] else {
            throw parser.malformed("Statement is required: an array of at least one statement")
        }
        guard case .array(let elements) = statementValue else {
            throw parser.malformed(
                "Statement must be an array of statement objects, got \(statementValue.typeDescription)"
                    + (statementValue.typeDescription == "an object" ? "; wrap the statement in [ ]" : "")
            )
        }
        guard !elements.isEmpty else { throw parser.malformed("Statement must contain at least one statement") }
        var statements: [Statement] = []
        for (index, element) in elements.enumerated() {
            statements.append(try parser.statement(element, at: "Statement[\(index)]"))
        }
        return PolicyDocument(kind: kind, statements: statements, root: root)
    }
}
