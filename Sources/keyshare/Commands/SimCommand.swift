import ArgumentParser
import CloudModel
import CloudSimulator
import Foundation

/// `keyshare sim`: the built-in simulator's world files and its divergence register.
struct Sim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Work with the built-in Alibaba Cloud simulator.",
        subcommands: [Init.self, Capture.self, Divergences.self]
    )

    /// `keyshare sim init`: writes a starter world.
    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a starter world: a management account with a KMS instance and member accounts.")

        @Option(help: "Number of member accounts (1–9999; default: the starter world `run` and `serve` use without --world).")
        var accounts: Int = World.starterMembers

        @Option(
            help:
                "Keys in the shared pool alias/shared-disk-key, -2, … (default: one per 400 accounts; a key policy holds ~490 sharees)."
        )
        var keys: Int?

        @Option(help: "Write the world to this file instead of standard output.")
        var output: String?

        @Option(help: "Seed for generated ids and access key secrets.")
        var seed: UInt64 = 1

        func validate() throws {
            guard (1...9999).contains(accounts) else {
                throw ValidationError("--accounts must be between 1 and 9999, got \(accounts).")
            }
            if let keys, !(1...100).contains(keys) {
                throw ValidationError("--keys must be between 1 and 100, got \(keys).")
            }
        }

        func run() async throws {
            let text = World.starter(accounts: accounts, keys: keys, seed: seed).yaml()
            guard let output else {
                print(text, terminator: "")
                return
            }
            let destination = try OutputFile.regularFile(output, option: "--output")
            do {
                try text.write(to: destination, atomically: true, encoding: .utf8)
            } catch {
                throw StartFailure(
                    "--output \(output): cannot write \(destination.path): \(OutputFile.reason(error)); "
                        + "check the folder exists and is writable, or pass another file.")
            }
            print("Wrote a world with \(accounts + 1) accounts to \(output).")
        }
    }

    /// `keyshare sim divergences`: where the simulator's behaviour is inferred.
    struct Divergences: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the behaviours the simulator infers rather than knows (id and sentence).")

        func run() async throws {
            for divergence in SimulatedCloud.divergences {
                print("\(divergence.id)\t\(divergence.summary)")
            }
        }
    }
}
