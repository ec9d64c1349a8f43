import CloudSimulator
import Foundation
import KeyshareTesting
import Testing

/// The state file at the library level: a state resumes only with its own world when asked to,
/// foreign files are refused untouched, and the process lock excludes a second owner.
@Suite("State store and lock")
struct StateStoreTests {
    private func simulator(_ world: World, _ file: URL, source: String, existing: ExistingState) throws -> SimulatedCloud {
        try SimulatedCloud(
            world: world, environment: DeterministicEnvironment.make(), stateFile: file,
            stamp: WorldStamp(world: world, source: source), existing: existing)
    }

    @Test("the world stamp follows content, not the path it came from")
    func stampFollowsContent() {
        let small = World.starter(accounts: 2)
        #expect(
            WorldStamp(world: small, source: "a").fingerprint
                == WorldStamp(world: World.starter(accounts: 2), source: "b").fingerprint)
        #expect(
            WorldStamp(world: small, source: "a").fingerprint
                != WorldStamp(world: World.starter(accounts: 3), source: "a").fingerprint)
    }

    @Test("requireSameWorld resumes the same world, refuses another naming both, and reseed starts over")
    func worldPolicies() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("state.sqlite")
        let one = World.starter(accounts: 2)
        let two = World.starter(accounts: 3)
        _ = try simulator(one, file, source: "world one", existing: .requireSameWorld)
        _ = try simulator(one, file, source: "world one again", existing: .requireSameWorld)
        #expect(throws: WorldError.self) { _ = try simulator(two, file, source: "world two", existing: .requireSameWorld) }
        do {
            _ = try simulator(two, file, source: "world two", existing: .requireSameWorld)
        } catch let error as WorldError {
            #expect(
                error.message.contains("world one") && error.message.contains("world two") && error.message.contains(file.path))
        }
        _ = try simulator(two, file, source: "world two", existing: .resume)
        let reseeded = try simulator(two, file, source: "world two", existing: .reseed)
        #expect(await reseeded.defaultAccount() != nil)
        _ = try simulator(two, file, source: "world two", existing: .requireSameWorld)
        #expect(throws: WorldError.self) { _ = try simulator(one, file, source: "world one", existing: .requireSameWorld) }
    }

    @Test(
        "files that are not keyshare states are refused and unchanged, whatever the policy",
        arguments: [ExistingState.resume, .requireSameWorld, .reseed])
    func foreignFiles(_ existing: ExistingState) throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = folder.appendingPathComponent("notes.txt")
        try "precious notes\n".write(to: text, atomically: true, encoding: .utf8)
        let binary = folder.appendingPathComponent("blob.bin")
        try Data((0..<200).map { UInt8($0) }).write(to: binary)
        let almost = folder.appendingPathComponent("almost.db")
        try Data("SQLite format 2\u{0}".utf8 + [UInt8](repeating: 0, count: 100)).write(to: almost)
        let stamped = folder.appendingPathComponent("stamped.db")
        try sqliteFile(stamped, applicationID: 0x1234_5678)
        for url in [text, binary, almost, stamped] {
            let before = try Data(contentsOf: url)
            #expect(throws: WorldError.self) { _ = try simulator(.starter(accounts: 1), url, source: "w", existing: existing) }
            #expect(try Data(contentsOf: url) == before, "\(url.lastPathComponent)")
        }
        #expect(throws: WorldError.self) { _ = try simulator(.starter(accounts: 1), folder, source: "w", existing: existing) }
    }

    @Test("a second lock on one state file is refused (even in one process) and free again once the first is dropped")
    func lock() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("state.sqlite")
        var first: StateLock? = try await StateLock.acquire(for: file)
        do {
            _ = try await StateLock.acquire(for: file, waiting: 0.2)
            Issue.record("a second lock must be refused")
        } catch let error as WorldError {
            #expect(
                error.message.contains(file.path) && error.message.contains("pid \(ProcessInfo.processInfo.processIdentifier)"))
        }
        #expect(first != nil)
        first = nil
        // Waiting a little: a process another suite spawns at this moment holds a copy of the
        // descriptor until its exec, and with it the lock.
        let second = try await StateLock.acquire(for: file, waiting: 10)
        #expect(second.lockFile.lastPathComponent == "state.sqlite.lock")
    }

    @Test("a lock file removed by its holder is not a lock: a waiter then needs the file now at the path")
    func removedLockFile() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("state.sqlite")
        var holder: StateLock? = try await StateLock.acquire(for: file)
        let waiter = Task { () throws -> (StateLock, Date) in
            // Generous: it polls with Task.sleep, and other suites can hold the cooperative threads.
            let lock = try await StateLock.acquire(for: file, waiting: 60)
            return (lock, Date())
        }
        try await Task.sleep(for: .milliseconds(200))
        // The holder gives the file up (as a run that could not start does), and a newcomer takes the new one.
        try FileManager.default.removeItem(at: try #require(holder?.lockFile))
        var newcomer: StateLock? = try await StateLock.acquire(for: file)
        holder = nil
        try await Task.sleep(for: .milliseconds(400))
        let released = Date()
        #expect(newcomer != nil && holder == nil)
        newcomer = nil
        let (_, acquired) = try await waiter.value
        #expect(acquired >= released, "the waiter locked the removed file while the newcomer held the real one")
    }
}

/// A valid, table-less SQLite database whose header carries `applicationID` (offset 68), as
/// another program's fresh database would: a 100-byte header plus one empty page.
private func sqliteFile(_ url: URL, applicationID: UInt32) throws {
    var page = [UInt8](repeating: 0, count: 4096)
    page.replaceSubrange(0..<16, with: Array("SQLite format 3\u{0}".utf8))
    page[16] = 0x10
    page[17] = 0x00 // page size 4096
    page[18] = 1
    page[19] = 1 // legacy file format versions
    page[21] = 64
    page[22] = 32
    page[23] = 32 // payload fractions
    page[31] = 1 // database size: 1 page
    page[47] = 4 // schema format 4
    page[59] = 1 // text encoding UTF-8
    for (index, byte) in withUnsafeBytes(of: applicationID.bigEndian, Array.init).enumerated() { page[68 + index] = byte }
    page[100] = 0x0D // page 1: an empty table b-tree leaf
    page[105] = 0x10
    page[106] = 0x00 // cell content starts at 4096
    try Data(page).write(to: url)
}
