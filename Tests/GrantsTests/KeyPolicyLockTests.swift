import CloudAPI
import CloudModel
import Foundation
import Grants
import Synchronization
import Testing

/// One key policy shared by two writers (two processes), slow enough that unlocked batches overlap.
private actor SharedPolicy: KeyPolicyStore {
    var text =
        #"{"Version":"1","Statement":[{"Sid":"kms default key policy","Effect":"Allow","Principal":{"RAM":["acs:ram::1000000000000001:*"]},"Action":["kms:*"],"Resource":["*"]}]}"#
    private(set) var writes = 0
    func read() async throws -> String {
        try await Task.sleep(for: .milliseconds(2))
        return text
    }
    func write(_ new: String) async throws {
        try await Task.sleep(for: .milliseconds(2))
        writes += 1
        text = new
    }
    func quotaLeft() async throws -> Int? { nil }
}

/// A lock in memory that records overlapping holds (which must never happen).
private final class RecordingLock: KeyPolicyLock {
    private let state = Mutex((held: false, overlaps: 0, holds: 0))

    func lock(_ arn: String) async throws {
        while true {
            let acquired = state.withLock { value -> Bool in
                if value.held { return false }
                value.held = true
                value.holds += 1
                return true
            }
            if acquired { return }
            try await Task.sleep(for: .milliseconds(1))
        }
    }

    func unlock(_ arn: String) async {
        state.withLock { $0.held = false }
    }

    var holds: Int { state.withLock { $0.holds } }
}

private let key = SharedKey(
    metadata: KeyMetadata(
        keyID: "key-hzz0000000000000000001", arn: "acs:kms:cn-hangzhou:1000000000000001:key/key-hzz0000000000000000001",
        keyState: "Enabled", keySpec: "Aliyun_AES_256", keyUsage: "ENCRYPT/DECRYPT", origin: "Aliyun_KMS",
        protectionLevel: "SOFTWARE", dkmsInstanceID: nil, creator: "1000000000000001", creationDate: "",
        description: ""),
    owner: AccountID("1000000000000001")!, region: .hangzhou)

private func role(_ process: Int, _ index: Int) -> String {
    String(format: "acs:ram::%d%015d:role/AliyunECSDiskEncryptDefaultRole", process + 2, index)
}

@Suite("Key policy lock")
struct KeyPolicyLockTests {
    @Test(
        "two writers of one key sharing a lock never lose each other's principals and never need a merge",
        arguments: [1, 5, 20])
    func sharedLockSerialisesWriters(grantsPerWriter: Int) async throws {
        let store = SharedPolicy()
        let lock = RecordingLock()
        let writers = [KeyPolicyWriter(key: key, store: store, lock: lock), KeyPolicyWriter(key: key, store: store, lock: lock)]
        let notes = try await withThrowingTaskGroup(of: [String].self) { group in
            for (process, writer) in writers.enumerated() {
                for index in 0..<grantsPerWriter {
                    group.addTask { try await writer.grant([role(process, index)]).notes }
                }
            }
            var all: [String] = []
            for try await batch in group { all += batch }
            return all
        }
        let document = try KeyPolicyDocument(text: await store.text)
        let expected = Set((0..<2).flatMap { process in (0..<grantsPerWriter).map { role(process, $0) } })
        #expect(Set(document.sharedPrincipals) == expected)
        // Serialised read-modify-writes never undo each other, so no writer had to merge again.
        #expect(notes.isEmpty, "\(notes)")
        #expect(lock.holds >= 2)
    }

    @Test("a lock that cannot be taken fails the waiting grants with its error and writes nothing")
    func lockFailureFailsGrants() async throws {
        struct Unavailable: Error {}
        struct BrokenLock: KeyPolicyLock {
            func lock(_ arn: String) async throws { throw Unavailable() }
            func unlock(_ arn: String) async {}
        }
        let store = SharedPolicy()
        let writer = KeyPolicyWriter(key: key, store: store, lock: BrokenLock())
        await #expect(throws: Unavailable.self) { try await writer.grant([role(0, 1)]) }
        #expect(await store.writes == 0)
    }
}
