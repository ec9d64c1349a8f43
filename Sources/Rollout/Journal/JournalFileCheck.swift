import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tells whether a path can hold a journal before SQLite touches it, so a mistyped `--journal`
/// never turns a user's file (a text file, a folder, a device) into a journal. Reads at most the
/// 16-byte header; the only thing it may create is the missing parent folder of a new journal.
enum JournalFileCheck {
    /// What was found at the path.
    enum Found {
        /// Nothing yet (the parent folder exists, or was created): a new journal.
        case nothing
        /// An empty file (`touch journal.sqlite`): SQLite treats it as an empty database.
        case emptyFile
        /// A regular file starting with the SQLite header.
        case sqlite
    }

    /// Checks `url` for use as a journal, creating its parent folder when `createFolder`.
    ///
    /// - Throws: `JournalError.unusableFile` naming the path, what is there and the fix.
    static func check(_ url: URL, createFolder: Bool) throws -> Found {
        let path = url.path
        let fix = "pass --journal FILE naming another file"
        var entry = stat()
        guard lstat(path, &entry) == 0 else {
            let problem = errno
            if problem == ENOTDIR {
                throw JournalError(
                    .unusableFile, "cannot use the journal \(path): a part of its path is a file, not a folder; \(fix)")
            }
            guard problem == ENOENT else {
                throw JournalError(.unusableFile, "cannot use the journal \(path): \(String(cString: strerror(problem))); \(fix)")
            }
            try checkFolder(of: url, createFolder: createFolder, fix: fix)
            return .nothing
        }
        var target = stat()
        guard stat(path, &target) == 0 else {
            throw JournalError(
                .unusableFile,
                "the journal \(path) is a symbolic link that leads nowhere "
                    + "(\(String(cString: strerror(errno)))); keyshare leaves it untouched: \(fix), or point the link at a file")
        }
        switch target.st_mode & S_IFMT {
        case S_IFREG:
            break
        case S_IFDIR:
            throw JournalError(
                .unusableFile,
                "the journal \(path) is a folder; name a file in it, e.g. "
                    + "--journal \(url.appendingPathComponent("journal.sqlite").path)")
        default:
            throw JournalError(
                .unusableFile,
                "the journal \(path) is not a regular file (a FIFO, device or socket); "
                    + "keyshare leaves it untouched: \(fix)")
        }
        guard access(path, R_OK) == 0 else {
            throw JournalError(
                .unusableFile,
                "cannot read the journal \(path): \(String(cString: strerror(errno))); "
                    + "check its permissions, or \(fix)")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw JournalError(.unusableFile, "cannot read the journal \(path); check its permissions, or \(fix)")
        }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        if header.isEmpty {
            try checkWritable(url, fix: fix)
            return .emptyFile
        }
        guard header == Data("SQLite format 3\u{0}".utf8) else {
            throw JournalError(
                .unusableFile,
                "\(path) is not a keyshare journal (it is not an SQLite database); "
                    + "keyshare leaves it untouched: \(fix), or move the file away to start a journal there")
        }
        try checkWritable(url, fix: fix)
        return .sqlite
    }

    /// SQLite writes the journal and its `-wal`/`-shm` files beside it, so both the file and its
    /// folder must be writable.
    private static func checkWritable(_ url: URL, fix: String) throws {
        guard access(url.path, W_OK) == 0 else {
            throw JournalError(
                .unusableFile,
                "the journal \(url.path) is read-only: keyshare records every step in it. "
                    + "Make it writable (chmod u+w), or \(fix)")
        }
        let folder = url.resolvingSymlinksInPath().deletingLastPathComponent()
        guard access(folder.path, W_OK) == 0 else {
            throw JournalError(
                .unusableFile,
                "the folder \(folder.path) of the journal \(url.path) is not writable: "
                    + "SQLite keeps its -wal and -shm files beside the journal. Make the folder writable, or \(fix)")
        }
    }

    /// A new journal needs an existing, writable folder; a missing one is created when asked.
    private static func checkFolder(of url: URL, createFolder: Bool, fix: String) throws {
        let folder = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) {
            guard createFolder else {
                throw JournalError(.unusableFile, "no journal at \(url.path): the folder \(folder.path) does not exist; \(fix)")
            }
            if let problem = makeFolders(folder) {
                throw JournalError(
                    .unusableFile,
                    "cannot create the folder \(folder.path) for the journal \(url.path) "
                        + "(\(problem)); \(fix) in a writable folder")
            }
            return
        }
        guard isDirectory.boolValue else {
            throw JournalError(.unusableFile, "cannot create the journal \(url.path): \(folder.path) is not a folder; \(fix)")
        }
        guard access(folder.path, W_OK) == 0 else {
            throw JournalError(
                .unusableFile,
                "cannot create the journal \(url.path): the folder \(folder.path) is not "
                    + "writable; make it writable, or \(fix) in a writable folder")
        }
    }

    /// Creates `folder` and its missing parents (`mkdir -p`); nil when done, else the folder that
    /// could not be made and the system's reason.
    private static func makeFolders(_ folder: URL) -> String? {
        var missing: [URL] = []
        var current = folder.standardizedFileURL
        while current.path != "/", !FileManager.default.fileExists(atPath: current.path) {
            missing.append(current)
            current = current.deletingLastPathComponent()
        }
        for folder in missing.reversed() where mkdir(folder.path, 0o777) != 0 && errno != EEXIST {
            return "\(folder.path): \(String(cString: strerror(errno)))"
        }
        return nil
    }
}
