extension PolicyParser {
    /// Validates `Condition`: `{<Operator>: {<key>: value | [values]}}` with operators from the
    /// reference's list and values that parse for the operator.
    func conditions(_ value: JSONValue, at path: String) throws(PolicyError) -> [Condition] {
        guard case .object(let operators) = value, !operators.isEmpty else {
            throw malformed(
                "\(path) must be a non-empty object of operators such as {\"StringEquals\": {...}}, got \(value.canonicalText)")
        }
        var result: [Condition] = []
        var seenOperators: Set<String> = []
        for (name, block) in operators {
            let place = "\(path).\(name)"
            guard seenOperators.insert(name).inserted else { throw malformed("\(place) appears more than once") }
            let op = try conditionOperator(name, at: place)
            guard case .object(let keys) = block, !keys.isEmpty else {
                throw malformed("\(place) must be a non-empty object of condition keys, got \(block.canonicalText)")
            }
            var seenKeys: Set<String> = []
            for (key, values) in keys {
                let keyPlace = "\(place).\(key)"
                guard !key.isEmpty else { throw malformed("\(place) has an empty condition key") }
                guard seenKeys.insert(key.lowercased()).inserted else {
                    throw malformed("\(keyPlace) appears more than once (condition keys are case-insensitive)")
                }
                result.append(Condition(op, key: key, values: try conditionValues(values, for: op, at: keyPlace)))
            }
        }
        return result
    }

    /// Resolves an operator name; `…IfExists` and `ForAnyValue:`/`ForAllValues:` are refused
    /// because the reference does not list them (divergence POL-012).
    private func conditionOperator(_ name: String, at place: String) throws(PolicyError) -> ConditionOperator {
        if let op = ConditionOperator(rawValue: name) { return op }
        if name.hasSuffix("IfExists") {
            throw malformed(
                "\(place): the IfExists operator suffix is not supported; use \(quoted(String(name.dropLast(8)))) instead")
        }
        if name.hasPrefix("ForAnyValue:") || name.hasPrefix("ForAllValues:") {
            throw malformed("\(place): set operators (ForAnyValue:/ForAllValues:) are not supported; use the plain operator")
        }
        if let near = ConditionOperator.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() }) {
            throw malformed(
                "\(place) is not a known condition operator; operators are case-sensitive, did you mean \(quoted(near.rawValue))?"
            )
        }
        throw malformed(
            "\(place) is not a known condition operator; use one of "
                + ConditionOperator.allCases.map(\.rawValue).joined(separator: ", ")
        )
    }

    /// Reads one key's values (string, number or boolean, or a non-empty array of them) and checks
    /// each parses as the operator's ``ConditionOperator/ValueType``.
    private func conditionValues(_ value: JSONValue, for op: ConditionOperator, at place: String) throws(PolicyError) -> [String]
    {
        let elements: [JSONValue]
        if case .array(let array) = value {
            guard !array.isEmpty else { throw malformed("\(place) must not be an empty array") }
            elements = array
        } else {
            elements = [value]
        }
        var texts: [String] = []
        for (index, element) in elements.enumerated() {
            let elementPlace = elementPath(place, index, in: value)
            let text: String
            switch element {
            case .string(let string): text = string
            case .number(let literal): text = literal
            case .bool(let flag): text = flag ? "true" : "false"
            default: throw malformed("\(elementPlace) must be a string, number or boolean, got \(element.typeDescription)")
            }
            guard isValid(text, for: op.valueType) else {
                throw malformed("\(elementPlace) must be \(article(op.valueType)) for \(op.rawValue), got \(quoted(text))")
            }
            texts.append(text)
        }
        return texts
    }

    private func isValid(_ text: String, for type: ConditionOperator.ValueType) -> Bool {
        switch type {
        case .string: true
        case .number: (try? JSONValue.parse(text)).map { if case .number = $0 { true } else { false } } ?? false
        case .date: PolicyDate.parse(text) != nil
        case .boolean: ["true", "false"].contains(text.lowercased())
        case .ipRange: IPAddressRange(text) != nil
        }
    }

    private func article(_ type: ConditionOperator.ValueType) -> String {
        switch type {
        case .string: "a string"
        case .number: "a number"
        case .date: "an ISO-8601 date-time such as \"2026-01-31T12:00:00Z\""
        case .boolean: "\"true\" or \"false\""
        case .ipRange: "an IP address or CIDR block such as \"192.168.0.0/16\""
        }
    }
}
