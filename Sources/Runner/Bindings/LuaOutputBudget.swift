import LuaKit

/// Bytes a binding may build for Lua: what is left under the state's memory cap.
///
/// While Swift runs a binding the cap is lifted (a refused allocation would unwind through Swift),
/// so a decoder that pushed whatever the input asked for could take gigabytes past
/// `--max-memory`. Decoders charge their result here first and fail with the input named.
struct LuaOutputBudget {
    /// What one value (a table slot and its `LuaValue`) is charged, besides string bytes.
    static let valueCost = 48
    /// What one table is charged beyond its entries.
    static let tableCost = 64

    /// The input, as the message should name it (`the YAML text`).
    let input: String
    private let available: Int?
    private var spent = 0

    /// A budget of what `arguments`' state has left under its cap (unbounded without a cap).
    init(_ arguments: LuaArguments, input: String) {
        self.input = input
        available = arguments.memoryAvailable
    }

    /// The bytes left, or nil without a cap.
    var remaining: Int? { available.map { max(0, $0 - spent) } }

    /// Most values the result could hold (for limits that count values rather than bytes).
    var maximumValues: Int? { available.map { max(1, $0 / Self.valueCost) } }

    /// Charges `bytes`, or throws once the result would pass the cap.
    mutating func charge(_ bytes: Int) throws(LuaArgumentError) {
        spent = spent.addingReportingOverflow(bytes).partialValue
        guard let available, spent > available else { return }
        throw exceeded()
    }

    /// The error for a result too large for the memory left.
    func exceeded() -> LuaArgumentError {
        LuaArgumentError(
            position: 1,
            message: "\(input) decodes to more than the \(Self.size(available ?? 0)) "
                + "left under the memory cap (--max-memory): decode a smaller document, or raise the cap")
    }

    private static func size(_ bytes: Int) -> String {
        bytes >= 1_048_576 ? "\(bytes / 1_048_576) MB" : "\(bytes) bytes"
    }
}
