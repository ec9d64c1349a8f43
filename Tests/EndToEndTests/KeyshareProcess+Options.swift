import Foundation

/// Runs the binary like `keyshare(_:environment:)`, but from `directory` (the working directory a
/// user ran it from) and optionally without some inherited environment variables.
func keyshare(
    _ arguments: [String], in directory: URL, environment: [String: String] = [:],
    removing removed: [String] = [], executable: URL = keyshareBinary
) async throws -> KeyshareOutcome {
    try await keyshare(
        KeyshareInvocation(
            arguments: arguments, directory: directory, environment: environment,
            removing: removed, executable: executable))
}
