import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A state file keyshare cannot write was opened, and every target then failed with "attempt to
/// write a readonly database" (`serve` started and failed each call): a read-only state, or one
/// in a read-only folder (where SQLite cannot create its journal), is now refused before anything
/// runs. As root, permissions do not bind, so the binary runs as `nobody` through `setpriv`.
@Suite(
    "Read-only state files",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct ReadOnlyStateTests {
    private static let setpriv = "/usr/bin/setpriv"
    private static let isRoot = getuid() == 0

    /// (what, the state file's mode, its folder's mode, a fragment of the error).
    static let cases: [(String, mode_t, mode_t, String)] = [
        ("a read-only state file", 0o444, 0o777, "is read-only"),
        ("a writable state file in a read-only folder", 0o666, 0o555, "is not writable"),
    ]

    /// How to run `arguments` as a user the permissions bind (nobody when we are root).
    private func invocation(_ arguments: [String]) -> KeyshareInvocation {
        guard Self.isRoot else { return KeyshareInvocation(arguments: arguments, timeout: 60) }
        return KeyshareInvocation(
            arguments: ["--reuid=65534", "--regid=65534", "--clear-groups", keyshareBinary.path] + arguments,
            executable: URL(fileURLWithPath: Self.setpriv), timeout: 60)
    }

    @Test("run and serve refuse a state they cannot write, exit 2, and change nothing", arguments: 0..<cases.count)
    func refused(index: Int) async throws {
        let (what, fileMode, folderMode, fragment) = Self.cases[index]
        try #require(!Self.isRoot || FileManager.default.isExecutableFile(atPath: Self.setpriv), "setpriv is needed as root")
        let root = try temporaryFolder("keyshare-readonly-state")
        defer {
            chmod(root.appendingPathComponent("state").path, 0o755)
            try? FileManager.default.removeItem(at: root)
        }
        chmod(root.path, 0o755)
        let folder = root.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let state = folder.appendingPathComponent("state.sqlite")
        let script = root.appendingPathComponent("script.lua")
        try "print('ran')\n".write(to: script, atomically: true, encoding: .utf8)
        chmod(script.path, 0o644)
        let seeded = try await keyshare(["run", "--state", state.path, script.path])
        try #require(seeded.status == 0, "\(seeded.errors)")
        try? FileManager.default.removeItem(atPath: state.path + ".lock")
        let before = try Data(contentsOf: state)
        chmod(state.path, fileMode)
        chmod(folder.path, folderMode)
        for words in [["run", "--state", state.path, script.path], ["serve", "--port", "0", "--state", state.path]] {
            let outcome = try #require(try await keyshareUnlessHung(invocation(words)), "\(what): \(words[0]) hung")
            #expect(outcome.status == 2, "\(what): \(words[0]): \(outcome.errors)")
            #expect(outcome.errors.contains(fragment), "\(what): \(outcome.errors)")
            #expect(!outcome.output.contains("ran"), "\(what): the script ran")
        }
        chmod(folder.path, 0o755)
        #expect(try Data(contentsOf: state) == before)
    }
}
