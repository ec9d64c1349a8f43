import Foundation
import Rollout
import Testing

/// A folder with a 5-member world and a run of `hang.lua` killed while one target (…003) waits
/// forever in its second step: a journaled run that is unfinished for certain.
struct KilledRunFolder {
    /// The folder (world `w.yaml`, playbook `hang.lua`, state `s.sqlite` and its journal).
    let url: URL
    /// The killed run's id.
    let run: String

    /// The journal beside the state.
    var journal: URL { url.appendingPathComponent("s.sqlite.journal.sqlite") }

    /// Prepare for every member, then an inline step that never ends for …003 (waits move the
    /// simulator's clock, so it spins without blocking the others).
    static let hangingPlaybook = """
        return { owner = "1000000000000001", key = "alias/shared-disk-key", region = "cn-hangzhou",
          inventory = "resource-directory", params = { folder = "" },
          steps = { "ecs-key-sharing.prepare", function(ctx)
            if ctx.target.id == "2000000000000003" then while true do keyshare.sleep(60) end end
            return {}
          end }, concurrency = 5 }
        """

    /// The same playbook without the endless wait.
    static let fixedPlaybook = hangingPlaybook.replacingOccurrences(
        of: "then while true do keyshare.sleep(60) end end", with: "then keyshare.sleep(1) end")

    /// Runs `hang.lua` from `subfolder` (nil: the folder itself) and kills it once the other four
    /// targets are done.
    static func make(_ prefix: String, subfolder: String? = nil) async throws -> KilledRunFolder {
        let url = try temporaryFolder(prefix)
        let start = subfolder.map { url.appendingPathComponent($0) } ?? url
        try FileManager.default.createDirectory(at: start, withIntermediateDirectories: true)
        let up = subfolder == nil ? "" : "../"
        let made = try await keyshare(
            KeyshareInvocation(
                arguments: ["sim", "init", "--accounts", "5", "--output", "w.yaml"],
                directory: url, timeout: 120))
        guard made.status == 0 else { throw FixtureError(message: made.errors) }
        try hangingPlaybook.write(to: url.appendingPathComponent("hang.lua"), atomically: true, encoding: .utf8)
        let arguments = ["run", "\(up)hang.lua", "--world", "\(up)w.yaml", "--state", "\(up)s.sqlite"]
        let killed = try await onOwnThread {
            try killKeyshare(
                arguments, in: start, after: ["1", "2", "4", "5"].map { "changed   200000000000000\($0)" }, milliseconds: 200)
        }
        guard killed.killed, let line = killed.errors.split(separator: "\n").first(where: { $0.hasPrefix("keyshare: run r-") }),
            let id = line.split(separator: " ").dropFirst(2).first?.trimmingCharacters(in: CharacterSet(charactersIn: ","))
        else {
            throw FixtureError(message: "the hanging run was not killed mid-run: \(killed.errors)")
        }
        return KilledRunFolder(url: url, run: id)
    }

