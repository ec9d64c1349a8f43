import ArgumentParser
import Foundation
import Runner

extension Run {
    /// Refuses words after FILE that look like options `run` does not know (`--parm`, `--dry-run`,
    /// `-n`): `run`'s own options were already taken out by the parser, so what is left would
    /// silently go to the script while the run went ahead without the option the user meant.
    /// Words after `--` are the script's, whatever they look like.
    ///
    /// - Throws: `ValidationError` naming the word, the nearest option of `run`, and `--`.
    static func checkScriptWords(
        _ words: [String], file: String, command: String = "run",
        type: any ParsableCommand.Type = Run.self
    ) throws {
        let beforeSeparator = words.prefix { $0 != "--" }
        guard let word = beforeSeparator.first(where: looksLikeOption) else { return }
        let name = String(word.prefix { $0 != "=" })
        let hint = WireName.nearest(to: name, in: knownOptions(of: type)).map { " (did you mean '\($0)'?)" } ?? ""
        throw ValidationError(
            """
            unknown option '\(word)' after \(file)\(hint): `keyshare \(command)` does not take it, and nothing ran. \
            Options of \(command) may come before or after FILE (see `keyshare \(command) --help`); words meant for a plain \
            script go after `--`: keyshare \(command) \(file) -- \(word)
            """)
    }

    /// `-x`, `--x`, `--x=y`; not `-` alone or a negative number, which a script may take.
    static func looksLikeOption(_ word: String) -> Bool {
        guard word.hasPrefix("-"), word.count > 1 else { return false }
        return Double(word) == nil
    }

    /// The long options of `type` (`run`, `plan`), read from its help so the list never goes stale.
    static func knownOptions(of type: any ParsableCommand.Type = Run.self) -> [String] {
        let help = type.helpMessage(columns: 10_000)
        var names = Set<String>()
        var scanner = help[...]
        while let range = scanner.range(of: "--") {
            let rest = scanner[range.upperBound...]
            let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" }
            if let first = name.first, first.isLetter { names.insert("--" + name) }
            scanner = rest
        }
        return names.sorted()
    }

    /// Refuses a `--reporter NAME=FILE` whose FILE cannot be written: a missing folder, a folder as
    /// FILE, an unwritable folder, a symlink that leads nowhere; found before anything runs, not after
    /// the rollout.
    static func checkReporterOutputs(_ choices: [String]) throws {
        for choice in choices {
            let parts = choice.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard let name = parts.first, !name.isEmpty else {
                throw ValidationError("--reporter '\(choice)' names no reporter: use NAME or NAME=FILE (e.g. json=run.jsonl)")
            }
            guard parts.count == 2 else { continue }
            let path = parts[1]
            guard !path.isEmpty else {
                throw ValidationError(
                    "--reporter \(choice): the file is empty; use \(name)=FILE or just \(name) for standard output")
            }
            let url = URL(fileURLWithPath: path)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
                guard !isDirectory.boolValue else {
                    throw ValidationError(
                        "--reporter \(choice): \(path) is a folder; name a file in it, e.g. \(name)=\(path)/report")
                }
                guard FileManager.default.isWritableFile(atPath: url.path) else {
                    throw ValidationError(
                        "--reporter \(choice): \(path) is not writable; check its permissions or choose another file")
                }
                continue
            }
            // Not there through stat but there as an entry: a dangling symlink or a loop.
            if (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) != nil {
                throw ValidationError(
                    "--reporter \(choice): \(path) is a symbolic link that leads nowhere; "
                        + "name its target or another file")
            }
            let folder = url.deletingLastPathComponent()
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ValidationError(
                    "--reporter \(choice): the folder \(folder.path) does not exist; create it or choose another file")
            }
            guard FileManager.default.isWritableFile(atPath: folder.path) else {
                throw ValidationError("--reporter \(choice): the folder \(folder.path) is not writable; choose another file")
            }
        }
    }
}
