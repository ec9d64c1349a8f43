import ArgumentParser

/// The `keyshare` command line: the composition root that picks concrete backends.
@main
struct Keyshare: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keyshare",
        abstract: "Share Alibaba Cloud KMS keys across accounts with Lua playbooks.",
        version: "0.1.0",
        subcommands: [Run.self, Plugins.self, Sim.self, Serve.self]
    )
}
