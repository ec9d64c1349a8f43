import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `keyshare sim init --output` wrote atomically (a temporary file renamed over the path), so a
/// FIFO, a device or a symlink there was replaced by a plain file; run as root it even replaced
/// `/dev/full`. Each kind of path is now refused (or a symlink written through), leaving it as it was.
@Suite(
    "sim init --output",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct SimOutputTests {
    /// (what --output names inside the case's folder, a fragment of the error).
    static let refusals: [(String, String)] = [
        ("fifo", "is not a regular file"),
        ("folder", "is a folder"),
        ("dangling", "symbolic link that leads nowhere"),
        ("loop-a", "symbolic link that leads nowhere"),
        ("missing/world.yaml", "does not exist"),
    ]

    /// A folder with a FIFO, a sub-folder, a dangling symlink, a loop and a link to a regular file.
    private func fixture() throws -> URL {
        let folder = try temporaryFolder("keyshare-sim-output")
        let files = FileManager.default
        #if canImport(Glibc)
        _ = mkfifo(folder.appendingPathComponent("fifo").path, 0o644)
        #endif
        try files.createDirectory(at: folder.appendingPathComponent("folder"), withIntermediateDirectories: true)
        try files.createSymbolicLink(
            atPath: folder.appendingPathComponent("dangling").path, withDestinationPath: "/nonexistent/w")
        try files.createSymbolicLink(atPath: folder.appendingPathComponent("loop-a").path, withDestinationPath: "loop-b")
        try files.createSymbolicLink(atPath: folder.appendingPathComponent("loop-b").path, withDestinationPath: "loop-a")
        try "old\n".write(to: folder.appendingPathComponent("target.yaml"), atomically: true, encoding: .utf8)
        try files.createSymbolicLink(atPath: folder.appendingPathComponent("link.yaml").path, withDestinationPath: "target.yaml")
        return folder
    }

    /// The file type of `path` without following a link (`S_IFIFO`, `S_IFLNK`, …).
    private func kind(_ path: URL) -> mode_t {
        var entry = stat()
        return lstat(path.path, &entry) == 0 ? entry.st_mode & S_IFMT : 0
    }

    @Test(
        "an --output that is not a regular file or a new one exits 2 naming it, and stays as it was",
        arguments: 0..<refusals.count)
    func refused(index: Int) async throws {
        let (name, fragment) = Self.refusals[index]
        let folder = try fixture()
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = ["fifo", "folder", "dangling", "loop-a"].map { kind(folder.appendingPathComponent($0)) }
        let outcome = try await keyshare(
            KeyshareInvocation(
                arguments: ["sim", "init", "--accounts", "2", "--output", folder.appendingPathComponent(name).path], timeout: 30))
        #expect(outcome.status == 2, "\(outcome.errors)")
        #expect(outcome.errors.contains(fragment), "\(outcome.errors)")
        #expect(outcome.errors.contains("--output"))
        #expect(["fifo", "folder", "dangling", "loop-a"].map { kind(folder.appendingPathComponent($0)) } == before)
    }

    @Test("an --output that is a symlink to a file writes the file and keeps the link")
    func throughLink() async throws {
        let folder = try fixture()
        defer { try? FileManager.default.removeItem(at: folder) }
        let link = folder.appendingPathComponent("link.yaml")
        let outcome = try await keyshare(["sim", "init", "--accounts", "2", "--output", link.path])
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(kind(link) == S_IFLNK)
        #expect(try String(contentsOf: folder.appendingPathComponent("target.yaml"), encoding: .utf8).hasPrefix("version: 1"))
    }
}
