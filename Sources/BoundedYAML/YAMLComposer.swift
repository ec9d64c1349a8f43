import CYaml
import Yams

/// Composes YAML text into a Yams `Node` within ``YAMLLimits``.
///
/// Why not `Yams.compose`: it recurses once per nesting level (a document of `[[[[…` overflows the
/// stack), hashes complex keys by their expanded content, and its errors quote the offending
/// line, which may be a secret. This composer drives libyaml's event parser with an explicit
/// stack, counts every value as aliases expand it, and reports only positions and problems.
/// Aliases stay shared in the result (copy-on-write), so a refused document never got big.
package enum YAMLComposer {
    /// The single document of `text` (nil for an empty stream).
    ///
    /// - Throws: ``YAMLReadError`` for a syntax error, a second document, nesting deeper than the
    ///   limit, an undefined alias, a non-scalar or duplicate mapping key, or too many values.
    package static func compose(_ text: String, limits: YAMLLimits = YAMLLimits()) throws(YAMLReadError) -> Node? {
        var text = text
        let result: Result<Node?, YAMLReadError> = text.withUTF8 { bytes in
            var composition = Composition(limits: limits)
            do throws(YAMLReadError) {
                return .success(try composition.run(bytes))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// A key as errors may quote it: only when it looks like a field name. A key with spaces or
    /// punctuation may be a value typed where a key was meant (`{secret abc123}` is a key).
    package static func quotedKey(_ key: String) -> String {
        let isName =
            (1...40).contains(key.utf8.count)
            && key.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
                    || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "/")
            }
        return isName ? "the key '\(key)'" : "a key (not shown: it does not look like a field name)"
    }
}

/// One collection being filled while its events arrive.
private struct Frame {
    enum Kind { case sequence, mapping }
    let kind: Kind
    let tag: Tag
    let style: UInt32
    let anchor: String?
    var items: [Node] = []
    var pairs: [(Node, Node)] = []
    var pendingKey: Node?
    var keys: Set<String> = []
    /// Values below this collection, aliases expanded, plus the collection itself.
    var values = 1
}

private struct Composition {
    let limits: YAMLLimits
    var stack: [Frame] = []
    var anchors: [String: (node: Node, values: Int)] = [:]
    /// Values written in the text (each event that makes a node counts once).
    var written = 0
    var root: (node: Node, values: Int)?
    /// One constructor for every tag: `Tag`'s default argument builds a fresh `Constructor` (three
    /// dictionaries) per node, which was a fifth of loading a 1,000-account world. Constructors
    /// are immutable, so sharing one changes nothing. (Tags themselves cannot be shared: resolving
    /// an implicit tag rewrites its name in place.)
    let constructor = Constructor.default

    init(limits: YAMLLimits) { self.limits = limits }

    mutating func run(_ bytes: UnsafeBufferPointer<UInt8>) throws(YAMLReadError) -> Node? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw YAMLReadError("the YAML parser could not start (out of memory)", line: nil, column: nil)
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        var documents = 0
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else { throw Self.syntaxError(parser, limits: limits) }
            defer { yaml_event_delete(&event) }
            let mark = event.start_mark
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return root?.node
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    throw error("a second document starts here ('---'); give one document only", mark)
                }
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                let value = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
                let tag = scalar.quoted_implicit == 1 ? Tag(.str, .default, constructor) : makeTag(scalar.tag)
                let style = Node.Scalar.Style(rawValue: scalar.style.rawValue) ?? .any
                let node = Node.scalar(Node.Scalar(value, tag, style))
                written += 1
                if let anchor = Self.string(scalar.anchor) { anchors[anchor] = (node, 1) }
                try add(node, values: 1, mark)
            case YAML_ALIAS_EVENT:
                let name = Self.string(event.data.alias.anchor) ?? ""
                guard let anchored = anchors[name] else {
                    throw error("an alias (*name) names no anchor (&name) defined before it", mark)
                }
                try add(anchored.node, values: anchored.values, mark)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                guard stack.count < limits.maximumDepth else {
                    throw error("nesting deeper than \(limits.maximumDepth) levels; flatten the document", mark)
                }
                let isSequence = event.type == YAML_SEQUENCE_START_EVENT
                let start = event.data.sequence_start
                let mapping = event.data.mapping_start
                written += 1
                stack.append(
                    Frame(
                        kind: isSequence ? .sequence : .mapping,
                        tag: makeTag(isSequence ? start.tag : mapping.tag),
                        style: isSequence ? start.style.rawValue : mapping.style.rawValue,
                        anchor: Self.string(isSequence ? start.anchor : mapping.anchor)))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let frame = stack.popLast() else { continue }
                let node: Node =
                    switch frame.kind {
                    case .sequence:
                        .sequence(Node.Sequence(frame.items, frame.tag, Node.Sequence.Style(rawValue: frame.style) ?? .any))
                    case .mapping:
                        .mapping(Node.Mapping(frame.pairs, frame.tag, Node.Mapping.Style(rawValue: frame.style) ?? .any))
                    }
                if let anchor = frame.anchor { anchors[anchor] = (node, frame.values) }
                try add(node, values: frame.values, mark)
            default:
                continue
            }
        }
    }

    /// Adds a finished value to the collection being filled, or makes it the root.
    private mutating func add(_ node: Node, values: Int, _ mark: yaml_mark_t) throws(YAMLReadError) {
        guard !stack.isEmpty else {
            root = (node, values)
            try checkExpansion(values, mark)
            return
        }
        let top = stack.count - 1
        switch stack[top].kind {
        case .sequence:
            stack[top].items.append(node)
        case .mapping:
            if let key = stack[top].pendingKey {
                stack[top].pairs.append((key, node))
                stack[top].pendingKey = nil
            } else {
                guard case .scalar(let scalar) = node else {
                    throw error("a mapping key is a sequence or mapping; only plain keys (text, numbers) are supported", mark)
                }
                guard stack[top].keys.insert(scalar.string).inserted else {
                    throw error("\(YAMLComposer.quotedKey(scalar.string)) appears twice in one mapping; keep one", mark)
                }
                stack[top].pendingKey = node
            }
        }
        let (total, overflow) = stack[top].values.addingReportingOverflow(values)
        stack[top].values = overflow ? Int.max : total
        try checkExpansion(stack[top].values, mark)
    }

    /// A collection's expanded size bounds the whole document's from below, so checking each as it
    /// grows stops an alias bomb at the first value past the limit.
    private func checkExpansion(_ values: Int, _ mark: yaml_mark_t) throws(YAMLReadError) {
        if values > limits.maximumValues {
            throw error(
                "the document holds more than \(limits.maximumValues) values (aliases counted as expanded)",
                mark, kind: .size)
        }
        let allowed = max(
            limits.aliasExpansionFloor, written.multipliedReportingOverflow(by: limits.aliasExpansionRatio).partialValue)
        if values > allowed {
            throw error(
                "aliases (*name) expand the document to more than \(allowed) values "
                    + "(\(limits.aliasExpansionRatio)× the \(written) written); write the values out or alias less", mark,
                kind: .aliases)
        }
    }

    private func error(_ problem: String, _ mark: yaml_mark_t, kind: YAMLReadError.Kind = .structure) -> YAMLReadError {
        YAMLReadError(problem, line: mark.line + 1, column: mark.column + 1, kind: kind)
    }

    /// libyaml's problem and context are fixed phrases; the document's text is never quoted.
    static func syntaxError(_ parser: yaml_parser_t, limits: YAMLLimits) -> YAMLReadError {
        let problem = string(parser.problem) ?? "the text cannot be parsed"
        // libyaml's own depth limit (1000) can fire first, while it scans flow collections ahead.
        if problem.hasPrefix("Maximum nesting level") {
            return YAMLReadError(
                "nesting deeper than \(limits.maximumDepth) levels; flatten the document",
                line: parser.problem_mark.line + 1, column: parser.problem_mark.column + 1)
        }
        let context = string(parser.context).map { " \($0)" } ?? ""
        let mark = parser.problem_mark
        return YAMLReadError(
            "YAML syntax error: \(problem)\(context); check indentation, quoting and ': ' inside values",
            line: mark.line + 1, column: mark.column + 1, kind: .syntax)
    }

    func makeTag(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> Tag {
        Tag(Self.string(pointer).map(Tag.Name.init(rawValue:)) ?? .implicit, .default, constructor)
    }

    static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    static func string(_ pointer: UnsafePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }

}
