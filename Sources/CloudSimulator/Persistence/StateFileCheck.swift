import Foundation
import GRDB

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tells a keyshare state file from anything else before a byte is written to it, so a mistyped
/// `--state` never turns a user's file (a text file, another program's database) into a state.
package enum StateFileCheck {
    /// `PRAGMA application_id` of a keyshare state ("KSST"), set when the file is seeded.
    static let applicationID: Int32 = 0x4B53_5354

    /// What an SQLite file holds.
    enum Kind: Equatable {
        /// No tables: a new file (or one keyshare created but never seeded).
        case empty
        /// A keyshare state.
        case keyshare
        /// Another program's database, with these tables.
        case foreign([String])
    }

    /// Refuses a path that is a folder, a FIFO, device or dangling symlink, or an existing file that is
    /// not an SQLite database;
    /// reads at most the 16-byte header and never writes.
    ///
    /// - Throws: `WorldError` naming the path and what to do instead.
    package static func checkFormat(_ url: URL) throws {
        var entry = stat()
        guard lstat(url.path, &entry) == 0 else {
            let problem = errno
            guard problem == ENOENT else {
                throw WorldError(
                    "Cannot use the state file \(url.path): \(String(cString: strerror(problem))); "
                        + "pass another --state path.")
            }
            let folder = url.deletingLastPathComponent()
            var folderIsDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &folderIsDirectory),
                folderIsDirectory.boolValue
            else {
                throw WorldError(
                    "Cannot create the state file \(url.path): the folder \(folder.path) does not exist; "
                        + "create it or pass another --state path.")
            }
            return
        }
        // A symlink is followed only to an existing target: a dangling link or a loop would have
        // SQLite create a file elsewhere, or fail after keyshare took the path for new and removed it.
        var target = stat()
        guard stat(url.path, &target) == 0 else {
            throw WorldError(
                "The state file \(url.path) is a symbolic link that leads nowhere "
                    + "(\(String(cString: strerror(errno)))); keyshare leaves it untouched: pass the real file, or another --state path."
            )
        }
        guard (target.st_mode & S_IFMT) != S_IFDIR else {
            throw WorldError("The state file \(url.path) is a folder; pass a file path such as \(url.path)/state.sqlite.")
        }
        // A FIFO would block the read below forever; a device or socket is no database either.
        guard (target.st_mode & S_IFMT) == S_IFREG else {
            throw WorldError(
                "The state file \(url.path) is not a regular file (a FIFO, device or socket); "
                    + "keyshare leaves it untouched: pass a file path such as state.sqlite.")
        }
        // Every change is saved as it happens: a state that cannot be written would fail each
        // target after the run started, so it is refused before anything runs. SQLite also
        // creates its journal files (-wal, -shm) beside the state.
        guard access(url.path, W_OK) == 0 else {
            throw WorldError(
                "The state file \(url.path) is read-only: keyshare saves every change to it. "
                    + "Make it writable (chmod u+w), or copy it to a writable path and pass that as --state.")
        }
        let folder = url.resolvingSymlinksInPath().deletingLastPathComponent()
        guard access(folder.path, W_OK) == 0 else {
            throw WorldError(
                "The folder \(folder.path) of the state file \(url.path) is not writable: SQLite keeps its "
                    + "journal files beside the state. Make the folder writable, or copy the state to a writable folder.")
        }
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw WorldError("Cannot read the state file \(url.path): check its permissions.")
        }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        // An empty file is an empty database to SQLite (as `touch state.sqlite` makes).
        guard header.isEmpty || header == Data("SQLite format 3\u{0}".utf8) else {
            throw WorldError(
                "\(url.path) is not a keyshare state file (it is not an SQLite database); keyshare leaves "
                    + "it untouched: pass another --state path, or move the file away to start a new state there.")
        }
    }

    /// Classifies an open SQLite database by its tables and application id.
    static func classify(_ db: Database) throws -> Kind {
        let tables = try String.fetchAll(
            db,
            sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name
                """)
        let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        if applicationID == Self.applicationID { return .keyshare }
        // An empty database another program stamped as its own is still that program's.
        if tables.isEmpty { return applicationID == 0 ? .empty : .foreign(["none; application id \(applicationID)"]) }
        // A state written before keyshare set its application id: exactly its tables and the meta row.
        let ours: Set<String> = ["account", "meta"]
        if applicationID == 0, ours.isSubset(of: Set(tables)),
            (try? Int.fetchOne(db, sql: "SELECT count(*) FROM meta WHERE id = 1")) == 1
        {
            return .keyshare
        }
        return .foreign(tables)
    }
}