    /// Removes the folder.
    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// A fixture that could not be built.
struct FixtureError: Error, CustomStringConvertible {
    /// Why.
    var message: String
    var description: String { message }
}

/// `keyshare resume`: a finished run is left alone and says so; a run that cannot be resumed is
/// refused before anything runs; a killed run completes.
@Suite(
    "keyshare resume",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct ResumeCommandTests {
    /// Each file of `folder` but the journal (which a resume may read and checkpoint) with its bytes.
    static func stateFiles(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where !name.contains(".journal.sqlite") {
            var isFolder: ObjCBool = false
            let path = folder.appendingPathComponent(name).path
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue {
                files[name] = try Data(contentsOf: URL(fileURLWithPath: path))
            }
        }
        return files
    }

    @Test(
        "resuming a finished run runs nothing, records nothing, leaves the state byte-identical and says it already finished",
        arguments: ["last", "id", "prefix", "tail", "by --journal"])
    func finishedRun(_ naming: String) async throws {
        let folder = try temporaryFolder("keyshare-resume-done")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try await keyshare(
            KeyshareInvocation(
                arguments: ["sim", "init", "--accounts", "5", "--output", "w.yaml"],
                directory: folder, timeout: 120))
        try FileManager.default.copyItem(at: ResumeKillTests.sharePlaybook, to: folder.appendingPathComponent("share.lua"))
        let run = try await keyshare(
            KeyshareInvocation(
                arguments: ["run", "share.lua", "--world", "w.yaml", "--state", "s.sqlite", "--param", "folder="],
                directory: folder, timeout: 120))
        try #require(run.status == 0, "\(run.errors)")
        let journal = folder.appendingPathComponent("s.sqlite.journal.sqlite")
        let facts = try await JournalFacts.read(journal)
        let id = facts.run.id.rawValue
        let name =
            switch naming {
            case "id": id
            case "prefix": String(id.prefix(14))
            case "tail": String(id.suffix(6))
            default: "last"
            }
        let location = naming == "by --journal" ? ["--journal", journal.path] : ["--state", "s.sqlite"]
        let before = try Self.stateFiles(folder)
        let outcome = try await keyshare(
            KeyshareInvocation(arguments: ["resume", name] + location, directory: folder, timeout: 120))
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(outcome.output.contains("run \(id) already finished: 5 targets: 5 changed"), "\(outcome.output)")
        #expect(outcome.output.contains("nothing to resume"), "\(outcome.output)")
        #expect(!outcome.output.contains("  changed "), "a finished run's results were printed as new: \(outcome.output)")
        let after = try await JournalFacts.read(journal)
        #expect(after.mutations.count == facts.mutations.count)
        #expect(after.run.status == .succeeded && after.run.resumedAt == facts.run.resumedAt)
        #expect(try Self.stateFiles(folder) == before, "the state changed")
    }

    /// A resume that must not start, and what its error names.
    struct Refusal: CustomStringConvertible, Sendable {
        var name: String
        /// Turns the killed run's folder into the bad case; returns resume's words after `resume`.
        var arrange: @Sendable (KilledRunFolder) throws -> [String]
        /// Fragments the error must hold (`RUN` stands for the run id).
        var fragments: [String]
        /// Where the killed run was started from (nil: its folder).
        var subfolder: String? = nil
        var description: String { name }
    }

    static let refusals: [Refusal] = [
        Refusal(
            name: "an unknown id", arrange: { _ in ["r-20991231T000000Z-000000", "--state", "s.sqlite"] },
            fragments: ["no run \"r-20991231T000000Z-000000\" in ", "keyshare runs list --journal"]),
        Refusal(
            name: "a word that names no run", arrange: { _ in ["zzzz", "--state", "s.sqlite"] },
            fragments: ["keyshare runs list --journal"]),
        Refusal(
            name: "a state with no journal beside it", arrange: { _ in ["last", "--state", "other.sqlite"] },
            fragments: ["no journal at ", "other.sqlite.journal.sqlite", "pass --journal FILE"]),
        Refusal(
            name: "a missing --journal file", arrange: { _ in ["last", "--journal", "gone/j.sqlite"] },
            fragments: ["no journal at ", "gone/j.sqlite"]),
        Refusal(
            name: "a deleted playbook",
            arrange: { folder in
                try FileManager.default.removeItem(at: folder.url.appendingPathComponent("hang.lua"))
                return ["last", "--state", "s.sqlite"]
            }, fragments: ["hang.lua does not exist"]),
        Refusal(
            name: "a playbook that became a folder",
            arrange: { folder in
                let playbook = folder.url.appendingPathComponent("hang.lua")
                try FileManager.default.removeItem(at: playbook)
                try FileManager.default.createDirectory(at: playbook, withIntermediateDirectories: false)
                return ["RUN", "--state", "s.sqlite"]
            }, fragments: ["hang.lua"]),
        Refusal(
            name: "a playbook whose steps changed",
            arrange: { folder in
                try KilledRunFolder.hangingPlaybook.replacingOccurrences(of: "\"ecs-key-sharing.prepare\", ", with: "")
                    .write(to: folder.url.appendingPathComponent("hang.lua"), atomically: true, encoding: .utf8)
                return ["last", "--state", "s.sqlite"]
            }, fragments: ["cannot resume RUN", "ecs-key-sharing.prepare, inline", "start a new run instead"]),
        Refusal(
            name: "a folder it was started from that is gone",
            arrange: { folder in
                try FileManager.default.removeItem(at: folder.url.appendingPathComponent("sub"))
                return ["last", "--state", "s.sqlite"]
            }, fragments: ["run RUN was started in ", "/sub, which is gone"], subfolder: "sub"),
    ]

    @Test("a resume that cannot start exits 2 naming the input and the fix, and runs nothing", arguments: refusals)
    func refused(_ refusal: Refusal) async throws {
        let folder = try await KilledRunFolder.make("keyshare-resume-refused", subfolder: refusal.subfolder)
        defer { folder.remove() }
        let before = try await JournalFacts.read(folder.journal)
        let words = try refusal.arrange(folder).map { $0 == "RUN" ? folder.run : $0 }
        let outcome = try await keyshare(KeyshareInvocation(arguments: ["resume"] + words, directory: folder.url, timeout: 120))
        #expect(outcome.status == 2, "\(refusal): \(outcome.output) \(outcome.errors)")
        for fragment in refusal.fragments.map({ $0.replacingOccurrences(of: "RUN", with: folder.run) }) {
            #expect(outcome.errors.contains(fragment), "\(refusal): missing \(fragment) in \(outcome.errors)")
        }
        #expect(!outcome.errors.contains("SQLITE_"), "\(outcome.errors)")
        let after = try await JournalFacts.read(folder.journal)
        #expect(after.mutations.count == before.mutations.count, "\(refusal): the refused resume changed the cloud")
        #expect(after.run.status == .running && after.statuses == before.statuses, "\(refusal)")
    }

    @Test(
        "a killed run resumes where it stopped once its playbook no longer hangs: finished steps are not run again, nothing is done twice"
    )
    func killedRunCompletes() async throws {
        let folder = try await KilledRunFolder.make("keyshare-resume-fixed")
        defer { folder.remove() }
        let before = try await JournalFacts.read(folder.journal)
        #expect(before.statuses["2000000000000003"] == .running, "\(before.statuses)")
        #expect(before.statuses.values.filter { $0 == .changed }.count == 4, "\(before.statuses)")
        try KilledRunFolder.fixedPlaybook.write(
            to: folder.url.appendingPathComponent("hang.lua"), atomically: true, encoding: .utf8)
        let outcome = try await keyshare(
            KeyshareInvocation(
                arguments: ["resume", folder.run, "--state", "s.sqlite"],
                directory: folder.url, timeout: 120))
        #expect(outcome.status == 0, "\(outcome.output)\(outcome.errors)")
        #expect(outcome.errors.contains("keyshare: resuming \(folder.run)"), "\(outcome.errors)")
        #expect(outcome.output.contains("5 targets: 5 changed, 0 unchanged, 0 failed"), "\(outcome.output)")
        let after = try await JournalFacts.read(folder.journal)
        #expect(after.run.status == .succeeded)
        #expect(after.statuses.values.allSatisfy { $0 == .changed }, "\(after.statuses)")
        // Prepare made 3 changes per member, all before the kill: the resume made none.
        #expect(
            after.mutations == before.mutations,
            "the resume wrote \(after.mutations.count - before.mutations.count) more mutations")
        #expect(Set(after.mutations.map { "\($0.account) \($0.action) \($0.resource)" }).count == 15)
        let again = try await keyshare(
            KeyshareInvocation(
                arguments: ["resume", "last", "--state", "s.sqlite"], directory: folder.url,
                timeout: 120))
        #expect(again.status == 0 && again.output.contains("already finished"), "\(again.output)\(again.errors)")
    }
}
