import Audit

extension Explain {
    /// The explainer over the chosen backend, and what to close at the end (the http backend's
    /// connections). The sim backend is opened as a plan opens it: the world (and `--state`) copied
    /// into memory, the state file only read, so explain cannot change it.
    ///
    /// - Throws: `StartFailure` naming the world, state file or credentials and the fix.
    func openExplainer() async throws -> (KeyExplainer, (@Sendable () async throws -> Void)?) {
        let (cloud, account, shutdown) = try await backend.openReadOnly { StartFailure($0) }
        return (KeyExplainer(cloud: cloud, defaultAccount: account, region: backend.regionID()), shutdown)
    }
}
