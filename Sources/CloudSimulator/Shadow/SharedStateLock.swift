import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A reader's hold on a state file: a shared `flock` on its `<state>.lock` sidecar, which a
/// `StateLock` holder (a run or a server, exclusive) excludes. Unlike `StateLock` it never creates
/// the lock file nor writes its pid into it, so a plan leaves every sidecar byte-identical.
enum SharedStateLock {
    /// Runs `body` while holding the shared lock of `stateFile`, waiting up to `wait` seconds for
    /// an exclusive holder; without a lock file nobody holds the state, and `body` runs at once.
    ///
    /// - Throws: `WorldError` worded like `StateLock`'s when the state stays held past `wait`.
    static func whileHeld<T>(for stateFile: URL, waiting wait: Double, _ body: () throws -> T) async throws -> T {
        let lockFile = StateLock.lockFile(for: stateFile)
        let descriptor = open(lockFile.path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard descriptor >= 0 else {
            let problem = errno
            guard problem == ENOENT else {
                let reason = problem == ELOOP ? "it is a symbolic link" : String(cString: strerror(problem))
                throw WorldError(
                    "Cannot open the lock file \(lockFile.path) of the state file \(stateFile.path): "
                        + "\(reason). Remove anything else at that path (keyshare creates it).")
            }
            return try body()
        }
        defer { close(descriptor) }
        let deadline = Date().addingTimeInterval(max(0, wait.isFinite ? wait : 0))
        while flock(descriptor, LOCK_SH | LOCK_NB) != 0 {
            let problem = errno
            guard problem == EWOULDBLOCK || problem == EINTR else {
                throw WorldError(
                    "Cannot lock the state file \(stateFile.path) (\(lockFile.path)): "
                        + "\(String(cString: strerror(problem))).")
            }
            guard Date() < deadline else {
                throw WorldError(
                    "The state file \(stateFile.path) is in use by another keyshare process"
                        + "\(holder(descriptor)). One process owns a state file at a time: wait for it to finish (or stop it), "
                        + "pass --wait-state SECONDS to wait for it, or use another --state file.")
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        defer { _ = flock(descriptor, LOCK_UN) }
        return try body()
    }

    /// " (pid N)" from the lock file's content, or "" when it holds no pid.
    private static func holder(_ descriptor: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return "" }
        let text = String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let pid = Int32(text), pid > 0 else { return "" }
        return " (pid \(pid))"
    }
}
