import ArgumentParser
import CloudAPI
import CloudModel
import CloudSimulator
import Runner

extension PlaybookOptions {
    /// Runs the playbook on a shadow as `plan` and `drift` do: its calls go to `cloud` (the shadow,
    /// or a recorder over it), a playbook's wait moves the overlay's clock so nothing waits, pauses go
    /// on without asking (the whole run is predicted), and key policies need no read-back (the shadow
    /// is in memory and this command's alone). Input the runner refuses exits `badInputCode`.
    func executeOnShadow(
        _ start: Start, cloud: any Cloud, overlay: SimulatedCloud, defaultAccount: AccountID,
        badInputCode: Int32
    ) async throws -> (RunOutcome, [String]) {
        var runOptions = runOptions(
            start, defaultAccount: defaultAccount,
            sleep: { duration in await overlay.advanceClock(by: duration) })
        runOptions.staging.answer = .predict
        runOptions.soleWriter = true
        return try await Self.execute(
            cloud: cloud, options: runOptions, url: start.url, arguments: start.scriptArguments,
            couldNotStart: { message in
                StandardError.write(message)
                return ExitCode(badInputCode)
            })
    }
}
