/// A problem found while loading a plugin or playbook, located as `plugins/<name>/init.lua:<line>`.
/// Collected rather than thrown, so one bad plugin does not hide the others.
package struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// `file:line` (or just the file when the line is unknown).
    package var location: String
    /// What is wrong and the fix.
    package var message: String

    /// Creates a diagnostic.
    package init(location: String, message: String) {
        self.location = location
        self.message = message
    }

    package var description: String { "\(location): \(message)" }
}

/// Several diagnostics that stop a run before anything was called.
package struct DiagnosticsError: Error, Sendable, CustomStringConvertible {
    /// The problems, in the order found.
    package var diagnostics: [Diagnostic]
    package var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
