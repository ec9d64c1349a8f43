import ACSWire
import CloudAPI
import Foundation
import GRDB
import KeyshareTesting
import Testing

@testable import SimulatorServer

/// Replay protection that outlives a restart: the nonce file beside the state.
@Suite("Nonces across restarts")
struct NoncePersistenceTests {
    private static func temporaryFile(_ name: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nonces-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent(name)
    }

    /// Sends `text` on a fresh connection and returns the status line and the answer.
    private static func send(_ text: String, port: Int) async throws -> String {
        try await offPool {
            let connection = try RawConnection(port: port)
            connection.write(text)
            // Returns once answered; generous for a loaded pool.
            return String(decoding: connection.receive(within: 30), as: UTF8.self)
        }
    }

    /// (credentials, signature version) the captured request is signed with.
    static let signers: [(ACSCredentials, ACSRequestBuilder.SignatureVersion)] = [
        (TestKeys.rootKey, .v3), (TestKeys.rootKey, .v1), (TestKeys.stsKey, .v3), (TestKeys.stsKey, .v1),
    ]

    @Test(
        "A request captured before a restart is refused after it with SignatureNonceUsed; a new nonce passes",
        arguments: 0..<signers.count)
    func replayAfterRestart(index: Int) async throws {
        let (credentials, version) = Self.signers[index]
        let file = try Self.temporaryFile("state.sqlite.nonces")
        let signer = Signer(credentials: credentials, version: version)
        // The first server lives only for the first request: its store and process state go with it.
        let captured = try await LiveServer.with(
            options: SimulatorOptions(nonceStore: try SQLiteNonceStore(url: file, now: Date()))
        ) { _, port in
            let text = try signer.request(GetCallerIdentityRequest(), port: port).wireText
            let first = try await Self.send(text, port: port)
            #expect(first.hasPrefix("HTTP/1.1 200"))
            return text
        }
        try await LiveServer.with(
            options: SimulatorOptions(nonceStore: try SQLiteNonceStore(url: file, now: Date()))
        ) { _, port in
            let replay = try await Self.send(captured, port: port)
            #expect(replay.hasPrefix("HTTP/1.1 400"))
            #expect(replay.contains("SignatureNonceUsed"))
            var fresh = signer
            fresh.nonce = ACSRequestBuilder.makeNonce()
            let other = try await Self.send(try fresh.request(GetCallerIdentityRequest(), port: port).wireText, port: port)
            #expect(other.hasPrefix("HTTP/1.1 200"))
        }
    }

    /// Expiry of a remembered nonce relative to the moment the file is opened again → kept?
    static let ages: [(TimeInterval, Bool)] = [(-7200, false), (-901, false), (-1, false), (0, false), (1, true), (899, true)]

    @Test("Opening the file forgets nonces whose window has closed and keeps the others", arguments: 0..<ages.count)
    func pruneOnOpen(index: Int) async throws {
        let (offset, kept) = Self.ages[index]
        let file = try Self.temporaryFile("s.nonces")
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let reopened = start.addingTimeInterval(1000)
        do {
            let store = try SQLiteNonceStore(url: file, now: start)
            try await store.remember(
                RememberedNonce(
                    accessKeyID: "AK", nonce: "n1",
                    expiry: reopened.addingTimeInterval(offset)), now: start)
        }
        let store = try SQLiteNonceStore(url: file, now: reopened)
        #expect(store.remembered.map(\.nonce) == (kept ? ["n1"] : []))
        #expect(try await store.count() == (kept ? 1 : 0))
        let cache = NonceCache(window: 900, capacityPerKey: 10, remembered: store.remembered)
        #expect(await cache.insert("n1", accessKeyID: "AK", signedAt: reopened, now: reopened) == !kept)
    }

    @Test("A running server forgets expired nonces as it writes new ones, so the file stays one window long")
    func pruneWhileRunning() async throws {
        let file = try Self.temporaryFile("s.nonces")
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let store = try SQLiteNonceStore(url: file, now: now)
        for index in 0..<999 {
            try await store.remember(
                RememberedNonce(accessKeyID: "AK", nonce: "old\(index)", expiry: now.addingTimeInterval(-1)),
                now: now)
        }
        #expect(try await store.count() == 999)
        try await store.remember(
            RememberedNonce(accessKeyID: "AK", nonce: "live", expiry: now.addingTimeInterval(900)),
            now: now)
        #expect(try await store.count() == 1)
    }

    @Test("The cache filled from the store refuses those nonces per key, oldest first past the capacity")
    func seededCache() async {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let remembered = (0..<5).map {
            RememberedNonce(accessKeyID: "AK", nonce: "n\($0)", expiry: now.addingTimeInterval(Double(100 + $0)))
        }
        let cache = NonceCache(window: 900, capacityPerKey: 3, remembered: remembered)
        #expect(await cache.count == 3)
        #expect(await !cache.insert("n4", accessKeyID: "AK", signedAt: now, now: now))
        #expect(await cache.insert("n4", accessKeyID: "AK2", signedAt: now, now: now))
        #expect(await cache.insert("n0", accessKeyID: "AK", signedAt: now, now: now))
    }

    /// Files that are not a nonce store: (name, how to make it).
    static let foreignFiles: [(String, @Sendable (URL) throws -> Void)] = [
        ("text", { try Data("not a database\n".utf8).write(to: $0) }),
        (
            "other SQLite database",
            { url in
                try DatabaseQueue(path: url.path).write { try $0.execute(sql: "CREATE TABLE users (name TEXT)") }
            }
        ),
    ]

    @Test("A file that is not a nonce store is refused by name and left as it was", arguments: 0..<foreignFiles.count)
    func foreignFile(index: Int) throws {
        let (what, make) = Self.foreignFiles[index]
        let file = try Self.temporaryFile("s.nonces")
        try make(file)
        let before = try Data(contentsOf: file)
        let error = #expect(throws: NonceStoreError.self, "\(what)") { try SQLiteNonceStore(url: file, now: Date()) }
        #expect(error?.description.contains(file.path) == true)
        #expect(try Data(contentsOf: file) == before)
    }

    @Test("The nonce file sits beside the state file")
    func sidecar() {
        #expect(SQLiteNonceStore.file(for: URL(fileURLWithPath: "/tmp/x/state.sqlite")).path == "/tmp/x/state.sqlite.nonces")
    }
}
