import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One process's exclusive ownership of a state file, for as long as the value lives.
///
/// Each process holds its own in-memory copy of the simulated cloud, so two processes on one
/// state file would overwrite each other's changes. The lock is an `flock` on the sidecar
/// `<state>.lock` (never on the SQLite file, whose POSIX locks SQLite manages and a stray `close`
/// would drop); the kernel releases it when the holder exits, even after `kill -9`.
package final class StateLock: Sendable {
    /// The sidecar file that carries the lock and the holder's pid.
    package let lockFile: URL
    private let descriptor: Int32

    private init(lockFile: URL, descriptor: Int32) {
        self.lockFile = lockFile
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// The sidecar lock file of `stateFile`.
    package static func lockFile(for stateFile: URL) -> URL {
        stateFile.deletingLastPathComponent().appendingPathComponent(stateFile.lastPathComponent + ".lock")
    }

    /// Takes the lock of `stateFile`, waiting up to `wait` seconds for another process to let go.
    ///
    /// - Throws: `WorldError` naming the state file, the holder's pid and the way out when it is
    ///   still held after `wait`, or when the lock file cannot be created.
    package static func acquire(for stateFile: URL, waiting wait: Double = 0) async throws -> StateLock {
        let lockFile = lockFile(for: stateFile)
        let deadline = Date().addingTimeInterval(max(0, wait.isFinite ? wait : 0))
        while true {
            let descriptor = try await lockOnce(lockFile, stateFile: stateFile, deadline: deadline)
            // The holder may have removed the lock file (a state it created and gave up): a lock on
            // the removed file guards nothing, so lock the file now at that path instead.
            var held = stat()
            var current = stat()
            if fstat(descriptor, &held) == 0, stat(lockFile.path, &current) == 0,
                held.st_dev == current.st_dev, held.st_ino == current.st_ino
            {
                let pid = Data("\(getpid())\n".utf8)
                _ = ftruncate(descriptor, 0)
                _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
                return StateLock(lockFile: lockFile, descriptor: descriptor)
            }
            close(descriptor)
        }
    }

    /// Opens `lockFile` and takes its `flock`, waiting until `deadline`; returns the descriptor.
    private static func lockOnce(_ lockFile: URL, stateFile: URL, deadline: Date) async throws -> Int32 {
        // No symlink is followed and nothing blocks: the lock file is truncated to hold our pid, so a
        // link to another file would destroy it, and a FIFO would hang the open.
        let descriptor = open(lockFile.path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0o644)
        guard descriptor >= 0 else {
            let problem = errno
            let reason = problem == ELOOP ? "it is a symbolic link" : String(cString: strerror(problem))
            throw WorldError(
                "Cannot create the lock file \(lockFile.path) of the state file \(stateFile.path): "
                    + "\(reason). Check that its folder exists and is writable, and remove anything else at that path.")
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw WorldError(
                "The lock file \(lockFile.path) of the state file \(stateFile.path) is not a regular file "
                    + "(a FIFO, device or socket); remove it (keyshare creates it) or use another --state file.")
        }
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let problem = errno
            guard problem == EWOULDBLOCK || problem == EINTR else {
                close(descriptor)
                throw WorldError(
                    "Cannot lock the state file \(stateFile.path) (\(lockFile.path)): "
                        + "\(String(cString: strerror(problem))).")
            }
            guard Date() < deadline else {
                let holder = holderDescription(descriptor)
                close(descriptor)
                throw WorldError(
                    "The state file \(stateFile.path) is in use by another keyshare process\(holder). "
                        + "One process owns a state file at a time: wait for it to finish (or stop it), pass "
                        + "--wait-state SECONDS to wait for it, or use another --state file.")
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return descriptor
    }

    /// " (pid N)" from the lock file's content, or "" when it holds no pid.
    private static func holderDescription(_ descriptor: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return "" }
        let text = String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let pid = Int32(text), pid > 0 else { return "" }
        return " (pid \(pid))"
    }
}
