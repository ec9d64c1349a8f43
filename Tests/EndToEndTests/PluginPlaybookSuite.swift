import Foundation

/// A suite that runs playbooks through the built binary with this repository's plugins
/// (`KEYSHARE_PLUGINS`), writing its helper scripts into a temporary folder per test.
protocol PluginPlaybookSuite {}

extension PluginPlaybookSuite {
    /// The path of ecs-key-sharing's example playbook `name`.lua.
    func example(_ name: String) -> String {
        packageRoot.appendingPathComponent("plugins/ecs-key-sharing/examples/\(name).lua").path
    }

    /// Runs the binary with this repository's plugins, whatever plugins the machine has.
    func keyshare(_ arguments: [String]) async throws -> KeyshareOutcome {
        try await EndToEndTests.keyshare(
            arguments, environment: ["KEYSHARE_PLUGINS": packageRoot.appendingPathComponent("plugins").path])
    }

    /// Writes `text` to the file `name` in `folder` and returns its path.
    func write(_ text: String, _ name: String, in folder: URL) throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}
