import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A journal's append-only log beside its SQLite file (`journal.sqlite.log-PID-RANDOM`): the hot
/// records (a step's start and end, a call's intent and outcome) are written here, a durable one at
/// once with any deferred ones before it in one `write(2)`, durable against a killed process the
/// moment it returns (like a WAL commit at `synchronous=NORMAL`), and folded into SQLite later,
/// many records per transaction.
///
/// The writing process holds an exclusive `flock` on its log for as long as it lives, so any
/// process that can take the lock knows the writer is gone and folds what it left (see
/// ``recover(beside:_:)``).
final class JournalLog: Sendable {
    /// The log's file name (its row in `log_folds`).
    let name: String
    private let url: URL
    private let descriptor: Int32

    private struct State: ~Copyable {
        var end = 0
        /// The offset up to which SQLite holds the records (their fold committed).
        var folded = 0
        var pending: [JournalLogRecord] = []
        /// Deferred records not written yet, and their frames: written ahead of the next durable
        /// record, in the same `write(2)`.
        var unwritten: [JournalLogRecord] = []
        var unwrittenBytes: [UInt8] = []
        var broken: String?
        var closed = false
    }

    private let state = Mutex(State())

    /// Where logs of the journal at `journal` are named from.
    static func prefix(of journal: URL) -> String { journal.lastPathComponent + ".log-" }

    /// Creates and locks a new log beside `journal`. It is made under a name recovery does not
    /// read and renamed once locked, so no other process ever takes a live log for a dead one.
    init(beside journal: URL) throws {
        let folder = journal.deletingLastPathComponent()
        let unique = "\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        let temporary = folder.appendingPathComponent(journal.lastPathComponent + ".new-log-" + unique)
        name = Self.prefix(of: journal) + unique
        url = folder.appendingPathComponent(name)
        let opened = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o600)
        guard opened >= 0 else {
            throw JournalError(
                .storage,
                "cannot create the journal's log beside \(journal.path): \(Self.errorText()); check the folder is writable")
        }
        guard flock(opened, LOCK_EX | LOCK_NB) == 0, rename(temporary.path, url.path) == 0 else {
            let reason = Self.errorText()
            close(opened)
            unlink(temporary.path)
            throw JournalError(.storage, "cannot set up the journal's log \(url.path): \(reason)")
        }
        descriptor = opened
    }

    deinit {
        // Deferred records still count; a log still holding records SQLite lacks stays for the
        // next opener to fold.
        _ = state.withLock { state in try? writeUnwritten(&state) }
        _ = closeIfFolded()
        close(descriptor)
    }

    /// Appends `record`. A durable record is written at once, with every deferred record before it,
    /// in one `write(2)`: once this returns they survive the process. A deferred record (`durable`
    /// false: a call's outcome, whose intent already stands for it) waits for the next durable
    /// record or ``writeDeferred()``.
    /// - Throws: `JournalError.storage` naming the log when it cannot be written (a full disk); the
    ///   log is cut back to its last whole record, so what it held stays readable, and the records of
    ///   the failed write are not appended.
    /// - Returns: how many written records wait to be folded, or nil, appending nothing, when the log
    ///   was closed (``closeIfFolded()``).
    func append(_ record: JournalLogRecord, durable: Bool = true) throws -> Int? {
        let frame = record.framed
        return try state.withLock { state in
            if let broken = state.broken { throw JournalError(.storage, broken) }
            guard !state.closed else { return nil }
            guard durable else {
                state.unwritten.append(record)
                state.unwrittenBytes += frame
                return state.pending.count
            }
            if state.unwrittenBytes.isEmpty {
                try writeAll(frame, state: &state)
            } else {
                try writeAll(state.unwrittenBytes + frame, state: &state)
            }
            state.pending += state.unwritten
            state.pending.append(record)
            state.unwritten = []
            state.unwrittenBytes = []
            return state.pending.count
        }
    }

    /// Writes the deferred records (one `write(2)`), so they survive the process.
    func writeDeferred() throws {
        try state.withLock { state in
            if let broken = state.broken { throw JournalError(.storage, broken) }
            try writeUnwritten(&state)
        }
    }

    private func writeUnwritten(_ state: inout State) throws {
        guard !state.unwrittenBytes.isEmpty, !state.closed else { return }
        try writeAll(state.unwrittenBytes, state: &state)
        state.pending += state.unwritten
        state.unwritten = []
        state.unwrittenBytes = []
    }

    /// Writes `bytes` at the end of the log, whole or not at all; advances ``State/end``.
    private func writeAll(_ bytes: [UInt8], state: inout State) throws {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress.map { $0 + written }, bytes.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                let reason = Self.errorText()
                if written > 0, ftruncate(descriptor, off_t(state.end)) != 0 {
                    state.broken =
                        "the journal's log \(url.path) could not be written (\(reason)) nor cut back; "
                        + "free disk space, then resume the run"
                }
                throw JournalError(.storage, "could not write the journal's log \(url.path): \(reason); check free disk space")
            }
            written += result
        }
        state.end += bytes.count
    }

    /// Closes and deletes the log when SQLite holds all it ever held; true when it did.
    func closeIfFolded() -> Bool {
        state.withLock { state in
            guard !state.closed, state.broken == nil, state.folded == state.end, state.unwritten.isEmpty else {
                return false
            }
            state.closed = true
            unlink(url.path)
            return true
        }
    }

    /// Whether SQLite holds every record appended so far.
    var isFullyFolded: Bool { state.withLock { $0.folded == $0.end && $0.unwritten.isEmpty } }

    /// Hands the records not yet folded to `fold` with the log offset just past them, in order,
    /// under the log's lock so no later record's fold can be queued before them.
    /// Deferred records are written first (a fold commits only what the log holds).
    func takePending(_ fold: ([JournalLogRecord], Int) -> Void) throws {
        try state.withLock { state in
            try writeUnwritten(&state)
            guard !state.pending.isEmpty else { return }
            fold(state.pending, state.end)
            state.pending = []
        }
    }

    /// Notes that SQLite committed every record up to `end` (a fold's transaction succeeded).
    func markFolded(upTo end: Int) {
        state.withLock { $0.folded = max($0.folded, end) }
    }

    /// Folds the logs beside `journal` whose writers are gone: for each, `fold` gets its name and
    /// bytes and must commit what it folds (and the offset reached) before returning; the log is
    /// then deleted. A log whose writer lives (its lock is held) is left alone.
    static func recover(beside journal: URL, _ fold: (String, [UInt8]) throws -> Void) throws {
        let folder = journal.deletingLastPathComponent()
        let prefix = prefix(of: journal)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names.sorted() where name.hasPrefix(prefix) {
            let path = folder.appendingPathComponent(name).path
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { continue }
            defer { close(descriptor) }
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0, isStillNamed(descriptor, path: path) else { continue }
            guard let bytes = readAll(descriptor) else {
                throw JournalError(.storage, "cannot read the journal's log \(path): \(errorText())")
            }
            try fold(name, bytes)
            unlink(path)
        }
    }

    /// Whether `descriptor` is still the file at `path` (another recoverer may have folded and
    /// deleted it between our open and our lock).
    private static func isStillNamed(_ descriptor: Int32, path: String) -> Bool {
        var opened = stat()
        var named = stat()
        guard fstat(descriptor, &opened) == 0, stat(path, &named) == 0 else { return false }
        return opened.st_ino == named.st_ino && opened.st_dev == named.st_dev && opened.st_nlink > 0
    }

    private static func readAll(_ descriptor: Int32) -> [UInt8]? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
        }
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}
