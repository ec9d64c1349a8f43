import ArgumentParser
import CloudModel
import CloudSimulator
import Foundation

extension Sim {
    /// `keyshare sim capture --output world.yaml`: a rehearsal twin of the organisation the backend
    /// reaches, read with read-only calls and written as a world file the simulator loads.
    ///
    /// Exit codes: 0 complete; 3 partial (written, but an account, listing or the directory could
    /// not be read, named on standard error and in the file); 1 the credentials' own account could
    /// not be read (nothing written); 2 bad input or credentials that cannot be identified.
    struct Capture: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Capture the organisation the backend reaches as a world file: a rehearsal twin.",
            discussion: """
                Reads the Resource Directory (ListAccounts, ListFoldersForParent), every account's RAM \
                roles with their trust and attached policies (ListRoles, GetRole, ListPoliciesForRole, \
                GetPolicy at the default version) and, in each --region, its KMS instances and quotas, \
                keys, key policies (verbatim) and aliases, plus ECS zones (--region repeated or comma-separated, e.g. \
                cn-hangzhou,cn-shanghai; the first is the twin's default region); ECS disks, snapshots, \
                own images and resource shares are counted, not captured. Members are read through \
                --access-role. Only read calls are sent. Secrets are never read or written: the \
                credentials' account gets a simulated access key KSAK<uid> derived from --seed. What \
                the world format cannot hold is named, with counts, in the file's comment header and on \
                standard error. Exit codes: 0 complete; 3 partial (written; skipped accounts named); \
                1 the credentials' own account could not be read (nothing written); 2 bad input.
                """
        )

        @Option(help: ArgumentHelp("The world file to write (its folder must exist).", valueName: "file"))
        var output: String

        @Option(help: "Seed for the twin's simulated access key secret (the same seed writes the same file).")
        var seed: UInt64 = 1

        @OptionGroup var backend: BackendOptions

        func validate() throws {
            guard !output.isEmpty else { throw ValidationError("--output is empty; pass a file path such as world.yaml.") }
            _ = try regions()
        }

        /// `--region`, repeated or comma-separated (as audit takes it), else the backend's default region.
        func regions() throws -> [RegionID] {
            // The backend options keep only the last value; every one given counts here.
            let given = AuditCommand.regionWords(in: CommandLine.arguments)
            guard backend.region != nil, !given.isEmpty else { return [backend.regionID()] }
            do {
                return try WorldCapture.regions(given.joined(separator: ","))
            } catch {
                throw ValidationError("\(error)")
            }
        }

        func run() async throws {
            let destination = try OutputFile.regularFile(output, option: "--output")
            let regions = try regions()
            let (cloud, caller, shutdown) = try await openCaptureBackend()
            let captured: CapturedWorld
            do {
                captured = try await WorldCapture(cloud: cloud, caller: caller, regions: regions, seed: seed).capture()
                try? await shutdown?()
            } catch {
                try? await shutdown?()
                StandardError.write("keyshare: the capture could not read account \(caller); nothing was written: \(error)\n")
                throw ExitCode.failure
            }
            do {
                try captured.verify()
            } catch {
                StandardError.write(
                    "keyshare: the captured world does not load in the simulator (a keyshare bug; "
                        + "nothing was written): \(error)\n")
                throw ExitCode.failure
            }
            do {
                try captured.yaml().write(to: destination, atomically: true, encoding: .utf8)
            } catch {
                throw StartFailure(
                    "--output \(output): cannot write \(destination.path): \(OutputFile.reason(error)); "
                        + "check the folder is writable, or pass another file.")
            }
            for line in captured.report.lines { StandardError.write("keyshare: capture: \(line)\n") }
            for skipped in captured.report.skipped where skipped.failure.requestID != nil {
                StandardError.write("keyshare: capture: \(skipped.failure)\n")
            }
            let world = captured.world
            let keys = world.accounts.reduce(0) { $0 + $1.keys.count }
            let roles = world.accounts.reduce(0) { $0 + $1.roles.count }
            func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
            print(
                "Captured \(count(world.accounts.count, "account")), \(count(keys, "key")) and \(count(roles, "role"))"
                    + " (\(captured.report.isPartial ? "partial" : "complete")) into \(output).")
            StandardOutputCheck.exitIfLost()
            if captured.report.isPartial { throw ExitCode(3) }
        }
    }
}
