extension BatchBinding {
    /// The LuaLS stub of this module's `each` (``BindingStubs`` puts it after the module's bindings).
    package var stub: String {
        let operations = operations.map { "\"\($0)\"" }.joined(separator: "|")
        return """

            ---@alias \(module).ReadOperation \(operations)

            ---Sends requests of one read-only operation at once (at most \(Self.concurrency) in flight, \
            \(Self.maximumRequests) per call)
            ---and returns the answers in the order of `requests` (an empty list answers `{}`). Each request is
            ---checked, sent and metered as its single call (`\(module).<operation>(params, caller)`). Operations
            ---that change the cloud are refused: their ClientTokens and journal intents follow a step's call order.
            ---Once every request has finished, the first failing one's error is raised as its single call raises
            ---it, with `index` set to its position (argument errors name `entry #N`).
            ---@async
            ---@param operation \(module).ReadOperation
            ---@param requests table[] one parameter table per request, as the single call takes it
            ---@param caller? keyshare.Caller who calls (default: the playbook owner's root)
            ---@return table[]
            function \(fullName)(operation, requests, caller) end

            """
    }
}
