import Foundation
import Testing

@testable import Rollout

#if canImport(Glibc)
import Glibc
#endif

/// A lease whose holder process has died is taken at once on the same host (a resume right after a
/// kill -9 must not wait out the ttl); every other holder keeps its lease until it expires.
@Suite("SQLiteJournal leases of ended holders")
struct JournalLeaseHolderTests {
    /// The id of a process that has ended and been reaped (`/bin/true`).
    static func endedProcess() throws -> Int32 {
        var child: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/true"), nil]
        defer { argv.forEach { free($0) } }
        guard posix_spawn(&child, "/bin/true", nil, nil, argv, nil) == 0 else { throw SpawnFailed() }
        var status: Int32 = 0
        while waitpid(child, &status, 0) == -1 && errno == EINTR {}
        return child
    }

    struct SpawnFailed: Error {}

    /// A holder name in `makeHolder`'s shape with the given parts.
    static func holder(host: String = SQLiteJournal.hostName, namespace: String = SQLiteJournal.pidNamespace, pid: String)
        -> String
    {
        "\(host):\(namespace):\(pid):1f"
    }

    @Test("makeHolder's names are unique and name this process; this process has not ended")
    func ownHolder() {
        let first = SQLiteJournal.makeHolder()
        let second = SQLiteJournal.makeHolder()
        #expect(first != second)
        #expect(first.split(separator: ":").count == 4)
        #expect(first.split(separator: ":")[2] == "\(getpid())")
        #expect(!SQLiteJournal.holderHasEnded(first))
    }

    @Test(
        "Only a holder of this host and pid namespace whose process is gone counts as ended",
        arguments: [
            "ended", "this process", "parent", "other host", "other namespace", "pid 0", "negative pid",
            "not a pid", "three parts", "five parts", "plain name", "empty",
        ])
    func ended(_ shape: String) throws {
        let dead = try Self.endedProcess()
        let (holder, expected): (String, Bool) =
            switch shape {
            case "ended": (Self.holder(pid: "\(dead)"), true)
            case "this process": (Self.holder(pid: "\(getpid())"), false)
            case "parent": (Self.holder(pid: "\(getppid())"), false)
            case "other host": (Self.holder(host: SQLiteJournal.hostName + "-x", pid: "\(dead)"), false)
            case "other namespace": (Self.holder(namespace: "1", pid: "\(dead)"), false)
            case "pid 0": (Self.holder(pid: "0"), false)
            case "negative pid": (Self.holder(pid: "-1"), false)
            case "not a pid": (Self.holder(pid: "12ab"), false)
            case "three parts": ("\(SQLiteJournal.hostName):\(dead):1f", false)
            case "five parts": (Self.holder(pid: "\(dead)") + ":x", false)
            case "plain name": ("killed", false)
            default: ("", false)
            }
        #expect(SQLiteJournal.holderHasEnded(holder) == expected, "\(holder)")
    }

    @Test("An unexpired lease of an ended holder is taken at once; a live holder's is refused")
    func takeover() async throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let journal = try SQLiteJournal(path: folder.file("j.sqlite"))
        let dead = Self.holder(pid: "\(try Self.endedProcess())")
        let live = Self.holder(pid: "\(getppid())")
        #expect(try await journal.acquireLease(name: "key/k-1", holder: dead, ttl: .seconds(600)))
        #expect(try await journal.acquireLease(name: "key/k-2", holder: live, ttl: .seconds(600)))
        #expect(try await journal.acquireLease(name: "key/k-1", holder: "resumed", ttl: .seconds(60)))
        #expect(try await journal.lease(name: "key/k-1")?.holder == "resumed")
        #expect(try await !journal.renewLease(name: "key/k-1", holder: dead, ttl: .seconds(60)))
        #expect(try await !journal.acquireLease(name: "key/k-2", holder: "resumed", ttl: .seconds(60)))
        #expect(try await journal.lease(name: "key/k-2")?.holder == live)
    }
}
