import Foundation

/// A journal that cannot be used, or a question it cannot answer: the message names the file (or
/// run) and the fix, and never carries an SQLite dump or a secret.
package struct JournalError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, in categories a caller may act on.
    package enum Kind: Sendable, Hashable {
        /// The path cannot hold a journal (a folder, not SQLite, another program's database, a
        /// newer schema, an unwritable folder): nothing was written to it.
        case unusableFile
        /// No run matches what the user typed.
        case unknownRun
        /// Several runs match a prefix.
        case ambiguousRun
        /// A write named a run or target the journal does not hold.
        case unknownRecord
        /// A lease this process held was taken over while its body still ran.
        case leaseLost
        /// SQLite failed while reading or writing an otherwise valid journal (disk full, I/O error).
        case storage
    }

    /// The category.
    package var kind: Kind
    /// The full message.
    package var message: String

    /// An error of `kind` saying `message`.
    package init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    package var description: String { message }
}
