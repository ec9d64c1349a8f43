import CloudAPI
import CloudModel
import Foundation
import Grants
import Synchronization
import Testing

/// A key policy in memory that records, at each write, how many barriers had completed.
private actor BarrierPolicy: KeyPolicyStore {
    var text =
        #"{"Version":"1","Statement":[{"Sid":"kms default key policy","Effect":"Allow","Principal":{"RAM":["acs:ram::1000000000000001:*"]},"Action":["kms:*"],"Resource":["*"]}]}"#
    private(set) var barriersAtWrites: [Int] = []
    let barriers: Counter
    init(barriers: Counter) { self.barriers = barriers }
    func read() async throws -> String { text }
    func write(_ new: String) async throws {
        barriersAtWrites.append(barriers.value.withLock { $0 })
        text = new
    }
    func quotaLeft() async throws -> Int? { nil }
}

/// Counts completed barriers (shared by the store and the barrier closure).
private final class Counter: Sendable {
    let value = Mutex(0)
}

private let key = SharedKey(
    metadata: KeyMetadata(
        keyID: "key-hzz0000000000000000001", arn: "acs:kms:cn-hangzhou:1000000000000001:key/key-hzz0000000000000000001",
        keyState: "Enabled", keySpec: "Aliyun_AES_256", keyUsage: "ENCRYPT/DECRYPT", origin: "Aliyun_KMS",
        protectionLevel: "SOFTWARE", dkmsInstanceID: nil, creator: "1000000000000001", creationDate: "",
        description: ""),
    owner: AccountID("1000000000000001")!, region: .hangzhou)

private func role(_ index: Int) -> String {
    String(format: "acs:ram::2%015d:role/AliyunECSDiskEncryptDefaultRole", index)
}

/// The writer awaits its barrier (the journal's flush of the batch's queued intents) before every
/// policy write, once per batch, and writes nothing when the barrier fails.
@Suite("Key policy barrier")
struct KeyPolicyBarrierTests {
    @Test(
        "every write comes after a completed barrier, one per batch, whether sole writer or not",
        arguments: [(1, false), (40, false), (1, true), (200, true)])
    func barrierBeforeEveryWrite(grants: Int, sole: Bool) async throws {
        let counter = Counter()
        let store = BarrierPolicy(barriers: counter)
        let writer = KeyPolicyWriter(
            key: key, store: store, soleWriter: sole,
            barrier: {
                await Task.yield()
                counter.value.withLock { $0 += 1 }
            })
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<grants { group.addTask { _ = try await writer.grant([role(index)]) } }
            try await group.waitForAll()
        }
        let seen = await store.barriersAtWrites
        let barriers = counter.value.withLock { $0 }
        #expect(!seen.isEmpty)
        // Write n saw at least n barriers done: each write was preceded by its own.
        for (index, done) in seen.enumerated() { #expect(done >= index + 1, "write \(index) after \(done) barriers") }
        #expect(barriers == seen.count)
        let document = try KeyPolicyDocument(text: await store.text)
        #expect(document.sharedPrincipals.count == grants)
    }

    @Test("a barrier that fails fails the batch's grants with its error, and the policy is not written")
    func failingBarrier() async throws {
        struct JournalDown: Error {}
        let store = BarrierPolicy(barriers: Counter())
        let writer = KeyPolicyWriter(key: key, store: store, barrier: { throw JournalDown() })
        await #expect(throws: JournalDown.self) { try await writer.grant([role(1)]) }
        #expect(await store.barriersAtWrites.isEmpty)
    }
}
