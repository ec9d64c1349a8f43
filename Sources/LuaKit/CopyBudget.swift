/// What one copy of a Lua value into Swift has used: bytes, charged as the copy proceeds, and the
/// tables it is inside.
///
/// Lua stores a table once however often it is referenced, but the copy is a tree: without a
/// bound, `t = {a, a}` nested 40 times becomes 2⁴⁰ entries in Swift. The bound is the state's
/// memory cap, so a value that crosses into Swift costs at most what it could cost in Lua.
final class CopyBudget {
    /// What one table costs beyond its entries (Swift dictionary and array headers).
    static let tableCost = 64
    /// What one entry costs besides its string bytes (a `LuaValue` and its key).
    static let entryCost = 48

    /// The identities of the tables being copied, outermost first: a table found among them again
    /// is a cycle.
    var enclosing: [UnsafeRawPointer?] = []
    private var remaining: Int
    private let limit: Int

    /// A budget of `limit` bytes; 0 means the state has no cap, so nothing is refused.
    init(limit: Int) {
        self.limit = limit
        remaining = limit == 0 ? Int.max : limit
    }

    /// Bytes charged so far (0 without a cap, where nothing is counted).
    var spent: Int { limit == 0 ? 0 : limit - remaining }

    /// Takes `bytes` from the budget, or throws ``LuaCopyError`` once it is spent.
    func charge(_ bytes: Int) throws {
        remaining -= min(bytes, remaining)
        guard remaining == 0, limit != 0 else { return }
        throw LuaCopyError(path: [], reason: .tooLarge(limit: limit))
    }
}
