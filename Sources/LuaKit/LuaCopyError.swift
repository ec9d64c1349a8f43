/// A Lua value that cannot be copied into Swift, and where in it: the keys from the copied value
/// down to the entry at fault, so a caller can name what that entry means to it (a parameter).
public struct LuaCopyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What stopped the copy.
    public enum Reason: Sendable, Equatable {
        /// The entry is the table at `path.prefix(ancestor)`, which encloses it: a cycle. It is the
        /// table holding the entry itself when `ancestor == path.count - 1`.
        case cycle(ancestor: Int)
        /// The entry is nested deeper than `limit` tables.
        case tooDeep(limit: Int)
        /// The copy needed more than the state's memory cap of `limit` bytes.
        case tooLarge(limit: Int)
        /// A table key of a Lua type Swift tables do not take (`boolean`, `table`, …).
        case keyType(String)
        /// The Lua stack had no room to read a table.
        case stackOverflow
    }

    /// The keys from the copied value to the entry at fault; empty for the value itself.
    public var path: [LuaKey]
    /// What stopped the copy.
    public var reason: Reason

    /// A copy failure at `path`.
    public init(path: [LuaKey], reason: Reason) {
        self.path = path
        self.reason = reason
    }

    /// `keys` as a Lua path (`Statement[1].Action`); empty for no keys.
    public static func text(of keys: some Collection<LuaKey>) -> String {
        var text = ""
        for key in keys {
            switch key {
            case .string(let name): text += text.isEmpty ? name : ".\(name)"
            case .integer(let index): text += "[\(index)]"
            }
        }
        return text
    }

    /// What went wrong, where, and what to pass instead.
    public var description: String {
        let at = path.isEmpty ? "" : " at \(Self.text(of: path))"
        switch reason {
        case .cycle(let ancestor):
            let outer = ancestor == 0 ? "the outermost table" : "the table at \(Self.text(of: path.prefix(ancestor)))"
            let holder = ancestor == path.count - 1 ? "the table holding it" : "\(outer), which encloses it"
            return "the entry\(at) is \(holder) (a cycle): tables must be trees to cross into Swift"
        case .tooDeep(let limit):
            // Not where: that path is `limit` keys long.
            return "table nesting deeper than \(limit) levels: flatten the value to cross into Swift"
        case .tooLarge(let limit):
            return "value too large to cross into Swift\(at): its copy needs more than the memory cap of "
                + "\(LuaError.size(limit)) (a table referenced many times is copied once per reference); "
                + "pass a smaller value, or raise the cap with --max-memory MB"
        case .keyType(let type):
            return "a table key of type \(type)\(at) cannot cross into Swift: use string or integer keys"
        case .stackOverflow:
            return "Lua stack overflow while reading a table\(at): pass a smaller value"
        }
    }
}
