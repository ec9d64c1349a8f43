import Foundation

/// Input a command cannot start with, found after argument parsing (a file, a state, a plugin):
/// printed as `keyshare: <message>` and exit 2, with nothing run.
struct StartFailure: Error, CustomStringConvertible {
    /// What is wrong, naming the input and the fix.
    let message: String

    /// A failure with `message`.
    init(_ message: String) { self.message = message }

    var description: String { message }
}

/// Writes to standard error without trapping: `FileHandle.write(_:)` raises when the stream is
/// closed or full (`2>/dev/full`), and a diagnostic must never crash the run it describes.
enum StandardError {
    /// Writes `text` as UTF-8, ignoring a failed write (there is nowhere left to report it).
    static func write(_ text: String) {
        try? FileHandle.standardError.write(contentsOf: Data(text.utf8))
    }
}
