import Foundation

/// Where a journal lives when the user does not name one with `--journal FILE`.
///
/// - `keyshare run`/`resume` on the simulator with `--state S`: beside the state, `S.journal.sqlite`
///   (`state.sqlite` → `state.sqlite.journal.sqlite`), so a simulated cloud and the record of what
///   was done to it travel together and a fresh state file gets a fresh neighbour.
/// - Otherwise `.keyshare/journal.sqlite` in the playbook's folder: the runs of a playbook stay with it,
///   whichever directory it was started from.
/// - `keyshare runs list/show` (no playbook): `--journal`, else `--state`'s neighbour, else
///   `./.keyshare/journal.sqlite` in the working directory.
package enum JournalLocation {
    /// The folder beside a playbook (and in the working directory) that holds its journal.
    package static let folderName = ".keyshare"
    /// The journal's file name in that folder.
    package static let fileName = "journal.sqlite"
    /// What is appended to a state file's name for its journal.
    package static let stateSuffix = ".journal.sqlite"

    /// The journal of a run of `playbook`: `journal`, else beside `state`, else beside the playbook.
    /// Relative paths are taken from `workingDirectory`.
    package static func forRun(
        journal: String?, state: String?, playbook: URL,
        workingDirectory: URL = currentDirectory
    ) -> URL {
        if let journal { return resolve(journal, in: workingDirectory) }
        if let state { return beside(state: resolve(state, in: workingDirectory)) }
        let folder = resolve(playbook.path, in: workingDirectory).deletingLastPathComponent()
        return folder.appendingPathComponent(folderName).appendingPathComponent(fileName).standardizedFileURL
    }

    /// The journal `runs list/show` read: `journal`, else beside `state`, else `.keyshare/journal.sqlite`
    /// in `workingDirectory`.
    package static func forQueries(journal: String?, state: String?, workingDirectory: URL = currentDirectory) -> URL {
        if let journal { return resolve(journal, in: workingDirectory) }
        if let state { return beside(state: resolve(state, in: workingDirectory)) }
        return workingDirectory.appendingPathComponent(folderName).appendingPathComponent(fileName).standardizedFileURL
    }

    /// The journal kept beside the simulator state file `state`.
    package static func beside(state: URL) -> URL {
        state.deletingLastPathComponent().appendingPathComponent(state.lastPathComponent + stateSuffix)
    }

    /// The process's working directory.
    package static var currentDirectory: URL {
        URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
    }

    private static func resolve(_ path: String, in folder: URL) -> URL {
        (path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: path, relativeTo: folder))
            .standardizedFileURL
    }
}
