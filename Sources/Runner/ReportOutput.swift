import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where one reporter's text goes: standard output, or a file opened when the rollout starts.
///
/// A failed write (a full disk, `/dev/full`, a closed pipe) must neither crash the run —
/// `FileHandle.write(_:)` traps on error — nor lose the report silently: the first failure is
/// kept, the reporter writes nothing more, and the run ends non-zero after every target ran.
final class ReportOutput {
    /// The reporter plugin's name.
    let reporter: String
    /// The file, or nil for standard output.
    let path: String?
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    /// The first write failure, naming the reporter and the file; nil while every write worked.
    private(set) var failure: String?

    private init(reporter: String, path: String?, descriptor: Int32, ownsDescriptor: Bool) {
        self.reporter = reporter
        self.path = path
        self.descriptor = descriptor
        self.ownsDescriptor = ownsDescriptor
    }

    deinit { if ownsDescriptor { close(descriptor) } }

    /// Opens `url` for writing (created or truncated in place: never replaced by a rename, which
    /// would swap a device such as `/dev/full` for a plain file), or standard output.
    ///
    /// - Throws: `RunError` naming the reporter, the file and why.
    static func open(_ url: URL?, reporter: String) throws -> ReportOutput {
        guard let url else {
            return ReportOutput(reporter: reporter, path: nil, descriptor: STDOUT_FILENO, ownsDescriptor: false)
        }
        // O_NONBLOCK: a FIFO nobody reads refuses at once (ENXIO) instead of hanging the run before
        // it starts; blocking writes are restored after the open.
        let descriptor = Glibc.open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NONBLOCK, 0o644)
        guard descriptor >= 0 else {
            let problem = errno
            let reason =
                problem == ENXIO
                ? "it is a FIFO that no process reads; start its reader first"
                : "\(String(cString: strerror(problem))); check the folder exists and is writable"
            throw RunError("--reporter \(reporter)=\(url.path): cannot open the file: \(reason)")
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        return ReportOutput(reporter: reporter, path: url.path, descriptor: descriptor, ownsDescriptor: true)
    }

    /// True when the text goes to a terminal: the console reporter then keeps a live status line.
    var isTerminal: Bool { isatty(descriptor) == 1 }

    /// Whether a terminal may get colour: not when `NO_COLOR` is set to anything but the empty
    /// string (no-color.org) or the terminal is `TERM=dumb`.
    static var colorAllowed: Bool {
        let environment = ProcessInfo.processInfo.environment
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        return environment["TERM"] != "dumb"
    }

    /// Writes `text`; returns the failure message the first time a write fails (later calls
    /// write nothing and return nil).
    func write(_ text: String) -> String? {
        guard failure == nil else { return nil }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                let reason = written < 0 ? String(cString: strerror(errno)) : "nothing was written"
                let failure =
                    "reporter \(reporter) could not write to \(path ?? "standard output"): \(reason); "
                    + "its report is incomplete (the run went on)"
                self.failure = failure
                return failure
            }
            bytes = bytes.dropFirst(written)
        }
        return nil
    }
}
