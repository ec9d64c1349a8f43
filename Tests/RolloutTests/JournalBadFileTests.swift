import Foundation
import GRDB
import Synchronization
import Testing

@testable import Rollout

@Suite("SQLiteJournal refuses files that are not its journal")
struct JournalBadFileTests {
    /// How a bad path is made, and what its error must say.
    struct BadFile: Sendable, CustomStringConvertible {
        let description: String
        let make: @Sendable (URL) throws -> Void
        let fragments: [String]
    }

    static let cases: [BadFile] = [
        BadFile(
            description: "a text file", make: { try Data("hello\nworld\n".utf8).write(to: $0) },
            fragments: ["is not a keyshare journal", "not an SQLite database", "untouched"]),
        BadFile(
            description: "a short binary file", make: { try Data([0, 1, 2]).write(to: $0) },
            fragments: ["not an SQLite database"]),
        BadFile(
            description: "another program's SQLite database",
            make: { url in
                let queue = try DatabaseQueue(path: url.path)
                try queue.write { try $0.execute(sql: "CREATE TABLE people (name TEXT); INSERT INTO people VALUES ('ada')") }
                try queue.close()
            }, fragments: ["SQLite database but not a keyshare journal", "people", "untouched"]),
        BadFile(
            description: "an empty SQLite database another program stamped",
            make: { url in
                let queue = try DatabaseQueue(path: url.path)
                try queue.write { try $0.execute(sql: "PRAGMA application_id = 1234") }
                try queue.close()
            }, fragments: ["not a keyshare journal", "application id 1234"]),
        BadFile(
            description: "a journal from a newer keyshare",
            make: { url in
                let journal = try SQLiteJournal(path: url)
                try journal.database.write { db in
                    try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v2-future')")
                    try db.execute(sql: "UPDATE meta SET value = '2' WHERE key = 'schema'")
                }
                try journal.database.close()
            }, fragments: ["newer keyshare", "v2-future", "untouched"]),
        BadFile(
            description: "a journal whose meta row says a newer schema",
            make: { url in
                let journal = try SQLiteJournal(path: url)
                try journal.database.write { try $0.execute(sql: "UPDATE meta SET value = '7' WHERE key = 'schema'") }
                try journal.database.close()
            }, fragments: ["newer keyshare", "schema 7"]),
        BadFile(
            description: "the SQLite header followed by garbage",
            make: { url in
                try (Data("SQLite format 3\u{0}".utf8) + Data(repeating: 0xA5, count: 4_096)).write(to: url)
            }, fragments: ["not a keyshare journal, or it is damaged", "untouched"]),
        BadFile(
            description: "a folder",
            make: { try FileManager.default.createDirectory(at: $0, withIntermediateDirectories: false) },
            fragments: ["is a folder", "--journal"]),
        BadFile(
            description: "a symbolic link to nowhere",
            make: { url in
                try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: url.path + ".missing")
            }, fragments: ["symbolic link that leads nowhere"]),
        BadFile(description: "a path below a regular file", make: { _ in }, fragments: ["a file, not a folder"]),
    ]

    @Test("Each bad path fails with an error naming it and the fix, and is left byte-for-byte as it was", arguments: cases)
    func refused(_ bad: BadFile) throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        var path = folder.file("journal.sqlite")
        if bad.description == "a path below a regular file" {
            try Data("x".utf8).write(to: folder.file("plain"))
            path = folder.file("plain/journal.sqlite")
        }
        try bad.make(path)
        let before = Self.snapshot(folder.url)
        let error = #expect(throws: JournalError.self) { try SQLiteJournal(path: path) }
        #expect(error?.kind == .unusableFile)
        let message = error?.message ?? ""
        #expect(message.contains(path.path), "\(message)")
        for fragment in bad.fragments { #expect(message.contains(fragment), "\(message)") }
        #expect(!message.contains("SQLITE_"), "\(message)")
        #expect(Self.snapshot(folder.url) == before, "the folder changed")
    }

    @Test(
        "A journal in a folder where no file can be made (procfs, even for root) is refused with the path and the fix",
        arguments: ["/proc/journal.sqlite", "/proc/keyshare-journal-test/journal.sqlite", "/proc/self/journal.sqlite"])
    func uncreatable(path: String) {
        let error = #expect(throws: JournalError.self) { try SQLiteJournal(path: URL(fileURLWithPath: path)) }
        #expect(error?.kind == .unusableFile)
        let message = error?.message ?? ""
        #expect(message.contains(path), "\(message)")
        #expect(message.contains("--journal FILE"), "\(message)")
        #expect(!message.contains("SQLITE_"), "\(message)")
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("A journal in an unwritable folder, or a read-only journal, is refused before anything is written")
    func unwritable() throws {
        guard geteuid() != 0 else { return } // root writes anywhere
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let locked = folder.file("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: false)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: locked.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: locked.path) }
        for path in [locked.appendingPathComponent("journal.sqlite"), locked.appendingPathComponent("sub/journal.sqlite")] {
            let error = #expect(throws: JournalError.self) { try SQLiteJournal(path: path) }
            #expect(
                error?.message.contains("not writable") == true || error?.message.contains("cannot create the folder") == true,
                "\(error?.message ?? "")")
            #expect(error?.message.contains(path.path) == true)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: locked.path).isEmpty)

        let readOnly = folder.file("ro.sqlite")
        _ = try SQLiteJournal(path: readOnly)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: readOnly.path)
        let error = #expect(throws: JournalError.self) { try SQLiteJournal(path: readOnly) }
        #expect(error?.message.contains("read-only") == true, "\(error?.message ?? "")")
    }

    @Test("An empty file (touch journal.sqlite) becomes a journal, and a missing folder is created")
    func emptyAndNew() async throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        let touched = folder.file("touched.sqlite")
        #expect(FileManager.default.createFile(atPath: touched.path, contents: Data()))
        for path in [touched, folder.file("a/b/.keyshare/journal.sqlite")] {
            let journal = try SQLiteJournal(path: path)
            try await journal.beginRun(try JournalFixture.run("r-20261206T234500Z-0e0e0e", targets: 1))
            #expect(try await SQLiteJournal(path: path).runs().count == 1)
        }
    }

    @Test("Opening without create refuses a missing journal without making it or its folder")
    func noCreate() throws {
        let folder = try ScratchFolder()
        defer { folder.cleanUp() }
        for path in [folder.file("missing.sqlite"), folder.file("sub/missing.sqlite")] {
            let error = #expect(throws: JournalError.self) { try SQLiteJournal(path: path, create: false) }
            #expect(error?.message.contains("no journal at \(path.path)") == true, "\(error?.message ?? "")")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).isEmpty)
    }

    @Test("Four instances creating one new journal at the same moment all open it")
    func racingCreation() async throws {
        for _ in 0..<5 {
            let folder = try ScratchFolder()
            defer { folder.cleanUp() }
            let path = folder.file("j.sqlite")
            let failures = Mutex<[String]>([])
            // Threads, not tasks: opening blocks on file locks, which must not hold the cooperative pool.
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                do {
                    _ = try SQLiteJournal(path: path)
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            #expect(failures.withLock { $0 } == [])
            #expect(try await SQLiteJournal(path: path).runs().isEmpty)
        }
    }

    /// Every file in `folder` with its bytes, symlinks as their destination.
    static func snapshot(_ folder: URL) -> [String: Data] {
        var files: [String: Data] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] {
            let path = folder.appendingPathComponent(name).path
            if let link = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
                files[name] = Data(("link:" + link).utf8)
            } else {
                files[name] = FileManager.default.contents(atPath: path) ?? Data("<folder or unreadable>".utf8)
            }
        }
        return files
    }
}
