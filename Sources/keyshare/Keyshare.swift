import ArgumentParser

#if canImport(Glibc)
import Glibc
#endif

/// The `keyshare` command line: the composition root that picks concrete backends.
@main
struct Keyshare: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keyshare",
        abstract: "Share Alibaba Cloud KMS keys across accounts with Lua playbooks.",
        version: "0.1.0",
        subcommands: [
            Run.self, Plan.self, Drift.self, Resume.self, Undo.self, Runs.self, Explain.self, AuditCommand.self, Plugins.self,
            Sim.self, Serve.self,
        ]
    )

    /// ArgumentParser's entry point, except that input a command cannot start with (a usage or
    /// validation error, a ``StartFailure``) exits 2, the documented "could not start" code,
    /// instead of 64 (`drift` keeps 64: its 2 means drift, see ``badInputExitCode(_:)``).
    static func main() async {
        #if canImport(Glibc)
        // A closed pipe (`keyshare run … | head`) is a failed write the run reports, not a kill
        // in the middle of a rollout.
        signal(SIGPIPE, SIG_IGN)
        #endif
        if let problem = RepeatedOption.problem(in: Array(CommandLine.arguments.dropFirst())) {
            StandardError.write("keyshare: \(problem)\n")
            exit(withError: ExitCode(badInputExitCode()))
        }
        do {
            var command = try await asyncParseAsRoot(nil)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            StandardOutputCheck.exitIfLost()
        } catch let failure as StartFailure {
            StandardError.write("keyshare: \(failure.message)\n")
            exit(withError: ExitCode(badInputExitCode()))
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            StandardError.write(fullMessage(for: error) + "\n")
            exit(withError: ExitCode(badInputExitCode()))
        }
    }
}
