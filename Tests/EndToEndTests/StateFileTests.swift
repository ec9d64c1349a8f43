import Foundation
import Testing

/// `--world W --state S`: a state is resumed only with the world it was seeded from; other files
/// given as `--state` (text, another program's SQLite database, a folder) are refused untouched.
@Suite(
    "State files and their worlds",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct StateFileTests {
    /// A folder with two different worlds, a copy of the first under another name, and a script.
    private func fixture() async throws -> URL {
        let folder = try temporaryFolder("keyshare-state-world")
        for (name, accounts) in [("one.yaml", "2"), ("two.yaml", "3")] {
            let made = try await keyshare([
                "sim", "init", "--accounts", accounts, "--output", folder.appendingPathComponent(name).path,
            ])
            try #require(made.status == 0, "\(made.errors)")
        }
        try FileManager.default.copyItem(
            at: folder.appendingPathComponent("one.yaml"),
            to: folder.appendingPathComponent("one-moved.yaml"))
        try "print(#kms.list_keys{}.keys)\n".write(
            to: folder.appendingPathComponent("count.lua"), atomically: true, encoding: .utf8)
        return folder
    }

    private func run(_ folder: URL, world: String?, state: String = "state.sqlite", extra: [String] = []) async throws
        -> KeyshareOutcome
    {
        var words = [
            "run", folder.appendingPathComponent("count.lua").path, "--state", folder.appendingPathComponent(state).path,
        ]
        if let world { words += ["--world", folder.appendingPathComponent(world).path] }
        return try await keyshare(words + extra)
    }

    /// One step: the world (nil: none), extra flags, and the exit status and stderr fragments expected.
    struct Step: Sendable {
        var world: String?
        var extra: [String] = []
        var status: Int32
        var mentions: [String] = []
    }

    /// A sequence of runs on one state file.
    struct Sequence: CustomTestStringConvertible, Sendable {
        var name: String
        var steps: [Step]
        var testDescription: String { name }
    }

    static let sequences: [Sequence] = [
        Sequence(
            name: "the same world twice resumes", steps: [Step(world: "one.yaml", status: 0), Step(world: "one.yaml", status: 0)]),
        Sequence(
            name: "the same world content under another path resumes",
            steps: [Step(world: "one.yaml", status: 0), Step(world: "one-moved.yaml", status: 0)]),
        Sequence(
            name: "another world is refused naming both, and --fresh-state is offered",
            steps: [
                Step(world: "one.yaml", status: 0),
                Step(world: "two.yaml", status: 2, mentions: ["state.sqlite", "one.yaml", "two.yaml", "--fresh-state"]),
            ]),
        Sequence(
            name: "a state of the starter world is refused with a world file",
            steps: [
                Step(world: nil, status: 0),
                Step(world: "one.yaml", status: 2, mentions: ["starter world", "one.yaml", "--fresh-state"]),
            ]),
        Sequence(
            name: "a state of a world file resumes without --world",
            steps: [Step(world: "one.yaml", status: 0), Step(world: nil, status: 0)]),
        Sequence(
            name: "--fresh-state seeds the state again from the new world, which then resumes",
            steps: [
                Step(world: "one.yaml", status: 0), Step(world: "two.yaml", extra: ["--fresh-state"], status: 0),
                Step(world: "two.yaml", status: 0),
                Step(world: "one.yaml", status: 2, mentions: ["two.yaml"]),
            ]),
        Sequence(
            name: "--fresh-state without --world goes back to the starter world",
            steps: [
                Step(world: "one.yaml", status: 0), Step(world: nil, extra: ["--fresh-state"], status: 0),
                Step(world: "one.yaml", status: 2, mentions: ["starter world"]),
            ]),
    ]

    @Test("a state is resumed only with the world it was seeded from", arguments: sequences)
    func worldsMustMatch(_ sequence: Sequence) async throws {
        let folder = try await fixture()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (index, step) in sequence.steps.enumerated() {
            let outcome = try await run(folder, world: step.world, extra: step.extra)
            #expect(outcome.status == step.status, "step \(index + 1): \(outcome.errors)")
            for fragment in step.mentions {
                #expect(outcome.errors.contains(fragment), "step \(index + 1) should name \(fragment): \(outcome.errors)")
            }
        }
    }

    @Test("--fresh-state really discards what the state held")
    func freshDiscards() async throws {
        let folder = try await fixture()
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("create.lua")
        try "kms.create_key{}\nprint(#kms.list_keys{}.keys)\n".write(to: script, atomically: true, encoding: .utf8)
        let state = folder.appendingPathComponent("state.sqlite").path
        let world = folder.appendingPathComponent("one.yaml").path
        let first = try await keyshare(["run", script.path, "--world", world, "--state", state])
        let second = try await keyshare(["run", script.path, "--world", world, "--state", state])
        let fresh = try await keyshare(["run", script.path, "--world", world, "--state", state, "--fresh-state"])
        #expect([first.status, second.status, fresh.status] == [0, 0, 0], "\(first.errors)\(second.errors)\(fresh.errors)")
        let counts = [first, second, fresh].compactMap { Int($0.output.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(counts.count == 3 && counts[1] == counts[0] + 1 && counts[2] == counts[0], "\(counts)")
    }

    /// A file that is not a keyshare state, made in `folder`.
    struct Foreign: CustomTestStringConvertible, Sendable {
        var name: String
        var mentions: String
        var make: @Sendable (URL) throws -> Void
        var testDescription: String { name }
    }

    static let foreign: [Foreign] = [
        Foreign(name: "a text file", mentions: "not an SQLite database") { url in
            try "my notes: do not lose\n".write(to: url, atomically: true, encoding: .utf8)
        },
        Foreign(name: "a binary file", mentions: "not an SQLite database") { url in
            try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(to: url)
        },
        Foreign(name: "another program's SQLite database", mentions: "not a keyshare state (it holds the tables notes)") { url in
            try sqlite(url, "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me');")
        },
        Foreign(name: "an SQLite database with a meta table of its own", mentions: "not a keyshare state") { url in
            try sqlite(
                url,
                "CREATE TABLE meta (key TEXT, value TEXT); CREATE TABLE account (name TEXT); INSERT INTO meta VALUES ('a', 'b');")
        },
    ]

    @Test("a file that is not a keyshare state is refused and left byte for byte as it was", arguments: foreign)
    func foreignFilesUntouched(_ file: Foreign) async throws {
        let folder = try await fixture()
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("theirs.db")
        try file.make(state)
        let before = try Data(contentsOf: state)
        for extra in [[], ["--fresh-state"], ["--world", folder.appendingPathComponent("one.yaml").path]] {
            let outcome = try await run(folder, world: nil, state: "theirs.db", extra: extra)
            #expect(outcome.status == 2, "\(extra): \(outcome.errors)")
            #expect(outcome.errors.contains(file.mentions) && outcome.errors.contains("theirs.db"), "\(outcome.errors)")
            #expect(try Data(contentsOf: state) == before, "\(extra)")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("theirs.db") }
        #expect(left == ["theirs.db"], "\(left)")
    }

    @Test("a folder, or a file in a missing folder, is refused as --state naming it")
    func unusablePaths() async throws {
        let folder = try await fixture()
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("count.lua").path
        let asFolder = try await keyshare(["run", script, "--state", folder.path])
        #expect(asFolder.status == 2 && asFolder.errors.contains("is a folder"), "\(asFolder.errors)")
        let missing = folder.appendingPathComponent("no/such/state.sqlite").path
        let inMissing = try await keyshare(["run", script, "--state", missing])
        #expect(inMissing.status == 2 && inMissing.errors.contains("does not exist"), "\(inMissing.errors)")
        let fresh = try await keyshare(["run", script, "--fresh-state"])
        #expect(fresh.status == 2 && fresh.errors.contains("--fresh-state"), "\(fresh.errors)")
    }
}

/// Runs `sql` on a new SQLite database at `url`: with the sqlite3 shell, else Python's sqlite3
/// module (python3 is needed by the SDK tests anyway).
private func sqlite(_ url: URL, _ sql: String) throws {
    let attempts = [
        ["sqlite3", url.path, sql],
        [
            "python3", "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()",
            url.path, sql,
        ],
    ]
    for words in attempts {
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = words
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { continue }
        process.waitUntilExit()
        if process.terminationStatus == 0 { return }
        try? FileManager.default.removeItem(at: url)
    }
    throw CocoaError(
        .fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "neither sqlite3 nor python3 could make \(url.path)"])
}
