import ArgumentParser
import CloudAPI
import CloudModel

extension AuditCommand {
    /// The backend the audit reads, the account it reads as, and what to close at the end. The sim
    /// backend is opened as explain and plan open it (the world and `--state` copied into memory,
    /// the state file only read); over http the credential broker assumes into member accounts and
    /// every read is paced and retried as a run's are.
    ///
    /// - Throws: `StartFailure` naming the world, state file or credentials and the fix; `ExitCode.failure`
    ///   (exit 1) when the http backend cannot even say whose the credentials are.
    func openBackend() async throws -> (any Cloud, AccountID, (@Sendable () async throws -> Void)?) {
        try await backend.openReadOnly { sentence in
            // Not bad input: the backend could not be read at all (exit 1, as a failed read later).
            StandardError.write("keyshare: audit could not read the backend: \(sentence)\n")
            return ExitCode.failure
        }
    }
}
