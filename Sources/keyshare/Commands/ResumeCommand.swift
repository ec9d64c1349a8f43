import ArgumentParser
import Foundation
import Rollout
import Runner

/// `keyshare resume RUN`: continues a run the journal shows unfinished (killed, or ended with
/// failures) exactly where it stopped: the same command line, in the same folder, the same run id
/// (so the same ClientTokens), skipping every step the journal shows done.
struct Resume: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Continue a run (or an undo) from its journal where it stopped.",
        discussion: """
            RUN is a run id from `keyshare runs list`, a unique prefix of one, or `last`. The run is rebuilt \
            from the journal: the playbook, the options it was started with (in the folder it was started \
            from) and its targets; steps the journal shows succeeded are not run again, a step that was \
            running when the process died runs again with the same ClientTokens, so nothing is created \
            twice, and verification disks it left are found and deleted. Targets a stopped run cancelled \
            (a failed canary, the failure tolerance exceeded, a refused pause) run now; staging options \
            given here (--yes, --pause, --tolerance, --tolerance-mode, --canary, --batches) replace the \
            run's own. Exit codes as `keyshare run`.
            """)

    @OptionGroup var choice: Runs.JournalChoice

    @Argument(help: "The run to continue (id, unique prefix, or `last`).")
    var run: String

    // Staging given here replaces the run's own (e.g. `--yes` or `--pause never` after a refused pause).
    @OptionGroup var staging: StagingFlags

    func validate() throws {
        _ = try staging.overrides(concurrency: nil)
    }

    func run() async throws {
        let journal = try choice.open()
        let id: RunID
        let record: RunRecord
        do {
            id = try await journal.resolve(run)
            guard let found = try await journal.run(id) else { throw StartFailure("the journal has no run \(run)") }
            record = found
        } catch let error as JournalError {
            throw StartFailure(error.message)
        }
        // Replaying a finished run would only re-print its results as if they were new.
        if record.status == .succeeded {
            print("run \(id) already finished: \(record.summary ?? "every target done"); nothing to resume")
            return
        }
        if record.kind == "undo" {
            try await Undo.resume(record, journal: journal)
            return
        }
        if let secret = record.invocation.first(where: { $0.contains(InvocationRedaction.placeholder) }) {
            throw StartFailure(
                "run \(id) was started with a secret value (\(secret)) that the journal does not keep; "
                    + "run the playbook again with `keyshare run` instead")
        }
        guard FileManager.default.changeCurrentDirectoryPath(record.workingDirectory) else {
            throw StartFailure(
                "run \(id) was started in \(record.workingDirectory), which is gone; "
                    + "restore that folder (its relative paths name the state and world files)")
        }
        var words = record.invocation
        if !words.contains("--journal"), !words.contains(where: { $0.hasPrefix("--journal=") }) {
            words += ["--journal", journal.path.path]
        }
        words = Self.replacingStaging(in: words, with: staging)
        var command: Run
        do {
            command = try Run.parse(words + ["--resume-run", id.rawValue])
        } catch {
            throw StartFailure(
                "run \(id)'s command line no longer parses (\(Run.message(for: error))); "
                    + "start the playbook again with `keyshare run`")
        }
        try await command.run()
    }
}

extension Resume {
    /// `words` (a run's command line) with the staging options `flags` gives replaced by its values;
    /// options it does not give stay as the run had them. Words after `--` are a script's, untouched.
    static func replacingStaging(in words: [String], with flags: StagingFlags) -> [String] {
        let given: [(String, String?)] = [
            ("--canary", flags.canary), ("--batches", flags.batches), ("--pause", flags.pause),
            ("--tolerance", flags.tolerance), ("--tolerance-mode", flags.toleranceMode),
            ("--rate", flags.rate.isEmpty ? nil : flags.rate.joined(separator: ",")),
        ]
        let replaced = Set(given.compactMap { $0.1 == nil ? nil : $0.0 })
        var kept: [String] = []
        var index = 0
        while index < words.count {
            let word = words[index]
            if word == "--" {
                kept += words[index...]
                break
            }
            let name = String(word.prefix { $0 != "=" })
            if replaced.contains(name) {
                index += word.contains("=") ? 1 : 2
                continue
            }
            kept.append(word)
            index += 1
        }
        let separator = kept.firstIndex(of: "--") ?? kept.endIndex
        var added: [String] = []
        for case (let name, let value?) in given { added += ["\(name)=\(value)"] }
        if flags.yes, !kept[..<separator].contains("--yes"), !kept[..<separator].contains("-y") { added.append("--yes") }
        kept.insert(contentsOf: added, at: separator)
        return kept
    }
}
