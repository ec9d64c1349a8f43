/// How much a YAML document may ask of the reader: nesting, values after aliases are expanded,
/// and how far aliases may multiply the text's own values ("billion laughs").
package struct YAMLLimits: Sendable, Equatable {
    /// Deepest nesting of sequences and mappings (the root collection is level 1).
    package var maximumDepth: Int
    /// Most values the document may hold once every alias is expanded.
    package var maximumValues: Int
    /// Aliases may expand the document to this many times the values written in it…
    package var aliasExpansionRatio: Int
    /// …or to this many values, whichever is larger (small documents may alias freely).
    package var aliasExpansionFloor: Int

    /// Limits; the defaults suit configuration files written by people.
    package init(
        maximumDepth: Int = 100, maximumValues: Int = 5_000_000, aliasExpansionRatio: Int = 10,
        aliasExpansionFloor: Int = 100_000
    ) {
        self.maximumDepth = maximumDepth
        self.maximumValues = maximumValues
        self.aliasExpansionRatio = aliasExpansionRatio
        self.aliasExpansionFloor = aliasExpansionFloor
    }
}

/// Why a YAML document was refused: a syntax error or a limit. The message gives line and column
/// and the problem, never text from the document (it may hold secrets).
package struct YAMLReadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of problem, for callers that explain it in their own terms.
    package enum Kind: Sendable, Equatable {
        /// Not YAML (libyaml's parser refused it).
        case syntax
        /// YAML, but not a shape a reader accepts (depth, keys, aliases to nothing, documents).
        case structure
        /// Aliases multiply the document past ``YAMLLimits/aliasExpansionRatio``.
        case aliases
        /// More values than ``YAMLLimits/maximumValues``.
        case size
    }

    /// What is wrong, with its position.
    package var message: String
    /// 1-based line of the problem, when known.
    package var line: Int?
    /// 1-based column of the problem, when known.
    package var column: Int?
    /// The class of problem.
    package var kind: Kind

    /// An error at `line`:`column` (1-based).
    package init(_ problem: String, line: Int?, column: Int?, kind: Kind = .structure) {
        self.line = line
        self.column = column
        self.kind = kind
        if let line, let column {
            message = "line \(line), column \(column): \(problem)"
        } else {
            message = problem
        }
    }

    /// True for a syntax error.
    package var isSyntax: Bool { kind == .syntax }

    package var description: String { message }
}
