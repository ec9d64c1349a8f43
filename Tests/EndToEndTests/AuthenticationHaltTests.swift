import CloudAPI
import CloudModel
import CloudSimulator
import Foundation
import Rollout
import Runner
import Synchronization
import Testing

/// A backend whose credentials stop working after `healthy` calls: every later call is refused
/// with `code`, as the gateway refuses a deleted or rotated access key.
final class RevokedCredentials: Cloud {
    let inner: SimulatedCloud
    let code: String
    private let state: Mutex<(healthy: Int, calls: Int, refused: Int)>

    init(_ inner: SimulatedCloud, healthy: Int, code: String) {
        self.inner = inner
        self.code = code
        state = Mutex((healthy, 0, 0))
    }

    /// Calls that reached this backend, and how many of them were refused.
    var counts: (calls: Int, refused: Int) { state.withLock { ($0.calls, $0.refused) } }

    func call<R: CloudRequest>(_ request: R, context: CallContext) async throws -> R.Response {
        let refuse = state.withLock { state -> Bool in
            state.calls += 1
            guard state.calls > state.healthy else { return false }
            state.refused += 1
            return true
        }
        if refuse { throw CloudError(code: code, message: "Specified access key is not found.", httpStatus: 404) }
        return try await inner.call(request, context: context)
    }
}

@Suite("An authentication error halts the run", .serialized)
struct AuthenticationHaltTests {
    @Test(
        "Credentials refused mid-run: in-flight targets fail, the rest are cancelled with the reason, nothing more is sent, and a resume with working credentials finishes",
        arguments: ["InvalidAccessKeyId.NotFound", "SignatureDoesNotMatch", "InvalidSecurityToken.Expired"])
    func halts(code: String) async throws {
        let environment = SimulatorEnvironment(isDeterministic: false, seed: 3, start: Date(), provisioningDelay: 2)
        let simulator = try SimulatedCloud(world: .starter(accounts: 40), environment: environment)
        let owner = try #require(AccountID("1000000000000001"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("auth-halt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let journalPath = folder.appendingPathComponent("journal.sqlite")

        func options(_ governed: GovernedCloud, resume: RunID?) -> RunOptions {
            var options = RunOptions(
                searchPath: PluginSearchPath(extra: [], builtIn: packageRoot.appendingPathComponent("plugins")),
                defaultAccount: owner, concurrency: 3, reporters: [],
                sleep: { duration in await simulator.advanceClock(by: duration) })
            options.readablePaths = [ThrottledConvergenceTests.playbook.deletingLastPathComponent()]
            options.soleWriter = true
            options.governor = governed.governor
            options.journaling = RunOptions.Journaling(
                open: { try SQLiteJournal(path: journalPath) }, invocation: ["test"],
                backend: "sim (in process)", workingDirectory: folder.path,
                resume: resume)
            return options
        }

        let revoked = RevokedCredentials(simulator, healthy: 120, code: code)
        let governed = GovernedCloud(revoked, governor: CallGovernor())
        let runner = try PluginRunner(cloud: governed, options: options(governed, resume: nil))
        guard case .rollout(let summary) = try await runner.run(ThrottledConvergenceTests.playbook) else {
            Issue.record("not a rollout")
            return
        }
        let run = try #require(await runner.lastRunID)
        #expect(summary.failed >= 1 && summary.failed <= 3, "\(summary.line)")
        #expect(summary.cancelled >= summary.results.count - 3 - summary.changed, "\(summary.line)")
        for result in summary.results {
            if case .cancelled(let reason) = result.outcome {
                #expect(
                    reason.contains(code) && reason.contains("credentials") && reason.contains("keyshare resume \(run)"),
                    "\(reason)")
            }
        }
        // The brake stops sending: at most one refused call per target in flight reached the backend.
        #expect(revoked.counts.refused <= 3, "\(revoked.counts)")

        // Fixed credentials: the resume runs the failed and cancelled targets to the end.
        let healthy = GovernedCloud(simulator, governor: CallGovernor())
        let resumed = try PluginRunner(cloud: healthy, options: options(healthy, resume: run))
        guard case .rollout(let second) = try await resumed.run(ThrottledConvergenceTests.playbook) else {
            Issue.record("not a rollout")
            return
        }
        #expect(second.isSuccess, "\(second.line)")
        #expect(second.results.count == summary.results.count)
    }
}
