import CloudAPI
import CloudModel

extension Sim.Capture {
    /// The cloud to read, the account its credentials belong to, and what to close at the end. The
    /// sim backend is opened as a plan opens it (a copy in memory, the state file only read). Both
    /// are paced and retried by the run's governor, so throttling slows a capture down instead of
    /// failing it.
    ///
    /// - Throws: `StartFailure` naming the world, state file or credentials and the fix.
    func openCaptureBackend() async throws -> (any Cloud, AccountID, (@Sendable () async throws -> Void)?) {
        try await backend.openReadOnly { StartFailure($0) }
    }
}
