import CLuaShim

extension LuaArguments {
    /// The state's memory cap in bytes (`--max-memory`), nil when it has none.
    public var memoryLimit: Int? { record.state.options.memoryLimit }

    /// Bytes Lua may still allocate under the cap, nil when uncapped. A function that builds a
    /// value for Lua charges it against this before pushing: while Swift holds the state the cap
    /// is lifted, so an unchecked result would grow past it.
    public var memoryAvailable: Int? {
        guard let limit = memoryLimit else { return nil }
        return max(0, limit - Int(clamping: record.limits.pointee.memory_used))
    }
}
