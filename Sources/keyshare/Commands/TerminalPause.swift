import Foundation
import Glibc
import Rollout
import Runner

/// Asks the person at the terminal whether a paused rollout goes on: the question on standard
/// error, the answer read from standard input when it is a terminal, else from /dev/tty when
/// standard error is one (input piped in). `y` or `yes` continues; anything else, or end of input, stops.
enum TerminalPause {
    /// The answer closure, or nil when no terminal can answer (the run then refuses to start if it pauses).
    static func answer() -> StagingOptions.Answer? {
        let source: String?
        if isatty(STDIN_FILENO) == 1 {
            source = nil
        } else if isatty(STDERR_FILENO) == 1 {
            source = "/dev/tty"
        } else {
            return nil
        }
        return .ask { report in
            StandardError.write("keyshare: paused: \(report.line)\n")
            for failure in report.failures.prefix(10) {
                StandardError.write("  failed \(failure.target.id) \(failure.target.name): \(failure.reason)\n")
            }
            StandardError.write("Continue with the \(report.next.name)? [y/N] ")
            let line = await readLine(from: source)
            let word = (line ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            if word == "y" || word == "yes" { return .proceed }
            return .stop(
                reason: line == nil ? "no answer (end of input)" : "answered '\(String(word.prefix(40)))' at the terminal")
        }
    }

    /// One line from standard input or `path`, read on a thread of its own (a person may take
    /// minutes; the cooperative pool must not wait with them).
    private static func readLine(from path: String?) async -> String? {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                if let path {
                    guard let file = fopen(path, "r") else {
                        continuation.resume(returning: nil)
                        return
                    }
                    defer { fclose(file) }
                    var buffer: UnsafeMutablePointer<CChar>?
                    var capacity = 0
                    defer { free(buffer) }
                    let count = getline(&buffer, &capacity, file)
                    guard count >= 0, let buffer else {
                        continuation.resume(returning: nil)
                        return
                    }
                    continuation.resume(returning: String(cString: buffer).trimmingCharacters(in: .newlines))
                } else {
                    continuation.resume(returning: Swift.readLine())
                }
            }
            thread.start()
        }
    }
}
