import Foundation

@testable import Rollout

/// A fresh folder under the system's temporary directory for one test, removed by `cleanUp()`.
struct ScratchFolder {
    /// The folder.
    let url: URL

    /// Creates the folder (named after `label`, plus a random tail).
    init(_ label: String = "journal") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("keyshare-\(label)-\(UInt64.random(in: 0...UInt64.max))", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// A path inside the folder.
    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// Removes the folder and everything in it (permissions restored first, so a test that made it read-only still cleans up).
    func cleanUp() {
        _ = try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        try? FileManager.default.removeItem(at: url)
    }
}

/// Records shaped like a real run's, for the journal tests.
enum JournalFixture {
    /// A fixed instant with whole milliseconds, so dates survive the journal's REAL seconds exactly.
    static let start = Date(timeIntervalSince1970: 1_765_064_700.125)

    /// A run of `targets` accounts (`1000…`) over `steps` named steps, started `offset` seconds after ``start``.
    static func run(
        _ id: String, targets: Int = 3, steps: [String] = ["ecs-key-sharing.prepare", "ecs-key-sharing.share"],
        offset: Double = 0
    ) throws -> RunRecord {
        guard let runID = RunID(id) else { throw FixtureError("\(id) is not a run id") }
        return RunRecord(
            id: runID, playbook: "/work/pb/share.lua", playbookDigest: String(repeating: "ab", count: 32),
            invocation: ["pb/share.lua", "--state", "state.sqlite", "--param", "folder=fd-1"],
            workingDirectory: "/work", backend: "simulator state=/work/state.sqlite",
            targets: (0..<targets).map {
                RolloutTarget(
                    id: String(1_000 + $0), name: "acct-\($0)", folder: $0 % 2 == 0 ? "fd-1" : nil,
                    tags: $0 % 3 == 0 ? ["env": "prod", "team": "x"] : [:])
            },
            steps: steps, startedAt: start.addingTimeInterval(offset))
    }

    /// A thrown fixture problem (a test's own mistake).
    struct FixtureError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

extension JournalFixture {
    /// Whether `read` is what a journal may hold of `written`: every outcome and every record without
    /// a phase, in order; intents only where written (a fold may leave out one whose outcome it held);
    /// and the same settled changes.
    static func isFolded(_ read: [MutationRecord], from written: [MutationRecord]) -> Bool {
        var remaining = written[...]
        for record in read {
            guard let index = remaining.firstIndex(of: record) else { return false }
            // Only intents may be skipped on the way.
            guard remaining[..<index].allSatisfy({ $0.phase == .intent }) else { return false }
            remaining = remaining[(index + 1)...]
        }
        return remaining.allSatisfy { $0.phase == .intent }
            && MutationRecord.settled(read) == MutationRecord.settled(written)
    }
}
